// The envelope codec on untrusted input: every way a frame can be wrong.
#include "tether/protocol.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <set>

namespace tether::protocol {
namespace {

ErrorCode code_of(std::string_view text, const DecodeLimits& limits = {}) {
  auto envelope = decode_envelope(text, limits);
  EXPECT_FALSE(envelope) << "accepted: " << text;
  return envelope ? ErrorCode::internal : envelope.error().code;
}

TEST(Envelope, DecodesAllFields) {
  auto envelope = decode_envelope(
      R"({"id":"a","type":"chat_stream","payload":{"x":1},"timestamp":"t","replyTo":"b","seq":7})");
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->id, "a");
  EXPECT_EQ(envelope->type, MessageType::chat_stream);
  EXPECT_EQ(envelope->payload.at("x").as_int64(), 1);
  EXPECT_EQ(envelope->reply_to, "b");
  EXPECT_EQ(envelope->seq, 7);
}

TEST(Envelope, PayloadAndTimestampAreOptional) {
  auto envelope = decode_envelope(R"({"id":"a","type":"ping"})");
  ASSERT_TRUE(envelope);
  EXPECT_TRUE(envelope->payload.empty());
}

TEST(Envelope, RejectsWhatIsNotAJsonObject) {
  EXPECT_EQ(code_of("not json"), ErrorCode::invalid_json);
  EXPECT_EQ(code_of(""), ErrorCode::invalid_json);
  EXPECT_EQ(code_of("[1]"), ErrorCode::invalid_json);
  EXPECT_EQ(code_of("42"), ErrorCode::invalid_json);
  EXPECT_EQ(code_of(R"({"id":"a","type":"ping"} trailing)"), ErrorCode::invalid_json);
  EXPECT_EQ(code_of("{\"id\":\"\xff\xfe\",\"type\":\"ping\"}"), ErrorCode::invalid_json);  // not UTF-8
}

TEST(Envelope, BoundsNestingDepthAndStringSize) {
  std::string deep(40, '[');
  deep += std::string(40, ']');
  EXPECT_EQ(code_of(R"({"id":"a","type":"ping","payload":{"x":)" + deep + "}}"), ErrorCode::invalid_json);
  DecodeLimits small;
  small.max_string_bytes = 16;
  EXPECT_EQ(code_of(R"({"id":"a","type":"ping","payload":{"x":"this string is too long"}})", small),
            ErrorCode::message_too_large);
}

TEST(Envelope, ChecksEachEnvelopeField) {
  EXPECT_EQ(code_of(R"({"type":"ping"})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"","type":"ping"})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":1,"type":"ping"})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":")" + std::string(129, 'x') + R"(","type":"ping"})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"a"})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"a","type":3})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"a","type":"warp"})"), ErrorCode::unknown_type);
  EXPECT_EQ(code_of(R"({"id":"a","type":"ping","payload":"x"})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"a","type":"ping","timestamp":5})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"a","type":"ping","replyTo":5})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"a","type":"ping","seq":0})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"a","type":"ping","seq":"1"})"), ErrorCode::invalid_message);
}

TEST(Envelope, PeekIdFindsAUsableIdOnly) {
  EXPECT_EQ(peek_id(*parse_object(R"({"id":"x1"})")), "x1");
  EXPECT_FALSE(peek_id(*parse_object(R"({"id":5})")));
  EXPECT_FALSE(peek_id(*parse_object(R"({"id":""})")));
  EXPECT_FALSE(peek_id(*parse_object(R"({"id":")" + std::string(200, 'x') + "\"}")));
}

TEST(Envelope, EncodeDecodeRoundTrip) {
  Envelope envelope{"id-1", MessageType::chat_response, {{"k", "v"}}, "2026-01-01T00:00:00.000Z", "c-1", 42};
  auto decoded = decode_envelope(encode(envelope));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, envelope);
}

TEST(Envelope, EncodeWritesTheBytesBoostJsonWould) {
  // encode() is hand-written for speed; its bytes must stay those of json::serialize.
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte += static_cast<char>(c);
  const std::vector<std::string> texts = {"", "plain", "quote \" back \\ slash /", "tab\tnew\nline\r",
                                          "\x01\x1f\x7f", "caf\xc3\xa9 \xe2\x9c\x93", every_byte};
  for (const auto& text : texts) {
    Envelope envelope;
    envelope.id = text;
    envelope.type = MessageType::chat_stream;
    envelope.payload = {{"delta", text}, {"nested", boost::json::object{{"n", 1.5}, {"a", boost::json::array{1, "x"}}}}};
    envelope.timestamp = text;
    envelope.reply_to = text;
    envelope.seq = 42;
    EXPECT_EQ(encode(envelope), boost::json::serialize(to_json(envelope)));
    envelope.reply_to.reset();
    envelope.seq.reset();
    envelope.payload = {};
    EXPECT_EQ(encode(envelope), boost::json::serialize(to_json(envelope)));
  }
}

TEST(Envelope, SplitFrameSkipsEmptyLinesAndCarriageReturns) {
  const auto parts = split_frame("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "{\"a\":1}");
  EXPECT_EQ(parts[1], "{\"b\":2}");
  EXPECT_EQ(parts[2], "{\"c\":3}");
  EXPECT_TRUE(split_frame("").empty());
  EXPECT_TRUE(split_frame("\n\n").empty());
}

TEST(Envelope, GeneratedIdsAreUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(generate_id());
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(Envelope, TimestampsAreIso8601UtcWithMilliseconds) {
  const auto timestamp = now_timestamp();
  ASSERT_EQ(timestamp.size(), 24u);
  EXPECT_EQ(timestamp[10], 'T');
  EXPECT_EQ(timestamp[19], '.');
  EXPECT_EQ(timestamp.back(), 'Z');
}

}  // namespace
}  // namespace tether::protocol
