#include "server/transport/sse_format.hpp"

#include <charconv>

namespace tether::server {

std::optional<std::int64_t> envelope_seq(std::string_view envelope) {
  static constexpr std::string_view kKey = ",\"seq\":";
  const auto at = envelope.rfind(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  const auto digits = envelope.substr(at + kKey.size());
  std::int64_t seq = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  const auto* last = digits.data() + digits.size();
  // The envelope's own seq closes the object; a payload's "seq" is followed by more members.
  if (ec != std::errc{} || end == digits.data() || end + 1 != last || *end != '}') return std::nullopt;
  return seq;
}

std::string sse_event(std::string_view envelope) {
  std::string event;
  event.reserve(envelope.size() + 32);
  if (auto seq = envelope_seq(envelope)) event += "id: " + std::to_string(*seq) + "\n";
  // Our envelopes are single-line JSON (newlines in strings are escaped).
  event += "data: ";
  event += envelope;
  event += "\n\n";
  return event;
}

}  // namespace tether::server
