#include "server/hub/frame.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tether::server {
namespace {

TEST(FrameBatch, JoinsTheEventsWithNewlinesAndKeepsThemOneByOne) {
  const auto batch = make_batch({make_frame(R"({"a":1})"), make_frame(R"({"b":2})"), make_frame(R"({"c":3})")});
  ASSERT_EQ(batch->messages.size(), 1u);
  EXPECT_EQ(batch->messages[0], "{\"a\":1}\n{\"b\":2}\n{\"c\":3}");
  ASSERT_EQ(batch->events.size(), 3u);
  EXPECT_EQ(*batch->events[1], R"({"b":2})");
}

TEST(FrameBatch, OneEventIsAMessageAsItIsAndNoEventsNoMessage) {
  EXPECT_EQ(make_batch({make_frame("x")})->messages, std::vector<std::string>{"x"});
  EXPECT_TRUE(make_batch({})->messages.empty());
}

TEST(FrameBatch, ALongBatchIsCutIntoMessagesOfAtMostTheLimit) {
  // 4-byte events, limit 10: "aaaa\nbbbb" is 9 bytes, adding "\ncccc" would make 14.
  const auto batch = make_batch({make_frame("aaaa"), make_frame("bbbb"), make_frame("cccc"), make_frame("dddd"),
                                 make_frame("eeee")},
                                10);
  EXPECT_EQ(batch->messages, (std::vector<std::string>{"aaaa\nbbbb", "cccc\ndddd", "eeee"}));
}

TEST(FrameBatch, AMessageEndsExactlyAtTheLimit) {
  const auto batch = make_batch({make_frame("aaaa"), make_frame("bbbbb"), make_frame("c")}, 10);
  EXPECT_EQ(batch->messages, (std::vector<std::string>{"aaaa\nbbbbb", "c"}));
}

TEST(FrameBatch, AnEventLargerThanTheLimitIsAMessageOfItsOwn) {
  const std::string big(25, 'x');
  const auto batch = make_batch({make_frame("a"), make_frame(big), make_frame("b"), make_frame("c")}, 10);
  EXPECT_EQ(batch->messages, (std::vector<std::string>{"a", big, "b\nc"}));
}

TEST(FrameBatch, AMessageFrameKeepsTheBatchAlive) {
  auto batch = make_batch({make_frame("one"), make_frame("two")});
  const Frame message = message_frame(batch, 0);
  std::weak_ptr<const FrameBatch> watch = batch;
  batch.reset();
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(*message, "one\ntwo");
}

}  // namespace
}  // namespace tether::server
