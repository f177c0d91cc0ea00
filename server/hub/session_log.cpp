#include "server/hub/session_log.hpp"

#include <algorithm>

namespace tether::server {

using protocol::MessageType;

SessionLog::SessionLog(std::int64_t head_seq, std::vector<LoggedEvent> events)
    : head_seq_(head_seq), durable_seq_(head_seq) {
  for (auto& event : events) {
    head_seq_ = std::max(head_seq_, event.seq);
    if (event.type == MessageType::chat_request && event.request_id) add_request(*event.request_id, event.seq);
    held_bytes_ += event.frame->size();
    events_.push_back(std::move(event));
  }
  first_seq_ = events_.empty() ? 0 : events_.front().seq;
  durable_seq_ = head_seq_;
}

SessionLog::SessionLog(std::int64_t head_seq, std::vector<LoggedEvent> tail, std::vector<RequestSeq> requests,
                       std::int64_t first_seq, std::size_t held_bytes)
    : SessionLog(head_seq, std::move(tail)) {
  held_bytes_limit_ = held_bytes;
  request_seqs_.clear();
  request_order_.clear();
  for (auto& [request_id, seq] : requests) add_request(request_id, seq);
  if (first_seq > 0 && (events_.empty() || first_seq < events_.front().seq)) {
    first_seq_ = first_seq;
    released_through_ = events_.empty() ? durable_seq_ : events_.front().seq - 1;
  }
  release_beyond_budget();
}

void SessionLog::add_request(const std::string& request_id, std::int64_t seq) {
  if (request_seqs_.emplace(request_id, seq).second) request_order_.push_back(seq);
}

void SessionLog::append(LoggedEvent event) {
  if (event.type == MessageType::chat_request && event.request_id) add_request(*event.request_id, event.seq);
  if (first_seq_ == 0) first_seq_ = event.seq;
  held_bytes_ += event.frame->size();
  events_.push_back(std::move(event));
}

std::int64_t SessionLog::request_seq(const std::string& request_id) const {
  const auto it = request_seqs_.find(request_id);
  return it == request_seqs_.end() ? 0 : it->second;
}

void SessionLog::mark_durable(std::int64_t seq) noexcept {
  durable_seq_ = std::max(durable_seq_, seq);
  release_beyond_budget();
}

// Only durable events leave: the store has them. Oldest first, so what is held is always
// one stretch reaching up to the head.
void SessionLog::release_beyond_budget() noexcept {
  while (held_bytes_ > held_bytes_limit_ && !events_.empty() && events_.front().seq <= durable_seq_) {
    held_bytes_ -= events_.front().frame->size();
    released_through_ = events_.front().seq;
    events_.pop_front();
  }
}

std::deque<LoggedEvent>::const_iterator SessionLog::first_after(std::int64_t seq) const {
  return std::upper_bound(events_.begin(), events_.end(), seq,
                          [](std::int64_t value, const LoggedEvent& event) { return value < event.seq; });
}

std::vector<EncodedText> SessionLog::replay_after(std::int64_t last_seq) const {
  std::vector<EncodedText> frames;
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

bool SessionLog::has_events_before(std::int64_t seq) const noexcept {
  if (!events_.empty() && events_.front().seq < seq) return true;
  return released_through_ > 0 && first_seq_ < seq;
}

std::int64_t SessionLog::tail_start(std::int64_t turns) const {
  if (turns <= 0 || static_cast<std::size_t>(turns) > request_order_.size()) return 0;
  return request_order_[request_order_.size() - static_cast<std::size_t>(turns)] - 1;
}

void SessionLog::compact(std::int64_t first_seq, std::int64_t last_seq) {
  const auto first = first_after(first_seq - 1);
  const auto last = first_after(last_seq);
  auto range_begin = events_.begin() + (first - events_.cbegin());
  auto range_end = events_.begin() + (last - events_.cbegin());
  for (auto it = range_begin; it != range_end; ++it) {
    if (it->transient) held_bytes_ -= it->frame->size();
  }
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
