// libFuzzer target: the envelope decoder and the client message checks, i.e. every
// byte a WebSocket client or a POST /api/claude/messages body can send.
#include "tether/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  for (const auto part : tether::protocol::split_frame(frame)) {
    auto object = tether::protocol::parse_object(part);
    if (!object) continue;
    (void)tether::protocol::peek_id(*object);
    auto envelope = tether::protocol::to_envelope(*object);
    if (!envelope) continue;
    // What decodes must encode and decode back to the same envelope.
    auto again = tether::protocol::decode_envelope(tether::protocol::encode(*envelope));
    if (!again || !(*again == *envelope)) __builtin_trap();
    (void)tether::protocol::parse_client_message(*envelope);
    (void)tether::protocol::chat_stream_from_json(envelope->payload);
    (void)tether::protocol::chat_response_from_json(envelope->payload);
    (void)tether::protocol::session_update_from_json(envelope->payload);
    (void)tether::protocol::error_from_json(envelope->payload);
  }
  return 0;
}
