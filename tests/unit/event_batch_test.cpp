#include "server/hub/event_batch.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tether::server {
namespace {

TEST(EventBatch, JoinsTheEventsWithNewlinesAndKeepsThemOneByOne) {
  const auto batch = make_event_batch({make_encoded(R"({"a":1})"), make_encoded(R"({"b":2})"), make_encoded(R"({"c":3})")});
  ASSERT_EQ(batch->messages.size(), 1u);
  EXPECT_EQ(batch->messages[0], "{\"a\":1}\n{\"b\":2}\n{\"c\":3}");
  ASSERT_EQ(batch->events.size(), 3u);
  EXPECT_EQ(*batch->events[1], R"({"b":2})");
}

TEST(EventBatch, OneEventIsAMessageAsItIsAndNoEventsNoMessage) {
  EXPECT_EQ(make_event_batch({make_encoded("x")})->messages, std::vector<std::string>{"x"});
  EXPECT_TRUE(make_event_batch({})->messages.empty());
}

TEST(EventBatch, ALongBatchIsCutIntoMessagesOfAtMostTheLimit) {
  // 4-byte events, limit 10: "aaaa\nbbbb" is 9 bytes, adding "\ncccc" would make 14.
  const auto batch = make_event_batch({make_encoded("aaaa"), make_encoded("bbbb"), make_encoded("cccc"), make_encoded("dddd"),
                                 make_encoded("eeee")},
                                10);
  EXPECT_EQ(batch->messages, (std::vector<std::string>{"aaaa\nbbbb", "cccc\ndddd", "eeee"}));
}

TEST(EventBatch, AMessageEndsExactlyAtTheLimit) {
  const auto batch = make_event_batch({make_encoded("aaaa"), make_encoded("bbbbb"), make_encoded("c")}, 10);
  EXPECT_EQ(batch->messages, (std::vector<std::string>{"aaaa\nbbbbb", "c"}));
}

TEST(EventBatch, AnEventLargerThanTheLimitIsAMessageOfItsOwn) {
  const std::string big(25, 'x');
  const auto batch = make_event_batch({make_encoded("a"), make_encoded(big), make_encoded("b"), make_encoded("c")}, 10);
  EXPECT_EQ(batch->messages, (std::vector<std::string>{"a", big, "b\nc"}));
}

TEST(EventBatch, AMessageFrameKeepsTheBatchAlive) {
  auto batch = make_event_batch({make_encoded("one"), make_encoded("two")});
  const EncodedText message = batch_message(batch, 0);
  std::weak_ptr<const EventBatch> watch = batch;
  batch.reset();
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(*message, "one\ntwo");
}

}  // namespace
}  // namespace tether::server
