// The outbox: client messages that the server has not acknowledged yet, in send order.
// A message leaves it only on the server's answer (ack, or an error replying to it), so
// after a reconnect the rest is sent again; the server dedupes by id.
#pragma once

#include "tether/protocol/envelope.hpp"

#include <cstddef>
#include <deque>
#include <optional>
#include <string_view>

namespace tether {

class Outbox {
 public:
  explicit Outbox(std::size_t capacity) : capacity_(capacity) {}

  // False when full: the caller must fail loudly, never drop silently.
  [[nodiscard]] bool push(protocol::Envelope envelope);

  // Removes the message the server answered; empty when it is not (or no longer) here.
  std::optional<protocol::Envelope> settle(std::string_view id);

  const std::deque<protocol::Envelope>& pending() const noexcept { return pending_; }
  std::size_t size() const noexcept { return pending_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }
  bool full() const noexcept { return pending_.size() >= capacity_; }

 private:
  std::size_t capacity_;
  std::deque<protocol::Envelope> pending_;
};

}  // namespace tether
