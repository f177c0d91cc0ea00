// Per-session seq positions for dedupe and rejoin (see seq_tracker.hpp).
#include "tether/client/seq_tracker.hpp"

#include <algorithm>

namespace tether {
namespace {
template <class Vector>
auto find(Vector& sessions, std::string_view id) {
  return std::find_if(sessions.begin(), sessions.end(), [&](const auto& s) { return s.first == id; });
}
}  // namespace

void SeqTracker::join(std::string session_id, std::int64_t last_seq) {
  const auto it = find(sessions_, session_id);
  if (it != sessions_.end()) {
    it->second = std::max(it->second, last_seq);
    return;
  }
  sessions_.emplace_back(std::move(session_id), std::max<std::int64_t>(last_seq, 0));
}

void SeqTracker::leave(std::string_view session_id) {
  const auto it = find(sessions_, session_id);
  if (it != sessions_.end()) sessions_.erase(it);
}

bool SeqTracker::joined(std::string_view session_id) const noexcept {
  return find(sessions_, session_id) != sessions_.end();
}

bool SeqTracker::accept(std::string_view session_id, std::int64_t seq) {
  const auto it = find(sessions_, session_id);
  if (it == sessions_.end()) return true;
  if (seq <= it->second) return false;
  it->second = seq;
  return true;
}

std::int64_t SeqTracker::last_seq(std::string_view session_id) const noexcept {
  const auto it = find(sessions_, session_id);
  return it == sessions_.end() ? 0 : it->second;
}

}  // namespace tether
