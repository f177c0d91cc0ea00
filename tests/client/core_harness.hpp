// A test driver for ClientCore: a fake clock with a timer queue (advance() fires due
// timers in time order, no sleeps), a scripted random source, a record of every action,
// and builders for the server's envelopes.
#pragma once

#include "tether/client/core.hpp"
#include "tether/protocol.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <vector>

namespace tether::test {

using std::chrono::milliseconds;
using protocol::MessageType;

inline ClientConfig test_config() {
  ClientConfig config;  // the documented defaults, except where a test says otherwise
  return config;
}

class CoreHarness {
 public:
  explicit CoreHarness(ClientConfig config = test_config(), double random = 1.0)
      : random_(random),
        core_(std::move(config), [this] { return now_; }, [this] { return random_; },
              [this] { return protocol::Stamp{"m" + std::to_string(++stamps_), "2026-01-01T00:00:00.000Z"}; }) {}

  ClientCore& core() { return core_; }
  const ClientState& state() const { return core_.state(); }
  void set_random(double value) { random_ = value; }
  std::chrono::steady_clock::time_point now() const { return now_; }

  // Takes the core's actions and plays the timer ones into the fake scheduler.
  void pump() {
    for (auto& a : core_.take_actions()) {
      if (auto* start = std::get_if<action::StartTimer>(&a)) timers_[start->kind] = {start->token, now_ + start->delay};
      if (auto* cancel = std::get_if<action::CancelTimer>(&a)) timers_.erase(cancel->kind);
      if (auto* open = std::get_if<action::OpenTransport>(&a)) opened_.push_back(*open);
      if (auto* close = std::get_if<action::CloseTransport>(&a)) closed_.push_back(close->generation);
      if (auto* send = std::get_if<action::Send>(&a)) {
        auto envelope = protocol::decode_envelope(send->text);
        EXPECT_TRUE(envelope) << send->text;
        if (envelope) sent_.push_back({send->generation, std::move(*envelope)});
      }
      if (auto* deliver = std::get_if<action::Deliver>(&a)) delivered_.push_back(deliver->envelope);
      if (auto* changed = std::get_if<action::StateChanged>(&a)) states_.push_back(changed->state);
      log_.push_back(std::move(a));
    }
  }

  // Moves the fake clock forward, firing every timer that falls due on the way.
  void advance(milliseconds duration) {
    const auto end = now_ + duration;
    for (;;) {
      pump();
      std::optional<TimerKind> next;
      for (const auto& [kind, timer] : timers_) {
        if (timer.due <= end && (!next || timer.due < timers_[*next].due)) next = kind;
      }
      if (!next) break;
      const auto timer = timers_[*next];
      timers_.erase(*next);
      now_ = std::max(now_, timer.due);
      core_.on_timer(*next, timer.token);
    }
    now_ = end;
    pump();
  }

  // The delay of a running timer of this kind, if one runs.
  std::optional<milliseconds> timer(TimerKind kind) const {
    const auto it = timers_.find(kind);
    if (it == timers_.end()) return std::nullopt;
    return std::chrono::duration_cast<milliseconds>(it->second.due - now_);
  }
  std::optional<std::uint64_t> timer_token(TimerKind kind) const {
    const auto it = timers_.find(kind);
    return it == timers_.end() ? std::nullopt : std::optional(it->second.token);
  }

  Generation last_open() const { return opened_.empty() ? 0 : opened_.back().generation; }
  TransportKind last_open_kind() const { return opened_.empty() ? TransportKind::none : opened_.back().kind; }
  std::size_t opens() const { return opened_.size(); }
  const std::vector<Generation>& closed() const { return closed_; }

  // Server side of a transport.
  void server_frame(Generation generation, const std::string& text) {
    core_.on_frame(generation, text);
    pump();
  }
  void server_send(Generation generation, const protocol::Envelope& envelope) {
    server_frame(generation, protocol::encode(envelope));
  }
  void accept(Generation generation) {
    server_send(generation, protocol::make_envelope(MessageType::connection_status,
                                                    protocol::to_json(protocol::ConnectionStatus{"c1", "0.1.0", 15000}),
                                                    protocol::stamp_now()));
  }
  void drop(Generation generation, TransportFailure::Kind kind = TransportFailure::Kind::network,
            std::string message = "Connection reset by peer") {
    core_.on_closed(generation, {kind, std::move(message)});
    pump();
  }
  // Opens and accepts the transport the core asks for.
  Generation connect_now() {
    core_.connect();
    pump();
    const auto generation = last_open();
    accept(generation);
    return generation;
  }
  // Answers every ping sent on this generation that has not been answered yet.
  void answer_pings(Generation generation) {
    for (auto& [gen, envelope] : sent_) {
      if (gen == generation && envelope.type == MessageType::ping && !answered_.contains(envelope.id)) {
        answered_.insert({envelope.id, true});
        server_send(generation, protocol::make_envelope(MessageType::pong, {}, protocol::stamp_now(), envelope.id));
      }
    }
  }
  void ack(Generation generation, const std::string& id, bool duplicate = false) {
    server_send(generation, protocol::make_envelope(MessageType::ack, protocol::to_json(protocol::Ack{duplicate}), protocol::stamp_now(), id));
  }
  static protocol::Envelope event(const std::string& session, std::int64_t seq, const std::string& delta) {
    auto e = protocol::make_envelope(MessageType::chat_stream,
                                     protocol::to_json(protocol::ChatStream{session, "r1", delta, false}),
                                     protocol::stamp_now());
    e.seq = seq;
    return e;
  }

  // Messages sent on one generation, without pings.
  std::vector<protocol::Envelope> sent_on(Generation generation) const {
    std::vector<protocol::Envelope> out;
    for (const auto& [gen, envelope] : sent_)
      if (gen == generation && envelope.type != MessageType::ping) out.push_back(envelope);
    return out;
  }
  std::vector<protocol::Envelope>& delivered() { return delivered_; }
  const std::vector<ClientState>& states() const { return states_; }

 private:
  struct Timer {
    std::uint64_t token = 0;
    std::chrono::steady_clock::time_point due;
  };
  double random_;
  std::uint64_t stamps_ = 0;  // the envelopes the core made: ids m1, m2, ...
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1000)};
  ClientCore core_;
  std::map<TimerKind, Timer> timers_;
  std::vector<action::OpenTransport> opened_;
  std::vector<Generation> closed_;
  std::vector<std::pair<Generation, protocol::Envelope>> sent_;
  std::map<std::string, bool> answered_;
  std::vector<protocol::Envelope> delivered_;
  std::vector<ClientState> states_;
  std::vector<Action> log_;
};

}  // namespace tether::test
