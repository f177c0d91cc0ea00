// A session's turns: one runs at a time, the rest wait in the order they came. Each turn
// gets a number when it starts, so that a report the backend makes about an earlier turn
// (late, after a cancel or an error) is told apart from one about the running turn. Pure.
#pragma once

#include "tether/protocol/messages.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace tether::server {

struct Turn {
  std::uint64_t number = 0;  // given when it starts; 0 while it waits
  protocol::ChatRequest request;
  std::string request_id;
  std::int64_t request_seq = 0;  // its chat_request's: where the turn's events begin
  std::string text;              // the reply's deltas so far
};

class TurnQueue {
 public:
  void enqueue(Turn turn) { waiting_.push_back(std::move(turn)); }
  // Starts the next waiting turn if none runs; the started turn, or nullptr.
  Turn* start_next();
  // The running turn, if it is turn `number` (nullptr for a report about another).
  Turn* running(std::uint64_t number);
  Turn* running() { return running_ ? &*running_ : nullptr; }
  const Turn* running() const { return running_ ? &*running_ : nullptr; }
  // Ends the running turn.
  Turn finish();
  // A turn runs or waits.
  bool busy() const noexcept { return running_ || !waiting_.empty(); }
  // Forgets every turn (the session closes).
  void clear();

 private:
  std::deque<Turn> waiting_;
  std::optional<Turn> running_;
  std::uint64_t started_ = 0;
};

}  // namespace tether::server
