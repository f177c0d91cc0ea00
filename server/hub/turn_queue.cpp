#include "server/hub/turn_queue.hpp"

#include <stdexcept>

namespace tether::server {

Turn* TurnQueue::start_next() {
  if (running_ || waiting_.empty()) return nullptr;
  running_ = std::move(waiting_.front());
  waiting_.pop_front();
  running_->number = ++started_;
  return &*running_;
}

Turn* TurnQueue::running(std::uint64_t number) {
  return running_ && running_->number == number ? &*running_ : nullptr;
}

Turn TurnQueue::finish() {
  if (!running_) throw std::logic_error("no turn is running");
  auto turn = std::move(*running_);
  running_.reset();
  return turn;
}

void TurnQueue::clear() {
  waiting_.clear();
  running_.reset();
}

}  // namespace tether::server
