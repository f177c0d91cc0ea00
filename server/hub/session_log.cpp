#include "server/hub/session_log.hpp"

#include <algorithm>

namespace tether::server {

using protocol::MessageType;

SessionLog::SessionLog(std::int64_t head_seq, std::vector<LoggedEvent> events)
    : head_seq_(head_seq), durable_seq_(head_seq), events_(std::move(events)) {
  for (const auto& event : events_) {
    head_seq_ = std::max(head_seq_, event.seq);
    if (event.type == MessageType::chat_request && event.request_id) request_ids_.insert(*event.request_id);
  }
  durable_seq_ = head_seq_;
}

void SessionLog::append(LoggedEvent event) {
  if (event.type == MessageType::chat_request && event.request_id) request_ids_.insert(*event.request_id);
  events_.push_back(std::move(event));
}

void SessionLog::mark_durable(std::int64_t seq) noexcept { durable_seq_ = std::max(durable_seq_, seq); }

std::vector<LoggedEvent>::const_iterator SessionLog::first_after(std::int64_t seq) const {
  return std::upper_bound(events_.begin(), events_.end(), seq,
                          [](std::int64_t value, const LoggedEvent& event) { return value < event.seq; });
}

std::vector<Frame> SessionLog::replay_after(std::int64_t last_seq) const {
  std::vector<Frame> frames;
  for (auto it = first_after(last_seq); it != events_.end() && it->seq <= durable_seq_; ++it) {
    frames.push_back(it->frame);
  }
  return frames;
}

std::vector<const LoggedEvent*> SessionLog::events_after(std::int64_t last_seq, std::size_t limit) const {
  std::vector<const LoggedEvent*> result;
  for (auto it = first_after(last_seq); it != events_.end() && it->seq <= durable_seq_ && result.size() < limit; ++it) {
    result.push_back(&*it);
  }
  return result;
}

void SessionLog::compact(std::string_view request_id) {
  std::erase_if(events_, [&](const LoggedEvent& event) {
    return event.type == MessageType::chat_stream && event.request_id && *event.request_id == request_id;
  });
}

std::vector<std::string> SessionLog::unfinished_requests() const {
  std::vector<std::string> open;
  for (const auto& event : events_) {
    if (!event.request_id) continue;
    if (event.type == MessageType::chat_request) open.push_back(*event.request_id);
    if (event.type == MessageType::chat_response) std::erase(open, *event.request_id);
  }
  return open;
}

}  // namespace tether::server
