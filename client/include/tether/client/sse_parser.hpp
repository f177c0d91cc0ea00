// An incremental parser of Server-Sent Events (the HTML standard's event-stream format),
// for the HTTP fallback: bytes in, complete events out, whatever the chunk boundaries.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether {

struct SseEvent {
  std::string event;             // "message" unless the stream names it
  std::string data;              // data lines joined with '\n'
  std::optional<std::string> id;  // the id: field of this event, when present

  friend bool operator==(const SseEvent&, const SseEvent&) = default;
};

class SseParser {
 public:
  // Bound on one line, so that a broken stream cannot grow memory without end.
  explicit SseParser(std::size_t max_line_bytes = 4u << 20) : max_line_bytes_(max_line_bytes) {}

  // Feeds the next bytes; returns the events they complete. False in `ok` (and no more
  // events) once a line exceeds the bound.
  std::vector<SseEvent> feed(std::string_view bytes);
  bool ok() const noexcept { return ok_; }

  // The last event id seen: what a reconnect sends as Last-Event-ID.
  const std::string& last_event_id() const noexcept { return last_event_id_; }

 private:
  void line(std::string_view text, std::vector<SseEvent>& out);

  std::size_t max_line_bytes_;
  bool ok_ = true;
  bool skip_lf_ = false;  // the previous chunk ended in '\r': a following '\n' belongs to it
  bool first_line_ = true;
  std::string partial_;
  SseEvent pending_;
  bool has_data_ = false;
  std::string last_event_id_;
};

}  // namespace tether
