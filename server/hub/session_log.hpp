// A session's history in memory: seq assignment, durability watermark, replay after a
// seq, compaction of finished turns. Pure logic; the Session drives it on its strand.
#pragma once

#include "server/hub/frame.hpp"
#include "tether/protocol/names.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace tether::server {

struct LoggedEvent {
  std::int64_t seq = 0;
  protocol::MessageType type = protocol::MessageType::session_update;
  std::optional<std::string> request_id;
  Frame frame;
};

class SessionLog {
 public:
  // head_seq: the highest seq ever given out (compacted events included).
  SessionLog(std::int64_t head_seq, std::vector<LoggedEvent> events);

  std::int64_t head_seq() const noexcept { return head_seq_; }
  std::int64_t durable_seq() const noexcept { return durable_seq_; }

  // Gives out the next seq. The caller appends the event with it before the next call.
  std::int64_t next_seq() noexcept { return ++head_seq_; }
  void append(LoggedEvent event);
  // Events up to seq are committed to the store and may be shown to clients.
  void mark_durable(std::int64_t seq) noexcept;

  // Durable events with seq > last_seq, in order. Never an event not yet durable: a
  // client must not see a seq that a crash could give to another event.
  std::vector<Frame> replay_after(std::int64_t last_seq) const;
  std::vector<const LoggedEvent*> events_after(std::int64_t last_seq, std::size_t limit) const;

  // Drops the chat_stream events of a finished turn; its chat_response carries the text.
  void compact(std::string_view request_id);

  bool knows_request(const std::string& request_id) const { return request_ids_.contains(request_id); }
  const std::unordered_set<std::string>& request_ids() const noexcept { return request_ids_; }
  // chat_requests with no chat_response yet, oldest first.
  std::vector<std::string> unfinished_requests() const;

  const std::vector<LoggedEvent>& events() const noexcept { return events_; }

 private:
  std::vector<LoggedEvent>::const_iterator first_after(std::int64_t seq) const;

  std::int64_t head_seq_;
  std::int64_t durable_seq_;
  std::vector<LoggedEvent> events_;  // ascending seq, with gaps where compacted
  std::unordered_set<std::string> request_ids_;
};

}  // namespace tether::server
