// libFuzzer target: the envelope decoder and the client message checks, i.e. every
// byte a WebSocket client or a POST /api/claude/messages body can send.
#include "tether/protocol.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

namespace json = boost::json;

// Equal, except that doubles may differ in their last bits: Boost.JSON 1.81 parses a
// number of more than 17 significant digits to a nearby double, not always the nearest
// one (precise parsing came in 1.83), so 9999...93 (64 digits) decodes to a double whose
// shortest form decodes to its neighbour. No protocol field is a double.
bool same_value(const json::value& a, const json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-15 * std::fmax(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_object()) {
    const auto& left = a.get_object();
    const auto& right = b.get_object();
    if (left.size() != right.size()) return false;
    for (const auto& [key, value] : left) {
      const auto* other = right.if_contains(key);
      if (!other || !same_value(value, *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& left = a.get_array();
    const auto& right = b.get_array();
    if (left.size() != right.size()) return false;
    for (std::size_t i = 0; i < left.size(); ++i)
      if (!same_value(left[i], right[i])) return false;
    return true;
  }
  return a == b;
}

bool has_double(const json::value& value) {
  if (value.is_double()) return true;
  if (value.is_object()) {
    for (const auto& [key, item] : value.get_object())
      if (has_double(item)) return true;
  }
  if (value.is_array()) {
    for (const auto& item : value.get_array())
      if (has_double(item)) return true;
  }
  return false;
}

bool same_envelope(const tether::protocol::Envelope& a, const tether::protocol::Envelope& b) {
  return a.id == b.id && a.type == b.type && a.timestamp == b.timestamp && a.reply_to == b.reply_to &&
         a.seq == b.seq && same_value(a.payload, b.payload);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  for (const auto part : tether::protocol::split_frame(frame)) {
    auto object = tether::protocol::parse_object(part);
    if (!object) continue;
    (void)tether::protocol::peek_id(*object);
    auto envelope = tether::protocol::to_envelope(*object);
    if (!envelope) continue;
    // What decodes must encode and decode back to the same envelope. Not when it holds a
    // double: Boost.JSON 1.81 may parse a number with an exponent near INT_MAX (found by
    // this fuzzer: 999…E00000000002146577803) to a double it then writes as text it cannot
    // read back. No protocol field is a double, and the server re-encodes only the fields
    // it knows, so such a number never reaches another client.
    auto again = tether::protocol::decode_envelope(tether::protocol::encode(*envelope));
    if (!has_double(envelope->payload) && (!again || !same_envelope(*again, *envelope))) __builtin_trap();
    (void)tether::protocol::parse_client_message(*envelope);
    (void)tether::protocol::chat_stream_from_json(envelope->payload);
    (void)tether::protocol::chat_response_from_json(envelope->payload);
    (void)tether::protocol::session_update_from_json(envelope->payload);
    (void)tether::protocol::error_from_json(envelope->payload);
  }
  return 0;
}
