// A session's history in memory: seq assignment, durability watermark, replay after a
// seq, compaction of finished turns. Pure logic; the Session drives it on its strand.
#pragma once

#include "server/hub/frame.hpp"
#include "tether/protocol/names.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tether::server {

struct LoggedEvent {
  std::int64_t seq = 0;
  protocol::MessageType type = protocol::MessageType::session_update;
  std::optional<std::string> request_id;
  Frame frame;
  bool transient = false;  // dropped once its turn is complete (EventRecord::transient)
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

  // One piece of a join's replay: durable events after `after` of at most max_bytes
  // (at least one event). reaches_durable: no durable event is left after the piece.
  struct ReplayPiece {
    std::vector<Frame> frames;
    std::int64_t last_seq = 0;
    bool reaches_durable = false;
  };
  ReplayPiece replay_piece(std::int64_t after, std::size_t max_bytes) const;
  // The latest `limit` durable events with seq < before, ascending (paging back in time).
  std::vector<const LoggedEvent*> events_before(std::int64_t before, std::size_t limit) const;
  // Whether any event with a seq below `seq` is held.
  bool has_events_before(std::int64_t seq) const noexcept { return !events_.empty() && events_.front().seq < seq; }
  // Where a join from the tail starts: the seq just before the chat_request of the
  // turns-th latest turn (0: the whole history).
  std::int64_t tail_start(std::int64_t turns) const;

  // Drops the transient events of a finished turn, seq in [first_seq, last_seq]: the
  // chat_response carries the text, the complete thinking event its text, the session's
  // state is in every join's answer.
  void compact(std::int64_t first_seq, std::int64_t last_seq);

  bool knows_request(const std::string& request_id) const { return request_seqs_.contains(request_id); }
  // The seq of the chat_request with this id; 0 when there is none.
  std::int64_t request_seq(const std::string& request_id) const;
  // Every request id, with the seq of its chat_request.
  const std::unordered_map<std::string, std::int64_t>& request_seqs() const noexcept { return request_seqs_; }
  // chat_requests with no chat_response yet, oldest first.
  std::vector<std::string> unfinished_requests() const;

  const std::vector<LoggedEvent>& events() const noexcept { return events_; }

 private:
  std::vector<LoggedEvent>::const_iterator first_after(std::int64_t seq) const;

  std::int64_t head_seq_;
  std::int64_t durable_seq_;
  std::vector<LoggedEvent> events_;  // ascending seq, with gaps where compacted
  std::unordered_map<std::string, std::int64_t> request_seqs_;
};

}  // namespace tether::server
