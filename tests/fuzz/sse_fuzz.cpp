// libFuzzer target: the SSE framing of an envelope (seq extraction from encoded text).
#include "server/transport/sse_format.hpp"
#include "tether/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)tether::server::envelope_seq(text);
  (void)tether::server::sse_event(text);
  // For anything the server could have encoded, the SSE id is exactly the envelope's seq.
  if (auto envelope = tether::protocol::decode_envelope(text)) {
    const auto encoded = tether::protocol::encode(*envelope);
    if (tether::server::envelope_seq(encoded) != envelope->seq) __builtin_trap();
  }
  return 0;
}
