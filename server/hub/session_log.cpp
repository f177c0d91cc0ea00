#include "server/hub/session_log.hpp"

#include <algorithm>

namespace tether::server {

using protocol::MessageType;

SessionLog::SessionLog(std::int64_t head_seq, std::vector<LoggedEvent> events)
    : head_seq_(head_seq), durable_seq_(head_seq), events_(std::move(events)) {
  for (const auto& event : events_) {
    head_seq_ = std::max(head_seq_, event.seq);
    if (event.type == MessageType::chat_request && event.request_id) request_seqs_.emplace(*event.request_id, event.seq);
  }
  durable_seq_ = head_seq_;
}

void SessionLog::append(LoggedEvent event) {
  if (event.type == MessageType::chat_request && event.request_id) request_seqs_.emplace(*event.request_id, event.seq);
  events_.push_back(std::move(event));
}

std::int64_t SessionLog::request_seq(const std::string& request_id) const {
  const auto it = request_seqs_.find(request_id);
  return it == request_seqs_.end() ? 0 : it->second;
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

SessionLog::ReplayPiece SessionLog::replay_piece(std::int64_t after, std::size_t max_bytes) const {
  ReplayPiece piece;
  piece.last_seq = after;
  std::size_t bytes = 0;
  auto it = first_after(after);
  for (; it != events_.end() && it->seq <= durable_seq_; ++it) {
    if (!piece.frames.empty() && bytes + it->frame->size() > max_bytes) break;
    bytes += it->frame->size();
    piece.frames.push_back(it->frame);
    piece.last_seq = it->seq;
  }
  piece.reaches_durable = it == events_.end() || it->seq > durable_seq_;
  return piece;
}

std::vector<const LoggedEvent*> SessionLog::events_before(std::int64_t before, std::size_t limit) const {
  auto end = std::lower_bound(events_.begin(), events_.end(), before,
                              [](const LoggedEvent& event, std::int64_t value) { return event.seq < value; });
  while (end != events_.begin() && std::prev(end)->seq > durable_seq_) --end;
  const auto count = std::min<std::size_t>(limit, static_cast<std::size_t>(end - events_.begin()));
  std::vector<const LoggedEvent*> result;
  result.reserve(count);
  for (auto it = end - static_cast<std::ptrdiff_t>(count); it != end; ++it) result.push_back(&*it);
  return result;
}

std::int64_t SessionLog::tail_start(std::int64_t turns) const {
  std::int64_t seen = 0;
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
    if (it->type == MessageType::chat_request && ++seen == turns) return it->seq - 1;
  }
  return 0;
}

void SessionLog::compact(std::int64_t first_seq, std::int64_t last_seq) {
  const auto first = first_after(first_seq - 1);
  const auto last = first_after(last_seq);
  auto range_begin = events_.begin() + (first - events_.cbegin());
  auto range_end = events_.begin() + (last - events_.cbegin());
  events_.erase(std::remove_if(range_begin, range_end, [](const LoggedEvent& event) { return event.transient; }),
                range_end);
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
