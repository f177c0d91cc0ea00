// What the push scenario checks in each chat_stream event, read without parsing the
// JSON: the load generator has to outrun the server it measures, and a full decode of
// every event (~1 µs) made tether-bench the bottleneck of push at ~700k events/s.
//
// The scan reads the envelope as protocol::encode writes it (and the peers of bench/
// copy): members in their fixed order, `{"id":…,"type":"chat_stream","payload":
// {"sessionId":…,"requestId":…,"delta":…,"isComplete":…},"timestamp":…,"seq":N}`, in one
// pass. The session and request are known in advance, so everything from "type" to the
// delta is one comparison. Anything else (another type, session or request, another
// order, an escaped id) is not scanned: the caller decodes that envelope in full.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether::bench {

struct StreamEventScan {
  std::int64_t seq = 0;
  bool is_complete = false;
  std::size_t size = 0;  // the envelope's bytes at the front of the scanned text
};

class StreamEventScanner {
 public:
  StreamEventScanner(std::string_view session_id, std::string_view request_id);

  // The chat_stream of this session and request at the front of `text`, ending where
  // the text ends or at a newline (the envelopes of one frame, docs/protocol.md §2): a
  // frame is scanned in one pass, not split first. nullopt when it is something else.
  std::optional<StreamEventScan> scan(std::string_view text) const;

 private:
  // From the end of the id to the start of the delta's characters.
  std::string after_id_;
};

}  // namespace tether::bench
