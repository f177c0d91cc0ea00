#include "server/transport/sse_format.hpp"

#include "tether/protocol.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

TEST(SseFormat, FindsTheEnvelopesOwnSeqNotOneInsideThePayload) {
  protocol::Envelope envelope{"i", protocol::MessageType::tool_use, {{"input", {{"seq", 99}}}}, "t", std::nullopt, 12};
  EXPECT_EQ(envelope_seq(protocol::encode(envelope)), 12);
  envelope.seq.reset();
  EXPECT_EQ(envelope_seq(protocol::encode(envelope)), std::nullopt);
  EXPECT_EQ(envelope_seq(R"({"payload":{"delta":",\"seq\":5}"}})"), std::nullopt);
  EXPECT_EQ(envelope_seq(R"({"x":"s,"seq":4)"), std::nullopt) << "ends after the digits (found by fuzzing)";
  const protocol::Envelope payload_seq_last{"i", protocol::MessageType::chat_request, {{"seq", 2}}, "t"};
  EXPECT_EQ(envelope_seq(protocol::encode(payload_seq_last)), std::nullopt) << "the payload's last key (found by fuzzing)";
}

TEST(SseFormat, HistoryEventsCarryAnId) {
  protocol::Envelope envelope{"i", protocol::MessageType::chat_stream, {{"delta", "a\nb"}}, "t", std::nullopt, 3};
  const auto text = protocol::encode(envelope);
  EXPECT_EQ(sse_event(text), "id: 3\ndata: " + text + "\n\n");
  envelope.seq.reset();
  const auto plain = protocol::encode(envelope);
  EXPECT_EQ(sse_event(plain), "data: " + plain + "\n\n");
}

}  // namespace
}  // namespace tether::server
