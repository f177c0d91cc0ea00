// Every golden envelope decodes, passes its typed check, and re-encodes to the same bytes.
#include "tether/protocol.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tether::protocol {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  auto content = text.str();
  while (!content.empty() && content.back() == '\n') content.pop_back();
  return content;
}

// Checks the payload with the decoder of its type; false if that decoder refuses it.
bool typed_payload_is_valid(const Envelope& envelope) {
  const auto& payload = envelope.payload;
  switch (envelope.type) {
    case MessageType::connection_status:
      return connection_status_from_json(payload).has_value();
    case MessageType::chat_stream:
      return chat_stream_from_json(payload).has_value();
    case MessageType::chat_response:
      return chat_response_from_json(payload).has_value();
    case MessageType::session_update:
      return session_update_from_json(payload).has_value();
    case MessageType::ack:
      return ack_from_json(payload).has_value();
    case MessageType::chat_request:
      return envelope.seq ? chat_request_record_from_json(payload).has_value()
                          : parse_client_message(envelope).has_value();
    case MessageType::error:
      return parse_error_code(std::string(payload.at(field::code).as_string())).has_value();
    default:
      return is_client_message(envelope.type) ? parse_client_message(envelope).has_value() : true;
  }
}

TEST(Fixtures, EveryGoldenEnvelopeRoundTripsByteForByte) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(TETHER_FIXTURES_DIR)) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().filename().string());
    const auto text = read_file(entry.path());
    auto envelope = decode_envelope(text);
    ASSERT_TRUE(envelope) << envelope.error().message;
    EXPECT_TRUE(typed_payload_is_valid(*envelope));
    EXPECT_EQ(encode(*envelope), text);
    ++count;
  }
  EXPECT_GE(count, 17);
}

TEST(Fixtures, TypedPayloadsReEncodeToTheSameJson) {
  const auto text = read_file(std::filesystem::path(TETHER_FIXTURES_DIR) / "chat_response.json");
  auto envelope = decode_envelope(text);
  ASSERT_TRUE(envelope);
  auto response = chat_response_from_json(envelope->payload);
  ASSERT_TRUE(response);
  EXPECT_EQ(to_json(*response), envelope->payload);

  const auto update_text = read_file(std::filesystem::path(TETHER_FIXTURES_DIR) / "session_update_running.json");
  auto update_envelope = decode_envelope(update_text);
  ASSERT_TRUE(update_envelope);
  auto update = session_update_from_json(update_envelope->payload);
  ASSERT_TRUE(update);
  EXPECT_EQ(to_json(*update), update_envelope->payload);
}

}  // namespace
}  // namespace tether::protocol
