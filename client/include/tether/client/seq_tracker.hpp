// Per joined session, the highest seq the application has seen: duplicates (seq at or
// below it) are dropped, and every rejoin asks for what comes after it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tether {

class SeqTracker {
 public:
  // Joining a session already joined keeps the higher of the two positions.
  void join(std::string session_id, std::int64_t last_seq = 0);
  void leave(std::string_view session_id);
  bool joined(std::string_view session_id) const noexcept;

  // True when the event is new (and records it); false for a duplicate. Events of a
  // session that is not joined are passed through untracked.
  bool accept(std::string_view session_id, std::int64_t seq);

  // 0 when the session is not joined.
  std::int64_t last_seq(std::string_view session_id) const noexcept;

  // The joined sessions in join order, with their positions: what a rejoin sends.
  const std::vector<std::pair<std::string, std::int64_t>>& sessions() const noexcept { return sessions_; }

 private:
  // A handful of sessions per client: a vector keeps join order and is fast enough.
  std::vector<std::pair<std::string, std::int64_t>> sessions_;
};

}  // namespace tether
