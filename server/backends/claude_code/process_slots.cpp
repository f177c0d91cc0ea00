#include "server/backends/claude_code/process_slots.hpp"

#include <unistd.h>

#include <algorithm>
#include <utility>

namespace tether::server::claude_code {

ProcessSlots::Slot::~Slot() {
  if (auto slots = slots_.lock()) slots->release();
}

bool ProcessSlots::acquire(Grant grant) {
  std::shared_ptr<Retire> make_room;
  {
    std::lock_guard lock(mutex_);
    if (in_use_ < capacity_ && waiting_.empty()) {
      ++in_use_;
    } else {
      waiting_.push_back(std::move(grant));
      // One idle process asked to stop per waiter: the oldest.
      if (!idle_.empty()) {
        make_room = std::move(idle_.front());
        idle_.pop_front();
        ++idle_asked_;
      }
      grant = nullptr;
    }
  }
  if (make_room) (*make_room)();
  if (!grant) return false;
  grant(std::make_shared<Slot>(weak_from_this()));
  return true;
}

ProcessSlots::IdleToken ProcessSlots::idle(Retire retire) {
  auto entry = std::make_shared<Retire>(std::move(retire));
  {
    std::unique_lock lock(mutex_);
    if (waiting_.size() > idle_asked_) {  // somebody waits already: make room now
      ++idle_asked_;
      lock.unlock();
      (*entry)();
      return nullptr;
    }
    idle_.push_back(entry);
  }
  // The token forgets the entry. One that acquire already took may still be called: the
  // retire callback checks on its own strand that its process is still idle.
  return std::shared_ptr<void>(nullptr, [weak = weak_from_this(), entry](void*) {
    if (auto slots = weak.lock()) {
      std::lock_guard lock(slots->mutex_);
      slots->idle_.remove(entry);
    }
  });
}

void ProcessSlots::release() {
  Grant next;
  {
    std::lock_guard lock(mutex_);
    if (waiting_.empty()) {
      --in_use_;
      return;
    }
    next = std::move(waiting_.front());  // the slot passes on: in_use_ stays
    waiting_.pop_front();
    if (idle_asked_ > 0) --idle_asked_;
  }
  next(std::make_shared<Slot>(weak_from_this()));
}

std::size_t ProcessSlots::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

std::size_t ProcessSlots::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

std::size_t default_max_claude_processes() {
  const auto pages = ::sysconf(_SC_PHYS_PAGES);
  const auto page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 4;
  const auto gib = static_cast<std::size_t>(pages) * static_cast<std::size_t>(page_size) >> 30;
  return std::clamp<std::size_t>(gib, 2, 32);
}

}  // namespace tether::server::claude_code
