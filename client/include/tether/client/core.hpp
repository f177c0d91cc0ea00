// The sans-I/O heart of WebSocketClient: connection state machine, heartbeat, backoff,
// outbox and seq tracking, with no sockets, threads or clocks of its own. The I/O shell
// feeds it events (commands, transport events, timer expiries) and carries out the
// actions it returns, in order. Tests drive it with a fake clock and random source.
#pragma once

#include "tether/client/backoff.hpp"
#include "tether/client/config.hpp"
#include "tether/client/outbox.hpp"
#include "tether/client/seq_tracker.hpp"
#include "tether/client/state.hpp"
#include "tether/protocol/envelope.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace tether {

// Thrown by send() when the outbox holds max_queued_messages unacknowledged messages.
class OutboxFullError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every transport instance gets a generation; events of an old one are dropped.
using Generation = std::uint64_t;

enum class TimerKind { retry, connect_timeout, ping, pong_timeout, probe, probe_timeout };
inline constexpr std::size_t kTimerKinds = 6;

// Why a transport ended. The kind decides what happens next.
struct TransportFailure {
  enum class Kind {
    network,          // refused, reset, EOF, DNS: retry with backoff
    timeout,          // no answer in time (connect or pong): retry with backoff
    upgrade_refused,  // HTTP answered the upgrade with something else: go to the fallback
    unauthorized,     // 401: retrying cannot help
    fatal,            // a bad URL or TLS set-up: retrying cannot help
  };
  Kind kind = Kind::network;
  std::string message;
  // The server's Retry-After (a 503 or 429): the next attempt waits at least this long.
  std::optional<std::chrono::milliseconds> retry_after{};
};

namespace action {
struct OpenTransport {
  TransportKind kind;
  Generation generation;
};
struct CloseTransport {
  Generation generation;
};
// One encoded envelope for the transport of this generation.
struct Send {
  Generation generation;
  std::string text;
};
// Starting a kind that runs restarts it; `token` identifies this start (see on_timer).
struct StartTimer {
  TimerKind kind;
  std::uint64_t token;
  std::chrono::milliseconds delay;
};
struct CancelTimer {
  TimerKind kind;
};
struct Deliver {
  protocol::Envelope envelope;
};
struct StateChanged {
  ClientState state;
};
}  // namespace action

using Action = std::variant<action::OpenTransport, action::CloseTransport, action::Send, action::StartTimer,
                            action::CancelTimer, action::Deliver, action::StateChanged>;

class ClientCore {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // The id and time of each envelope the client makes (protocol::stamp_now by default; a
  // counter and a fixed time make a test's envelopes predictable).
  using StampSource = std::function<protocol::Stamp()>;

  ClientCore(ClientConfig config, Clock clock, RandomSource random, StampSource stamps = protocol::stamp_now);

  // ---- commands of the application ----
  void connect();     // no-op while already connecting or connected
  void disconnect();  // stops everything; nothing reconnects until connect()/reconnect()
  void reconnect();   // drops the current attempt, resets the attempt count, tries at once

  // Queues a client message (chat_request, chat_cancel, permission answers…) and sends it
  // when connected. Returns its id. Throws OutboxFullError when the outbox is full and
  // std::invalid_argument for types that are not application messages (joins, pings).
  std::string send(protocol::MessageType type, boost::json::object payload);
  // With last_seq 0 and tail_turns: start at the latest tail_turns turns (a new tab that
  // need not read a long history; docs/protocol.md §3.1). Rejoins resume by seq as always.
  void join(std::string session_id, std::int64_t last_seq = 0, std::optional<std::int64_t> tail_turns = std::nullopt);
  void leave(const std::string& session_id);

  // ---- events of the I/O shell ----
  // The transport is usable without a connection_status frame (the HTTP fallback).
  void on_ready(Generation generation);
  void on_frame(Generation generation, std::string_view text);
  void on_closed(Generation generation, TransportFailure failure);
  void on_timer(TimerKind kind, std::uint64_t token);

  // The actions produced since the last call, in the order they must be carried out.
  std::vector<Action> take_actions();

  const ClientState& state() const noexcept { return state_; }
  std::size_t queued() const noexcept { return outbox_.size(); }
  std::int64_t last_seq(std::string_view session_id) const noexcept { return seqs_.last_seq(session_id); }
  const ClientConfig& config() const noexcept { return config_; }

 private:
  enum class Phase { idle, connecting, connected, waiting_retry, stopped };

  void start_attempt(TransportKind kind);
  void established(Generation generation, TransportKind kind);
  // The one disconnect funnel: clears every timer of the connection and decides what next.
  void fail(TransportFailure failure);
  void close_all();
  void handle_envelope(protocol::Envelope envelope);
  void send_now(const protocol::Envelope& envelope);
  void send_join(const std::string& session_id, std::int64_t last_seq);
  void start_timer(TimerKind kind, std::chrono::milliseconds delay);
  void cancel_timer(TimerKind kind);
  // The one setState funnel: emits StateChanged only on a real change.
  void set_state(ClientState next);
  protocol::Envelope envelope_of(protocol::MessageType type, boost::json::object payload);

  ClientConfig config_;
  Clock clock_;
  RandomSource random_;
  StampSource stamps_;
  Outbox outbox_;
  SeqTracker seqs_;
  // Joins from the tail, by session: used while nothing of the session has been seen.
  std::map<std::string, std::int64_t, std::less<>> tail_turns_;
  ClientState state_;
  std::vector<Action> actions_;

  Phase phase_ = Phase::idle;
  Generation next_generation_ = 1;
  Generation current_ = 0;
  TransportKind current_kind_ = TransportKind::none;
  std::optional<Generation> probe_;
  int attempts_ = 0;
  std::optional<std::string> ping_id_;
  std::chrono::steady_clock::time_point ping_sent_{};
  std::uint64_t next_timer_token_ = 1;
  std::array<std::uint64_t, kTimerKinds> timer_tokens_{};  // 0 = not running
};

}  // namespace tether
