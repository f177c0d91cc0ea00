// The sans-I/O client state machine (see core.hpp). Every transition goes through
// start_attempt / established / fail, and every state change through set_state.
#include "tether/client/core.hpp"

#include "tether/protocol/messages.hpp"
#include "tether/protocol/names.hpp"

// GCC 12 reports false "may be used uninitialized" warnings when a std::variant holding
// strings and optionals is moved at -O2 (GCC bugs 105562, 107138); the code is correct.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace tether {
namespace {
using std::chrono::milliseconds;
using protocol::MessageType;

std::size_t index(TimerKind kind) { return static_cast<std::size_t>(kind); }

std::string seconds_text(milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

}  // namespace

protocol::Envelope ClientCore::envelope_of(MessageType type, boost::json::object payload) {
  return protocol::make_envelope(type, std::move(payload), stamps_());
}

ClientCore::ClientCore(ClientConfig config, Clock clock, RandomSource random, StampSource stamps)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      random_(std::move(random)),
      stamps_(std::move(stamps)),
      outbox_(config_.max_queued_messages) {
  state_.max_retries = config_.max_retries;
}

void ClientCore::connect() {
  if (phase_ == Phase::connecting || phase_ == Phase::connected || phase_ == Phase::waiting_retry) return;
  attempts_ = 0;
  start_attempt(TransportKind::websocket);
}

void ClientCore::reconnect() {
  close_all();
  attempts_ = 0;
  start_attempt(TransportKind::websocket);
}

void ClientCore::disconnect() {
  close_all();
  phase_ = Phase::idle;
  attempts_ = 0;
  auto next = state_;
  next.status = ConnectionStatus::disconnected;
  next.latency.reset();
  next.is_reconnecting = false;
  next.reconnect_attempts = 0;
  next.next_retry_in.reset();
  next.transport = TransportKind::none;
  set_state(std::move(next));
}

std::string ClientCore::send(MessageType type, boost::json::object payload) {
  if (!protocol::is_client_message(type) || type == MessageType::session_join ||
      type == MessageType::session_leave || type == MessageType::ping) {
    throw std::invalid_argument("send() takes application messages; use join()/leave() for \"" +
                                std::string(protocol::to_string(type)) + "\".");
  }
  if (outbox_.full()) {
    throw OutboxFullError("The outbox is full: " + std::to_string(outbox_.capacity()) +
                          " messages are waiting for the server's acknowledgement.");
  }
  auto envelope = envelope_of(type, std::move(payload));
  auto id = envelope.id;
  if (phase_ == Phase::connected) send_now(envelope);
  // push cannot fail: fullness was checked above, on the same thread of control.
  (void)outbox_.push(std::move(envelope));
  return id;
}

void ClientCore::join(std::string session_id, std::int64_t last_seq, std::optional<std::int64_t> tail_turns) {
  seqs_.join(session_id, last_seq);
  if (tail_turns) tail_turns_[session_id] = *tail_turns;
  else tail_turns_.erase(session_id);
  if (phase_ == Phase::connected) send_join(session_id, seqs_.last_seq(session_id));
}

void ClientCore::leave(const std::string& session_id) {
  const bool was_joined = seqs_.joined(session_id);
  seqs_.leave(session_id);
  tail_turns_.erase(session_id);
  if (phase_ == Phase::connected && was_joined) {
    send_now(envelope_of(MessageType::session_leave, protocol::to_json(protocol::SessionLeave{session_id})));
  }
}

void ClientCore::on_ready(Generation generation) {
  if (probe_ && generation == *probe_) {
    // The WebSocket works again: it replaces the fallback, which is closed only now so
    // that nothing is left without a transport in between.
    actions_.push_back(action::CloseTransport{current_});
    cancel_timer(TimerKind::probe_timeout);
    probe_.reset();
    current_ = generation;
    established(generation, TransportKind::websocket);
    return;
  }
  if (generation == current_ && phase_ == Phase::connecting) established(generation, current_kind_);
}

void ClientCore::on_frame(Generation generation, std::string_view text) {
  const bool from_probe = probe_ && generation == *probe_;
  if (!from_probe && (generation != current_ || current_ == 0)) return;  // a stale transport
  for (const auto part : protocol::split_frame(text)) {
    auto envelope = protocol::decode_envelope(part);
    if (!envelope) continue;  // a broken frame from the server: nothing useful to do with it
    if (from_probe) {
      if (envelope->type == MessageType::connection_status) on_ready(generation);
      return;
    }
    // A frame may hold several envelopes; an earlier one may have ended the connection.
    if (generation != current_) return;
    handle_envelope(std::move(*envelope));
  }
}

void ClientCore::on_closed(Generation generation, TransportFailure failure) {
  if (probe_ && generation == *probe_) {
    probe_.reset();
    cancel_timer(TimerKind::probe_timeout);
    start_timer(TimerKind::probe, config_.fallback_probe_interval);
    return;
  }
  if (generation != current_ || current_ == 0) return;
  fail(std::move(failure));
}

void ClientCore::on_timer(TimerKind kind, std::uint64_t token) {
  auto& running = timer_tokens_[index(kind)];
  if (token == 0 || running != token) return;  // cancelled or restarted since
  running = 0;
  switch (kind) {
    case TimerKind::retry:
      if (phase_ == Phase::waiting_retry) start_attempt(TransportKind::websocket);
      break;
    case TimerKind::connect_timeout:
      if (phase_ == Phase::connecting) {
        fail({TransportFailure::Kind::timeout,
              "No answer from the server within " + seconds_text(config_.timeout) + " (connect timeout)."});
      }
      break;
    case TimerKind::ping:
      if (phase_ == Phase::connected) {
        auto ping = envelope_of(MessageType::ping, {});
        ping_id_ = ping.id;
        ping_sent_ = clock_();
        send_now(ping);
        start_timer(TimerKind::pong_timeout, config_.pong_timeout);
      }
      break;
    case TimerKind::pong_timeout:
      if (phase_ == Phase::connected) {
        fail({TransportFailure::Kind::timeout,
              "The server stopped answering (no pong within " + seconds_text(config_.pong_timeout) + ")."});
      }
      break;
    case TimerKind::probe:
      if (phase_ == Phase::connected && current_kind_ == TransportKind::http_fallback && !probe_) {
        probe_ = next_generation_++;
        actions_.push_back(action::OpenTransport{TransportKind::websocket, *probe_});
        start_timer(TimerKind::probe_timeout, config_.timeout);
      }
      break;
    case TimerKind::probe_timeout:
      if (probe_) {
        actions_.push_back(action::CloseTransport{*probe_});
        probe_.reset();
        start_timer(TimerKind::probe, config_.fallback_probe_interval);
      }
      break;
  }
}

std::vector<Action> ClientCore::take_actions() { return std::exchange(actions_, {}); }

void ClientCore::start_attempt(TransportKind kind) {
  current_ = next_generation_++;
  current_kind_ = kind;
  phase_ = Phase::connecting;
  ping_id_.reset();
  actions_.push_back(action::OpenTransport{kind, current_});
  start_timer(TimerKind::connect_timeout, config_.timeout);
  auto next = state_;
  next.status = ConnectionStatus::connecting;
  next.transport = kind;
  next.latency.reset();
  next.next_retry_in.reset();
  next.reconnect_attempts = attempts_;
  next.is_reconnecting = attempts_ > 0 || state_.is_reconnecting;
  set_state(std::move(next));
}

void ClientCore::established(Generation generation, TransportKind kind) {
  phase_ = Phase::connected;
  current_kind_ = kind;
  attempts_ = 0;
  cancel_timer(TimerKind::connect_timeout);
  auto next = state_;
  next.status = ConnectionStatus::connected;
  next.transport = kind;
  next.is_reconnecting = false;
  next.reconnect_attempts = 0;
  next.next_retry_in.reset();
  next.latency.reset();
  set_state(std::move(next));
  // Rejoin first, so that resent messages' events reach a joined connection; then the
  // un-acked messages, in their original order (the server dedupes by id).
  for (const auto& [session_id, last_seq] : seqs_.sessions()) send_join(session_id, last_seq);
  for (const auto& envelope : outbox_.pending()) send_now(envelope);
  // A ping at once: the latency is known right away and a broken path shows early.
  ping_id_.reset();
  cancel_timer(TimerKind::pong_timeout);
  start_timer(TimerKind::ping, milliseconds(0));
  (void)generation;
  if (kind == TransportKind::http_fallback && config_.enable_fallback) {
    start_timer(TimerKind::probe, config_.fallback_probe_interval);
  }
}

void ClientCore::fail(TransportFailure failure) {
  const bool was_connected = phase_ == Phase::connected;
  const auto kind = current_kind_;
  close_all();
  auto next = state_;
  next.last_error = failure.message;
  next.latency.reset();
  next.next_retry_in.reset();
  next.transport = TransportKind::none;

  using Kind = TransportFailure::Kind;
  if (failure.kind == Kind::unauthorized || failure.kind == Kind::fatal) {
    phase_ = Phase::stopped;
    next.status = ConnectionStatus::error;
    next.is_reconnecting = false;
    set_state(std::move(next));
    return;
  }
  state_.last_error = failure.message;  // kept across the attempt that starts below
  if (kind == TransportKind::websocket && failure.kind == Kind::upgrade_refused && config_.enable_fallback) {
    start_attempt(TransportKind::http_fallback);
    return;
  }
  if (was_connected) attempts_ = 0;
  ++attempts_;
  if (attempts_ > config_.max_retries) {
    if (config_.enable_fallback && kind == TransportKind::websocket) {
      start_attempt(TransportKind::http_fallback);
      return;
    }
    phase_ = Phase::stopped;
    next.status = ConnectionStatus::disconnected;
    next.is_reconnecting = false;
    next.reconnect_attempts = attempts_ - 1;
    next.last_error = "Gave up after " + std::to_string(attempts_ - 1) + " retries: " + failure.message;
    set_state(std::move(next));
    return;
  }
  phase_ = Phase::waiting_retry;
  const auto delay =
      retry_delay({config_.retry_delay, config_.max_retry_delay}, attempts_, random_(), failure.retry_after);
  start_timer(TimerKind::retry, delay);
  next.status = ConnectionStatus::disconnected;
  next.is_reconnecting = true;
  next.reconnect_attempts = attempts_;
  next.next_retry_in = delay;
  set_state(std::move(next));
}

void ClientCore::close_all() {
  for (std::size_t i = 0; i < kTimerKinds; ++i) cancel_timer(static_cast<TimerKind>(i));
  if (current_ != 0) actions_.push_back(action::CloseTransport{current_});
  if (probe_) actions_.push_back(action::CloseTransport{*probe_});
  current_ = 0;
  probe_.reset();
  ping_id_.reset();
  phase_ = Phase::idle;
}

void ClientCore::handle_envelope(protocol::Envelope envelope) {
  switch (envelope.type) {
    case MessageType::connection_status:
      if (phase_ == Phase::connecting) established(current_, current_kind_);
      return;  // the connection's business, not the application's
    case MessageType::pong:
      if (ping_id_ && envelope.reply_to == ping_id_) {
        ping_id_.reset();
        cancel_timer(TimerKind::pong_timeout);
        start_timer(TimerKind::ping, config_.ping_interval);
        auto next = state_;
        next.latency = std::chrono::duration_cast<milliseconds>(clock_() - ping_sent_);
        set_state(std::move(next));
      }
      return;
    case MessageType::ack:
    case MessageType::error:
      // An answer settles the message: an error means resending cannot help either.
      if (envelope.reply_to) (void)outbox_.settle(*envelope.reply_to);
      break;
    default:
      if (envelope.seq) {
        const auto* session = envelope.payload.if_contains(protocol::field::session_id);
        if (session != nullptr && session->is_string() &&
            !seqs_.accept(std::string_view(session->get_string()), *envelope.seq)) {
          return;  // seen already (a replay after a reconnect)
        }
      }
      break;
  }
  actions_.push_back(action::Deliver{std::move(envelope)});
}

void ClientCore::send_now(const protocol::Envelope& envelope) {
  actions_.push_back(action::Send{current_, protocol::encode(envelope)});
}

void ClientCore::send_join(const std::string& session_id, std::int64_t last_seq) {
  std::optional<std::int64_t> tail_turns;
  if (const auto it = tail_turns_.find(session_id); it != tail_turns_.end() && last_seq == 0) tail_turns = it->second;
  send_now(envelope_of(MessageType::session_join,
                           protocol::to_json(protocol::SessionJoin{session_id, last_seq, tail_turns})));
}

void ClientCore::start_timer(TimerKind kind, milliseconds delay) {
  const auto token = next_timer_token_++;
  timer_tokens_[index(kind)] = token;
  actions_.push_back(action::StartTimer{kind, token, delay});
}

void ClientCore::cancel_timer(TimerKind kind) {
  auto& running = timer_tokens_[index(kind)];
  if (running == 0) return;
  running = 0;
  actions_.push_back(action::CancelTimer{kind});
}

void ClientCore::set_state(ClientState next) {
  if (next == state_) return;
  state_ = std::move(next);
  actions_.push_back(action::StateChanged{state_});
}

}  // namespace tether
