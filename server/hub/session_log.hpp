// A session's history in memory: seq assignment, durability watermark, replay after a
// seq, compaction of finished turns. Pure logic; the Session drives it on its strand.
//
// Only the latest events are held (up to a byte budget): older ones are in the store
// alone, and whoever needs them (a join far behind, a page of older events) reads them
// there. What every turn needs at any length stays: each request id and its seq.
#pragma once

#include "server/hub/event_batch.hpp"
#include "tether/protocol/names.hpp"

#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tether::server {

struct LoggedEvent {
  std::int64_t seq = 0;
  protocol::MessageType type = protocol::MessageType::session_update;
  std::optional<std::string> request_id;
  EncodedText frame;
  bool transient = false;  // dropped once its turn is complete (EventRecord::transient)
};

// A chat_request of the session: its request id and seq.
using RequestSeq = std::pair<std::string, std::int64_t>;

class SessionLog {
 public:
  static constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();

  // Everything held: head_seq, the highest seq ever given out (compacted events included),
  // and every event of the session.
  SessionLog(std::int64_t head_seq, std::vector<LoggedEvent> events);
  // The latest events only (`tail`, ascending), with every chat_request of the session
  // (`requests`, ascending seq) and the seq of its oldest stored event (0: none). Durable
  // events beyond `held_bytes` (frame bytes) leave memory, oldest first.
  SessionLog(std::int64_t head_seq, std::vector<LoggedEvent> tail, std::vector<RequestSeq> requests,
             std::int64_t first_seq, std::size_t held_bytes);

  std::int64_t head_seq() const noexcept { return head_seq_; }
  std::int64_t durable_seq() const noexcept { return durable_seq_; }

  // Gives out the next seq. The caller appends the event with it before the next call.
  std::int64_t next_seq() noexcept { return ++head_seq_; }
  void append(LoggedEvent event);
  // Events up to seq are committed to the store and may be shown to clients (and, past
  // the byte budget, leave memory).
  void mark_durable(std::int64_t seq) noexcept;

  // The highest seq that is no longer held (0: every event is): events up to it are read
  // from the store. Never above durable_seq().
  std::int64_t released_through() const noexcept { return released_through_; }
  std::size_t held_bytes() const noexcept { return held_bytes_; }

  // Held durable events with seq > last_seq, in order. Never an event not yet durable: a
  // client must not see a seq that a crash could give to another event.
  std::vector<EncodedText> replay_after(std::int64_t last_seq) const;
  std::vector<const LoggedEvent*> events_after(std::int64_t last_seq, std::size_t limit) const;

  // One piece of a join's replay: held durable events after `after` (>= released_through())
  // of at most max_bytes (at least one event). reaches_durable: no durable event is left
  // after the piece.
  struct ReplayPiece {
    std::vector<EncodedText> frames;
    std::int64_t last_seq = 0;
    bool reaches_durable = false;
  };
  ReplayPiece replay_piece(std::int64_t after, std::size_t max_bytes) const;
  // The latest `limit` held durable events with seq < before, ascending (paging back).
  std::vector<const LoggedEvent*> events_before(std::int64_t before, std::size_t limit) const;
  // Whether the session has an event with a seq below `seq`, held or not.
  bool has_events_before(std::int64_t seq) const noexcept;
  // Where a join from the tail starts: the seq just before the chat_request of the
  // turns-th latest turn (0: the whole history).
  std::int64_t tail_start(std::int64_t turns) const;

  // Drops the held transient events of a finished turn, seq in [first_seq, last_seq]: the
  // chat_response carries the text, the complete thinking event its text, the session's
  // state is in every join's answer.
  void compact(std::int64_t first_seq, std::int64_t last_seq);

  bool knows_request(const std::string& request_id) const { return request_seqs_.contains(request_id); }
  // The seq of the chat_request with this id; 0 when there is none.
  std::int64_t request_seq(const std::string& request_id) const;
  // Every request id, with the seq of its chat_request.
  const std::unordered_map<std::string, std::int64_t>& request_seqs() const noexcept { return request_seqs_; }
  // Held chat_requests with no chat_response yet, oldest first (a load holds every
  // unfinished turn whole: Repository::load_session).
  std::vector<std::string> unfinished_requests() const;

  const std::deque<LoggedEvent>& events() const noexcept { return events_; }

 private:
  std::deque<LoggedEvent>::const_iterator first_after(std::int64_t seq) const;
  void add_request(const std::string& request_id, std::int64_t seq);
  void release_beyond_budget() noexcept;

  std::int64_t head_seq_;
  std::int64_t durable_seq_;
  std::deque<LoggedEvent> events_;  // ascending seq, with gaps where compacted
  std::size_t held_bytes_ = 0;
  std::size_t held_bytes_limit_ = kUnbounded;
  std::int64_t first_seq_ = 0;         // the session's oldest event (0: none yet)
  std::int64_t released_through_ = 0;  // events up to here are only in the store
  std::unordered_map<std::string, std::int64_t> request_seqs_;
  std::vector<std::int64_t> request_order_;  // every chat_request's seq, ascending
};

}  // namespace tether::server
