// One live session: its history (SessionLog), the connections joined to it, its turn
// queue and its backend session. Every member is touched only on the session's strand;
// the public awaitables hop onto it, so callers on any thread may use them.
#pragma once

#include "server/backends/backend.hpp"
#include "server/backends/external_history.hpp"
#include "server/hub/event_batch.hpp"
#include "server/hub/group_commit.hpp"
#include "server/hub/session_events.hpp"
#include "server/hub/session_log.hpp"
#include "server/hub/turn_queue.hpp"
#include "server/store/records.hpp"
#include "tether/protocol.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace tether::server {

class Store;

// What REST shows of a session.
struct SessionView {
  SessionRecord record;
  std::string status;
  std::int64_t prompts_waiting = 0;  // open permission prompts (a loaded session only)
  boost::json::array messages;  // filled only when asked for
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  using Strand = boost::asio::strand<boost::asio::any_io_executor>;

  // The most of its history (bytes of envelopes) a session holds in memory by default;
  // older events are read from the store when somebody asks for them.
  static constexpr std::size_t kDefaultHeldHistoryBytes = 2 << 20;

  // history: where the session's external history is read (may be null); blocking: the
  // executor that reads it (file I/O stays off the network threads); held_history_bytes:
  // see kDefaultHeldHistoryBytes (`loaded` holds at least that much, Repository::load_session).
  Session(Strand strand, Store& store, Backend& backend, LoadedSession loaded, HistorySource* history,
          boost::asio::any_io_executor blocking, std::size_t held_history_bytes = kDefaultHeldHistoryBytes);

  const std::string& id() const noexcept { return id_; }

  // Completes turns that a server stop cut off (stopReason interrupted). Once, after load.
  boost::asio::awaitable<void> recover();
  // Sends the durable events after last_seq (with last_seq 0 and tail_turns, from the
  // latest tail_turns turns on), then a session_update answering reply_to, then every
  // live event, to the subscriber. The replay goes in pieces, each when the previous one
  // is written (docs/protocol.md §3.1); live events wait until it has caught up.
  boost::asio::awaitable<void> join(std::shared_ptr<Subscriber> subscriber, std::int64_t last_seq,
                                    std::string reply_to, std::optional<std::int64_t> tail_turns = std::nullopt);
  boost::asio::awaitable<void> leave(std::shared_ptr<Subscriber> subscriber);
  // Records the message durably and queues its turn; a known request id is a duplicate.
  boost::asio::awaitable<protocol::Result<protocol::Ack>> submit(protocol::ChatRequest request,
                                                                 std::string request_id);
  boost::asio::awaitable<void> cancel();
  boost::asio::awaitable<protocol::Result<void>> control(protocol::SessionControl control);
  boost::asio::awaitable<SessionView> view(bool with_messages);
  // A page of durable events as encoded envelopes: after `after`, or (before > 0) the
  // latest ones before `before`; with the head seq and whether older events exist.
  struct EventPage {
    std::vector<EncodedText> frames;
    std::int64_t head_seq = 0;
    bool has_older = false;
  };
  boost::asio::awaitable<EventPage> events_page(std::int64_t after, std::int64_t before, std::size_t limit);
  boost::asio::awaitable<void> rename(std::string title, std::string updated_at);
  // Appends what the external history (a Claude Code transcript) gained since it was last
  // read: turns made elsewhere, not the ones Tether sent, never one twice. Not while a turn
  // runs or waits (those are Tether's own). Called when the session is opened.
  boost::asio::awaitable<void> sync_external_history();
  // Ends the backend and forgets every subscriber (the session is deleted or the server stops).
  boost::asio::awaitable<void> close();
  // True when nothing happens in the session and nobody has used it for `quiet_for`: no
  // subscriber, no turn running or waiting, nothing on its way to the store. Such a
  // session may leave memory; it is loaded again from the store when next used.
  boost::asio::awaitable<bool> unloadable(std::chrono::steady_clock::duration quiet_for);

 private:
  class Observer;
  class StateSink;

  // timestamp: the envelope's, when the event happened earlier elsewhere (an import).
  void append_event(protocol::MessageType type, boost::json::object payload,
                    std::optional<std::string> request_id = std::nullopt, std::string timestamp = {});
  // Appends events the session decided on its own (session_events.hpp), compactions included.
  void append_session_events(std::vector<SessionEvent> events);
  // Appends the turns of `history` that this session does not hold yet; on the strand.
  void append_external(ExternalHistory history);
  // Writes what was appended so far as one store job, unless a job is in flight (then
  // it leaves when that one completes: GroupCommit).
  void flush();
  // Does what group commit says about the next flush.
  void follow(GroupCommit::Wake wake);
  void store_failed(StoreBatch batch, std::exception_ptr error);
  // Runs `append` (which returns the last seq it appended) on the strand and waits there,
  // in the same visit, until that seq is durable: the caller resumes once, from the flush's
  // completion. False: not durable within kDurableWait (the store fails).
  template <class Append>
  boost::asio::awaitable<bool> append_durably(Append append);
  // What submit() decided on the strand, and whether the message was durable in time.
  struct Accepted {
    bool duplicate = false;
    std::int64_t seq = 0;
    bool folder_missing = false;
    bool stored = false;
  };
  boost::asio::awaitable<Accepted> accept_message(protocol::ChatRequest& request, const std::string& request_id);
  // On the strand: whether every event up to seq is durable by the deadline.
  boost::asio::awaitable<bool> wait_durable(std::int64_t seq, std::chrono::steady_clock::time_point deadline);
  void broadcast(const SharedEventBatch& batch);
  // The next piece of a join's replay to a subscriber still catching up; the last one
  // carries the join's answer and makes it a live subscriber.
  void send_replay_piece(const Subscriber* subscriber);
  void deliver_replay_piece(std::shared_ptr<Subscriber> target, std::vector<EncodedText> frames);
  struct Catchup;
  void read_stored_replay_piece(const Catchup& entry);
  void forget_subscriber(const Subscriber* subscriber);
  void compact_broadcast_turns(std::int64_t broadcast_seq);
  void start_next_turn();
  void finish_turn(TurnResult result);
  boost::json::object update_payload(std::int64_t head_seq) const;
  std::string status() const;
  std::string visible_status() const;
  BackendSession& backend_session();

  // Called through Observer / StateSink, on the strand.
  void on_delta(std::uint64_t turn, std::string text);
  void on_event(std::uint64_t turn, protocol::MessageType type, boost::json::object payload);
  void on_complete(std::uint64_t turn, TurnResult result);
  void on_state(boost::json::object state);

  Strand strand_;
  Store& store_;
  Backend& backend_;
  const std::string id_;
  SessionRecord record_;
  boost::json::object backend_state_;
  SessionLog log_;
  GroupCommit commits_;
  // Its flushes: at the end of a batch interval, or after a failed write's pause.
  boost::asio::steady_timer batch_timer_{strand_};
  // Coroutines waiting for a seq to be durable (wait_durable()); woken by every completed job.
  std::vector<boost::asio::steady_timer*> durable_waiters_;
  // How long a chat_request's answer waits for its message to be durable while the store
  // is failing, before it says so.
  static constexpr std::chrono::seconds kDurableWait{5};
  // Finished turns, [request seq, response seq], whose transient events leave the log
  // once their chat_response is broadcast.
  std::vector<std::pair<std::int64_t, std::int64_t>> compact_when_broadcast_;
  std::vector<std::weak_ptr<Subscriber>> subscribers_;  // live: they get every broadcast
  // Joined, still replaying: they get the history piece by piece, then become live.
  struct Catchup {
    std::uint64_t join = 0;  // which join of the session this is
    std::weak_ptr<Subscriber> subscriber;
    std::int64_t after = 0;  // the last seq sent
    std::string reply_to;
    std::int64_t history_start = 1;
    bool has_older = false;
  };
  std::vector<Catchup> catching_up_;
  // Permission prompts that a server stop left open, closed at load: a late answer to one
  // is told why it comes too late.
  std::unordered_set<std::string> interrupted_prompts_;
  std::uint64_t joins_ = 0;
  // After a failed read of stored history, the pause before a replay tries again.
  static constexpr std::chrono::milliseconds kReplayReadRetry{500};
  // About what a client reads in a moment; small enough that many joins at once stay
  // within memory, large enough that a long history does not cost a round trip per event.
  static constexpr std::size_t kReplayPieceBytes = 1 << 20;
  TurnQueue turns_;
  std::unique_ptr<BackendSession> backend_session_;
  HistorySource* history_;
  boost::asio::any_io_executor blocking_;
  std::chrono::steady_clock::time_point last_used_ = std::chrono::steady_clock::now();
  bool closed_ = false;
};

}  // namespace tether::server
