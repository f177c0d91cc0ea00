// At most N Claude Code processes at once (--max-claude-processes). A session that needs
// a process takes a slot; past N, its turn waits in line (the session says so) instead of
// failing, and the process that has been idle longest is asked to stop to make room. A
// slot is held for as long as its process lives (until it is reaped, not merely asked to
// stop), so the bound is on processes, not on sessions. Thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>

namespace tether::server::claude_code {

class ProcessSlots : public std::enable_shared_from_this<ProcessSlots> {
 public:
  // Held while a process lives; destroying it gives the slot to the next in line.
  class Slot {
   public:
    explicit Slot(std::weak_ptr<ProcessSlots> slots) : slots_(std::move(slots)) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

   private:
    std::weak_ptr<ProcessSlots> slots_;
  };
  using Grant = std::function<void(std::shared_ptr<Slot>)>;
  // Asks the caller's idle process to stop (it keeps its slot until it has exited).
  using Retire = std::function<void()>;
  using IdleToken = std::shared_ptr<void>;

  explicit ProcessSlots(std::size_t capacity) : capacity_(capacity) {}

  // A slot now, or once one is free: `grant` is called exactly once, possibly on this
  // thread before acquire returns (post it to your strand if that matters). True when it
  // was granted at once, false when it waits in line.
  bool acquire(Grant grant);
  // A process with no turn, that may be stopped to make room: at once when somebody waits
  // already (the token is then empty), else when somebody comes to wait; forgotten when
  // the token is destroyed (its session starts a turn, or its process ends).
  [[nodiscard]] IdleToken idle(Retire retire);

  std::size_t capacity() const noexcept { return capacity_; }
  std::size_t in_use() const;
  std::size_t waiting() const;

 private:
  void release();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::size_t in_use_ = 0;
  std::deque<Grant> waiting_;
  std::list<std::shared_ptr<Retire>> idle_;  // oldest first
  std::size_t idle_asked_ = 0;  // idle processes asked to stop whose slot has not come back yet
};

// The default bound: one process per GiB of memory (a CLI takes a few hundred MB), at
// least 2 and at most 32.
std::size_t default_max_claude_processes();

}  // namespace tether::server::claude_code
