// What the push scenario checks in each chat_stream event, read without parsing the
// JSON: the load generator has to outrun the server it measures, and a full decode of
// every event (~1 µs) made tether-bench the bottleneck of push at ~700k events/s.
//
// The scan reads the envelope as protocol::encode writes it (and the peers of bench/
// copy): members in their fixed order, `{"id":…,"type":"chat_stream","payload":
// {"sessionId":…,"requestId":…,"delta":…,"isComplete":…},"timestamp":…,"seq":N}`, in one
// pass. Anything else (another type, another order, an escaped id) is not scanned: the
// caller decodes that envelope in full.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tether::bench {

struct StreamEventScan {
  std::int64_t seq = 0;
  std::string_view request_id;  // points into the scanned text
  bool is_complete = false;
};

std::optional<StreamEventScan> scan_chat_stream(std::string_view envelope);

}  // namespace tether::bench
