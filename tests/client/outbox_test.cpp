// The outbox keeps order, settles by id and refuses (never drops) when full.
#include "tether/client/outbox.hpp"

#include <gtest/gtest.h>

namespace {
tether::protocol::Envelope envelope(std::string id) {
  tether::protocol::Envelope e;
  e.id = std::move(id);
  e.type = tether::protocol::MessageType::chat_request;
  return e;
}

TEST(Outbox, KeepsSendOrderAndSettlesById) {
  tether::Outbox outbox(10);
  ASSERT_TRUE(outbox.push(envelope("a")));
  ASSERT_TRUE(outbox.push(envelope("b")));
  ASSERT_TRUE(outbox.push(envelope("c")));
  ASSERT_TRUE(outbox.settle("b").has_value());
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox.pending()[0].id, "a");
  EXPECT_EQ(outbox.pending()[1].id, "c");
  EXPECT_FALSE(outbox.settle("b").has_value()) << "settled twice";
  EXPECT_FALSE(outbox.settle("zzz").has_value());
}

TEST(Outbox, RefusesWhenFullAndAcceptsAgainAfterAnAck) {
  tether::Outbox outbox(2);
  ASSERT_TRUE(outbox.push(envelope("a")));
  ASSERT_TRUE(outbox.push(envelope("b")));
  EXPECT_TRUE(outbox.full());
  EXPECT_FALSE(outbox.push(envelope("c")));
  EXPECT_EQ(outbox.size(), 2u);
  ASSERT_TRUE(outbox.settle("a"));
  EXPECT_TRUE(outbox.push(envelope("c")));
  EXPECT_EQ(outbox.pending().back().id, "c");
}
}  // namespace
