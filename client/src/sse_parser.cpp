// Server-Sent Events parsing (see sse_parser.hpp). Lines end in \n, \r\n or \r; a blank
// line dispatches the event; lines starting with ':' are comments (keepalives).
#include "tether/client/sse_parser.hpp"

namespace tether {

std::vector<SseEvent> SseParser::feed(std::string_view bytes) {
  std::vector<SseEvent> out;
  for (const char c : bytes) {
    if (!ok_) break;
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      skip_lf_ = c == '\r';
      line(partial_, out);
      partial_.clear();
      continue;
    }
    partial_.push_back(c);
    if (partial_.size() > max_line_bytes_) ok_ = false;
  }
  return out;
}

void SseParser::line(std::string_view text, std::vector<SseEvent>& out) {
  if (first_line_) {
    first_line_ = false;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a byte-order mark
  }
  if (text.empty()) {
    if (has_data_) {
      if (pending_.event.empty()) pending_.event = "message";
      out.push_back(std::move(pending_));
    }
    pending_ = {};
    has_data_ = false;
    return;
  }
  if (text.front() == ':') return;
  const auto colon = text.find(':');
  auto name = text.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = text.substr(colon + 1);
    if (value.starts_with(' ')) value.remove_prefix(1);
  }
  if (name == "data") {
    if (has_data_) pending_.data.push_back('\n');
    pending_.data.append(value);
    has_data_ = true;
  } else if (name == "event") {
    pending_.event = std::string(value);
  } else if (name == "id") {
    if (value.find('\0') == std::string_view::npos) {
      pending_.id = std::string(value);
      last_event_id_ = std::string(value);
    }
  }
  // "retry" and unknown fields are ignored: reconnect timing is the client core's job.
}

}  // namespace tether
