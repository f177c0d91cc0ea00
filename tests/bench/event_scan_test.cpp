// The push scenario's scan must agree with the full decoder on every chat_stream the
// server can send, and step aside (nullopt) on anything it cannot read for sure.
#include "bench/tether_bench/event_scan.hpp"

#include "tether/protocol.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace tether::bench {
namespace {

std::string chat_stream(std::string delta, bool complete, std::int64_t seq, std::string request_id = "r-1",
                        std::string session_id = "s-1") {
  protocol::Envelope envelope = protocol::make_envelope(
      protocol::MessageType::chat_stream,
      protocol::to_json(protocol::ChatStream{std::move(session_id), std::move(request_id), std::move(delta), complete}),
      protocol::stamp_now());
  envelope.seq = seq;
  return protocol::encode(envelope);
}

const StreamEventScanner scanner("s-1", "r-1");

std::optional<StreamEventScan> scan_chat_stream(std::string_view text) { return scanner.scan(text); }

TEST(EventScan, ReadsWhatTheFullDecoderReads) {
  for (const bool complete : {false, true}) {
    const auto text = chat_stream("hello ", complete, 42);
    const auto scanned = scan_chat_stream(text);
    ASSERT_TRUE(scanned) << text;
    EXPECT_EQ(scanned->size, text.size());
    const auto envelope = protocol::decode_envelope(text);
    const auto stream = protocol::chat_stream_from_json(envelope->payload);
    EXPECT_EQ(scanned->seq, envelope->seq);
    EXPECT_EQ(scanned->is_complete, stream->is_complete);
  }
}

TEST(EventScan, KeysInsideTheDeltaAreText) {
  // Quotes in a string are escaped, so these never look like keys.
  const auto text = chat_stream(R"(see "seq":1, "requestId":"other", "isComplete":true, "type":"x")", false, 7);
  const auto scanned = scan_chat_stream(text);
  ASSERT_TRUE(scanned) << text;
  EXPECT_EQ(scanned->seq, 7);
  EXPECT_FALSE(scanned->is_complete);
}

TEST(EventScan, DeltaEscapesAreSkipped) {
  const auto text = chat_stream("a \\\" b \\ \n \u0001 \"", true, 9);
  const auto scanned = scan_chat_stream(text);
  ASSERT_TRUE(scanned) << text;
  EXPECT_EQ(scanned->seq, 9);
  EXPECT_TRUE(scanned->is_complete);
}

TEST(EventScan, StepsAsideForWhatItCannotReadForSure) {
  const auto good = chat_stream("x", false, 3);
  ASSERT_TRUE(scan_chat_stream(good));
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string text = good;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    return text;
  };
  EXPECT_FALSE(scan_chat_stream(replaced("chat_stream", "chat_response")));
  EXPECT_FALSE(scan_chat_stream(replaced(R"(,"seq":3})", "}"))) << "no seq";
  EXPECT_FALSE(scan_chat_stream(replaced(R"(,"seq":3})", R"(,"seq":3,"seq":4})"))) << "seq not last";
  EXPECT_FALSE(scan_chat_stream(replaced(R"("requestId":"r-1")", R"("requestId":"r"1")"))) << "escaped id";
  EXPECT_FALSE(scan_chat_stream(replaced(R"("isComplete":false)", R"("isComplete":0)")));
  EXPECT_FALSE(scan_chat_stream(replaced(R"("seq":3)", R"("seq":x)")));
  EXPECT_FALSE(scan_chat_stream(good.substr(0, good.size() - 1))) << "truncated";
  EXPECT_FALSE(scan_chat_stream(good + " ")) << "trailing bytes";
  EXPECT_FALSE(scan_chat_stream(""));
  EXPECT_FALSE(scan_chat_stream(replaced(R"("id":")", R"("id":"a\")"))) << "escaped envelope id";
}

TEST(EventScan, ScansTheFirstEnvelopeOfAFrameUpToItsNewline) {
  const auto first = chat_stream("a ", false, 5);
  const auto second = chat_stream("b ", true, 6);
  const auto frame = first + "\n" + second;
  const auto scanned = scan_chat_stream(frame);
  ASSERT_TRUE(scanned);
  EXPECT_EQ(scanned->size, first.size());
  EXPECT_EQ(scanned->seq, 5);
  const auto next = scan_chat_stream(std::string_view(frame).substr(first.size() + 1));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->size, second.size());
  EXPECT_EQ(next->seq, 6);
  EXPECT_TRUE(next->is_complete);
  EXPECT_FALSE(scan_chat_stream(first + "\r\n" + second)) << "anything but a newline after it: decoded in full";
}

TEST(EventScan, AnotherRequestOrSessionIsNotScanned) {
  EXPECT_TRUE(scan_chat_stream(chat_stream("x", false, 1)));
  EXPECT_FALSE(scan_chat_stream(chat_stream("x", false, 1, "r-2")));
  EXPECT_FALSE(scan_chat_stream(chat_stream("x", false, 1, "r-1", "s-2")));
  EXPECT_FALSE(scan_chat_stream(chat_stream("x", false, 1, "r-10"))) << "an id the expected one is a prefix of";
}

}  // namespace
}  // namespace tether::bench
