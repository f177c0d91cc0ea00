// libFuzzer target: the client library's SSE parser (the fallback's event stream, bytes
// from the network). The first byte picks the chunk size: however the stream is cut,
// the events are the same.
#include "tether/client/sse_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  constexpr std::size_t kMaxLine = 1024;
  tether::SseParser cut(kMaxLine);
  std::vector<tether::SseEvent> events;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    for (auto& event : cut.feed(bytes.substr(at, chunk))) {
      if (event.data.size() > bytes.size()) __builtin_trap();
      events.push_back(std::move(event));
    }
  }
  tether::SseParser whole(kMaxLine);
  const auto again = whole.feed(bytes);
  // Only while both are within bounds: the bound itself is per line and may trip at a
  // different event for a cut stream only if the lines differ, which they must not.
  if (cut.ok() != whole.ok()) __builtin_trap();
  if (again != events) __builtin_trap();
  if (cut.last_event_id() != whole.last_event_id()) __builtin_trap();
  return 0;
}
