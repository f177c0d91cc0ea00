// The outbox of unacknowledged client messages (see outbox.hpp).
#include "tether/client/outbox.hpp"

#include <algorithm>

namespace tether {

bool Outbox::push(protocol::Envelope envelope) {
  if (full()) return false;
  pending_.push_back(std::move(envelope));
  return true;
}

std::optional<protocol::Envelope> Outbox::settle(std::string_view id) {
  const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const auto& e) { return e.id == id; });
  if (it == pending_.end()) return std::nullopt;
  auto envelope = std::move(*it);
  pending_.erase(it);
  return envelope;
}

}  // namespace tether
