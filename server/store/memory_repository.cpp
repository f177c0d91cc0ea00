#include "server/store/memory_repository.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace tether::server {

MemoryRepository::MemoryRepository(EventKinds kinds) : kinds_(std::move(kinds)) {}

MemoryRepository::StoredSession* MemoryRepository::find(std::string_view id) {
  const auto it = state_.sessions.find(id);
  return it == state_.sessions.end() ? nullptr : &it->second;
}

MemoryRepository::StoredSession& MemoryRepository::existing(std::string_view id) {
  if (auto* session = find(id)) return *session;
  throw std::runtime_error("no session " + std::string(id));
}

void MemoryRepository::create_session(const SessionRecord& session) {
  if (!state_.sessions.try_emplace(session.id, StoredSession{session, {}}).second) {
    throw std::runtime_error("session id taken: " + session.id);
  }
}

std::vector<SessionRecord> MemoryRepository::list_sessions() {
  std::vector<SessionRecord> sessions;
  for (const auto& [id, stored] : state_.sessions) sessions.push_back(stored.record);
  // Stable over the id order of the map: ties in updated_at stay by id, as in SQL.
  std::stable_sort(sessions.begin(), sessions.end(),
                   [](const SessionRecord& a, const SessionRecord& b) { return a.updated_at > b.updated_at; });
  return sessions;
}

std::optional<LoadedSession> MemoryRepository::load_session(std::string_view id, std::size_t tail_bytes) {
  auto* stored = find(id);
  if (!stored) return std::nullopt;
  LoadedSession loaded{stored->record, {}, {}, 0};
  std::unordered_map<std::string, std::int64_t> open;
  for (const auto& [seq, event] : stored->events) {
    if (!event.request_id) continue;
    if (event.type == kinds_.request) {
      loaded.requests.emplace_back(*event.request_id, seq);
      open.emplace(*event.request_id, seq);
    } else if (event.type == kinds_.response) {
      open.erase(*event.request_id);
    }
  }
  auto oldest_open = std::numeric_limits<std::int64_t>::max();
  for (const auto& [request_id, seq] : open) oldest_open = std::min(oldest_open, seq);
  if (!stored->events.empty()) loaded.first_seq = stored->events.begin()->first;

  std::size_t bytes = 0;
  for (auto it = stored->events.rbegin(); it != stored->events.rend(); ++it) {
    if (!loaded.events.empty() && bytes >= tail_bytes && it->first < oldest_open) break;
    loaded.events.push_back(it->second);
    bytes += it->second.envelope.size();
  }
  std::reverse(loaded.events.begin(), loaded.events.end());
  return loaded;
}

bool MemoryRepository::rename_session(std::string_view id, std::string_view title, std::string_view updated_at) {
  auto* stored = find(id);
  if (!stored) return false;
  stored->record.title = title;
  stored->record.updated_at = updated_at;
  return true;
}

bool MemoryRepository::delete_session(std::string_view id) {
  const auto it = state_.sessions.find(id);
  if (it == state_.sessions.end()) return false;
  state_.sessions.erase(it);
  return true;
}

void MemoryRepository::save_backend_state(std::string_view id, std::string_view state) {
  if (auto* stored = find(id)) stored->record.backend_state = state;
}

void MemoryRepository::save_history_offset(std::string_view id, std::int64_t offset) {
  if (auto* stored = find(id)) stored->record.history_offset = offset;
}

void MemoryRepository::append_events(std::string_view session_id, const std::vector<EventRecord>& events,
                                     std::string_view updated_at) {
  if (events.empty()) return;
  auto& stored = existing(session_id);
  // All or nothing, as one statement of SQL would be: check every seq before the first insert.
  for (const auto& event : events) {
    if (stored.events.contains(event.seq)) {
      throw std::runtime_error("seq " + std::to_string(event.seq) + " taken in session " + std::string(session_id));
    }
  }
  for (const auto& event : events) stored.events.emplace(event.seq, event);
  stored.record.head_seq = std::max(stored.record.head_seq, events.back().seq);
  stored.record.updated_at = updated_at;
}

void MemoryRepository::compact_turn(std::string_view session_id, std::int64_t first_seq, std::int64_t last_seq) {
  auto* stored = find(session_id);
  if (!stored) return;
  std::erase_if(stored->events, [&](const auto& entry) {
    return entry.first >= first_seq && entry.first <= last_seq && entry.second.transient;
  });
}

std::vector<EventRecord> MemoryRepository::events_after(std::string_view session_id, std::int64_t after,
                                                        std::int64_t through, std::size_t max_bytes,
                                                        std::size_t max_count) {
  std::vector<EventRecord> events;
  auto* stored = find(session_id);
  if (!stored) return events;
  std::size_t bytes = 0;
  for (auto it = stored->events.upper_bound(after); it != stored->events.end() && it->first <= through; ++it) {
    if (events.size() >= max_count) break;
    if (!events.empty() && bytes + it->second.envelope.size() > max_bytes) break;
    bytes += it->second.envelope.size();
    events.push_back(it->second);
  }
  return events;
}

std::vector<EventRecord> MemoryRepository::events_before(std::string_view session_id, std::int64_t before,
                                                         std::int64_t through, std::size_t limit) {
  std::vector<EventRecord> events;
  auto* stored = find(session_id);
  if (!stored) return events;
  const auto end = stored->events.lower_bound(std::min(before, through + 1));
  for (auto it = std::make_reverse_iterator(end); it != stored->events.rend() && events.size() < limit; ++it) {
    events.push_back(it->second);
  }
  std::reverse(events.begin(), events.end());
  return events;
}

bool MemoryRepository::has_events_before(std::string_view session_id, std::int64_t seq) {
  auto* stored = find(session_id);
  return stored && !stored->events.empty() && stored->events.begin()->first < seq;
}

std::vector<EventRecord> MemoryRepository::message_events(std::string_view session_id, std::int64_t through) {
  std::vector<EventRecord> events;
  auto* stored = find(session_id);
  if (!stored) return events;
  for (auto it = stored->events.begin(); it != stored->events.end() && it->first <= through; ++it) {
    if (std::ranges::find(kinds_.messages, it->second.type) != kinds_.messages.end()) events.push_back(it->second);
  }
  return events;
}

void MemoryRepository::record_health_check(std::string_view at) { state_.health_check = at; }

std::vector<std::string> MemoryRepository::sessions_with_unfinished_turns() {
  std::vector<std::string> ids;  // the map's order: by id
  for (const auto& [id, stored] : state_.sessions) {
    // By request id, as the SQL groups them (a missing id is a group of its own).
    std::map<std::optional<std::string>, bool> answered;
    for (const auto& [seq, event] : stored.events) {
      if (event.type == kinds_.request) answered.try_emplace(event.request_id, false);
      if (event.type == kinds_.response) answered[event.request_id] = true;
    }
    if (std::ranges::any_of(answered, [](const auto& entry) { return !entry.second; })) ids.push_back(id);
  }
  return ids;
}

void MemoryRepository::begin() {
  if (transaction_start_) throw std::logic_error("a transaction is already open");
  transaction_start_ = state_;
}

void MemoryRepository::commit() {
  if (!transaction_start_) throw std::logic_error("no transaction to commit");
  transaction_start_.reset();
  savepoint_.reset();
}

void MemoryRepository::rollback() {
  if (!transaction_start_) throw std::logic_error("no transaction to roll back");
  state_ = std::move(*transaction_start_);
  transaction_start_.reset();
  savepoint_.reset();
}

void MemoryRepository::savepoint() { savepoint_ = state_; }

void MemoryRepository::release_savepoint() { savepoint_.reset(); }

void MemoryRepository::rollback_to_savepoint() {
  if (!savepoint_) throw std::logic_error("no savepoint to roll back to");
  state_ = std::move(*savepoint_);
  savepoint_.reset();
}

}  // namespace tether::server
