#include "server/hub/frame.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

TEST(FrameBatch, JoinsTheEventsWithNewlinesAndKeepsThemOneByOne) {
  const auto batch = make_batch({make_frame(R"({"a":1})"), make_frame(R"({"b":2})"), make_frame(R"({"c":3})")});
  EXPECT_EQ(batch->joined, "{\"a\":1}\n{\"b\":2}\n{\"c\":3}");
  ASSERT_EQ(batch->events.size(), 3u);
  EXPECT_EQ(*batch->events[1], R"({"b":2})");
}

TEST(FrameBatch, OneEventIsJoinedAsItIs) {
  EXPECT_EQ(make_batch({make_frame("x")})->joined, "x");
  EXPECT_EQ(make_batch({})->joined, "");
}

TEST(FrameBatch, TheJoinedFrameKeepsTheBatchAlive) {
  auto batch = make_batch({make_frame("one"), make_frame("two")});
  const Frame joined = joined_frame(batch);
  std::weak_ptr<const FrameBatch> watch = batch;
  batch.reset();
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(*joined, "one\ntwo");
}

}  // namespace
}  // namespace tether::server
