// The decisions of one claude-code session, without I/O: when its `claude` process
// starts (at once, or once a process slot is free; with --resume when there is a
// conversation to continue), what a turn does on cancel (interrupt, then kill after a
// grace period), when silence is a stall, when an idle process is retired, and how a
// turn ends when its process dies. Events go in (time is a parameter: no clock, timers
// or threads here), actions come out; SessionCore carries the actions out, in order,
// with the real process, timers, slots and observers. Tests drive it with plain
// time_points.
#pragma once

#include "server/backends/claude_code/cli_event.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tether::server::claude_code {

// Only its time_point type: the driver reads the clock and passes `now` in.
using LifecycleClock = std::chrono::steady_clock;

// The session's three timers. Each runs at most once at a time: arming one that runs
// moves it. A firing carries the token it was armed with (a turn id or a generation).
enum class LifecycleTimer {
  stall,      // token: turn id. Silence during a turn for longer than the window.
  interrupt,  // token: turn id. The grace period after an interrupt.
  idle,       // token: generation. A process without a turn for this long is retired.
};

// Why a new turn cannot start.
enum class TurnRefusal { closed, busy, no_cli };

// How a turn ends, from the session's side; SessionCore turns it into a TurnResult.
enum class TurnEnding {
  completed,       // its result line (the TurnMapper's result)
  spawn_failed,    // the process could not be started
  cancelled,       // cancelled before its process started, or its process died after the cancel
  stalled,         // the process died after the stall watchdog stopped the turn
  exited,          // the process died on its own mid-turn
  server_stopped,  // shutdown
};

enum class RetireReason { idle, slot_needed, shutdown };
enum class TerminateReason { interrupt_ignored, shutdown };

// What the process is, as reported in the session state.
enum class ProcessState { stopped, waiting_for_slot, running };

namespace lifecycle {

// Ask ProcessSlots for a slot: feed slot_queued() when it has to wait, slot_granted()
// when the slot comes.
struct AcquireSlot {
  std::uint64_t turn_id = 0;
  bool operator==(const AcquireSlot&) const = default;
};
// Start the CLI (with --resume when `resume`), its events tagged with `generation`; feed
// process_started() or spawn_failed().
struct SpawnProcess {
  std::uint64_t generation = 0;
  bool resume = false;
  bool operator==(const SpawnProcess&) const = default;
};
struct SendUserMessage {
  bool operator==(const SendUserMessage&) const = default;
};
struct SendInterrupt {
  bool operator==(const SendInterrupt&) const = default;
};
struct ArmTimer {
  LifecycleTimer timer = LifecycleTimer::stall;
  LifecycleClock::time_point at;
  std::uint64_t token = 0;
  bool operator==(const ArmTimer&) const = default;
};
struct CancelTimer {
  LifecycleTimer timer = LifecycleTimer::stall;
  bool operator==(const CancelTimer&) const = default;
};
// The process has no turn: another session waiting for a slot may have it retired
// (feed slot_needed(generation)). ClearIdle withdraws that.
struct MarkIdle {
  std::uint64_t generation = 0;
  bool operator==(const MarkIdle&) const = default;
};
struct ClearIdle {
  bool operator==(const ClearIdle&) const = default;
};
// The user cancelled: the turn's result line, when it comes, ends it as cancelled.
struct TurnCancelled {
  bool operator==(const TurnCancelled&) const = default;
};
// The stall watchdog stopped the turn: say so (a notice) and end it as an error.
struct TurnStalled {
  std::uint64_t turn_id = 0;
  bool operator==(const TurnStalled&) const = default;
};
// SIGTERM (then SIGKILL). After an ignored interrupt the process stays the session's and
// its exit ends the turn; at shutdown it is detached (its generation is over).
struct TerminateProcess {
  TerminateReason why = TerminateReason::interrupt_ignored;
  std::uint64_t turn_id = 0;
  bool operator==(const TerminateProcess&) const = default;
};
// Detach the process (its generation is over) and close its stdin: it saves its
// transcript and exits by itself; the next turn resumes.
struct RetireProcess {
  RetireReason why = RetireReason::idle;
  bool operator==(const RetireProcess&) const = default;
};
// The session's process has exited: forget it, and close what was open with it.
struct ProcessEnded {
  bool operator==(const ProcessEnded&) const = default;
};
// The CLI had no conversation to --resume: forget its id, and tell the user that this
// message starts a new conversation.
struct ResumeRefused {
  std::string refusal;  // the CLI's error
  bool operator==(const ResumeRefused&) const = default;
};
struct NoticeWaitingForSlot {
  bool operator==(const NoticeWaitingForSlot&) const = default;
};
struct ClearNotice {
  bool operator==(const ClearNotice&) const = default;
};
struct ReportState {
  bool operator==(const ReportState&) const = default;
};
// The turn is over: complete its observer. exit_code is for stalled and exited.
struct FinishTurn {
  TurnEnding ending = TurnEnding::completed;
  int exit_code = 0;
  bool operator==(const FinishTurn&) const = default;
};

}  // namespace lifecycle

using LifecycleAction =
    std::variant<lifecycle::AcquireSlot, lifecycle::SpawnProcess, lifecycle::SendUserMessage, lifecycle::SendInterrupt,
                 lifecycle::ArmTimer, lifecycle::CancelTimer, lifecycle::MarkIdle, lifecycle::ClearIdle,
                 lifecycle::TurnCancelled, lifecycle::TurnStalled, lifecycle::TerminateProcess,
                 lifecycle::RetireProcess, lifecycle::ProcessEnded, lifecycle::ResumeRefused,
                 lifecycle::NoticeWaitingForSlot, lifecycle::ClearNotice, lifecycle::ReportState,
                 lifecycle::FinishTurn>;
using LifecycleActions = std::vector<LifecycleAction>;

// What the decisions depend on; the durations are ClaudeCodeOptions' (see options.hpp).
struct LifecycleSettings {
  bool cli_found = true;
  bool slots_limited = false;  // --max-claude-processes: a process needs a slot
  std::chrono::milliseconds stall_timeout{};
  std::chrono::milliseconds interrupt_grace{};
  std::chrono::milliseconds idle_timeout{};
};

class SessionLifecycle {
 public:
  using time_point = LifecycleClock::time_point;

  // Until the turn's first output the stall window is at least this: starting the CLI
  // (MCP servers, plugins, a busy machine) is not a stalled API stream.
  static constexpr std::chrono::milliseconds kStartupAllowance{30000};

  // `resumable`: the CLI has a conversation of this session to --resume.
  SessionLifecycle(LifecycleSettings settings, bool resumable);

  // ---- turns ----
  // Why a turn cannot start now; nullopt: start_turn() starts it.
  std::optional<TurnRefusal> turn_refusal() const;
  LifecycleActions start_turn(time_point now);
  // The turn's result line has ended it (not the refusal of --resume: refuses_resume).
  LifecycleActions turn_completed(time_point now);
  LifecycleActions cancel(time_point now);

  // ---- the process ----
  LifecycleActions slot_queued();
  LifecycleActions slot_granted(std::uint64_t turn_id);
  LifecycleActions process_started(time_point now);
  LifecycleActions spawn_failed();
  // Whether events of this generation are of the session's process (not an older one).
  bool current(std::uint64_t generation) const noexcept { return generation == generation_; }
  LifecycleActions output_seen(std::uint64_t generation, time_point now);
  // A result line: true when it is the CLI refusing --resume. The exit that follows then
  // starts a fresh conversation, so the line is not the turn's.
  bool refuses_resume(const TurnEnd& end);
  LifecycleActions process_exited(std::uint64_t generation, int exit_code);
  // Another session needs the slot of this idle process.
  LifecycleActions slot_needed(std::uint64_t generation);
  // The CLI reported its session id (empty: nothing to resume).
  void set_resumable(bool resumable) noexcept { resumable_ = resumable; }

  // ---- time ----
  // `silence_expected` (stall only): a tool runs or a permission prompt waits for the user.
  LifecycleActions timer_fired(LifecycleTimer timer, std::uint64_t token, time_point now,
                               bool silence_expected = false);
  // A permission prompt was answered: the wait for the user was not a stall.
  void user_answered(time_point now) noexcept { last_output_ = now; }

  // ---- the end ----
  // shutdown() was called: nothing new starts from now on (the teardown comes later).
  void close() noexcept { closed_ = true; }
  LifecycleActions shutdown();

  bool closed() const noexcept { return closed_; }
  bool turn_running() const noexcept { return turn_.has_value(); }
  ProcessState process_state() const noexcept { return process_; }
  std::uint64_t generation() const noexcept { return generation_; }

 private:
  struct Turn {
    std::uint64_t id = 0;
    bool cancel_requested = false;
    bool stalled = false;
    bool saw_output = false;  // the CLI printed something during this turn
  };

  std::chrono::milliseconds stall_window() const;
  void start_process(LifecycleActions& actions);
  void arm_stall_watchdog(time_point now, LifecycleActions& actions);
  void schedule_stall_check(LifecycleActions& actions) const;
  void check_stall(std::uint64_t turn_id, time_point now, bool silence_expected, LifecycleActions& actions);
  void interrupt_with_deadline(time_point now, LifecycleActions& actions) const;
  void finish(TurnEnding ending, int exit_code, LifecycleActions& actions);
  void wait_idle(time_point now, LifecycleActions& actions) const;
  void retire(std::uint64_t generation, RetireReason why, LifecycleActions& actions);

  LifecycleSettings settings_;
  bool resumable_;
  bool closed_ = false;

  ProcessState process_ = ProcessState::stopped;
  std::uint64_t generation_ = 0;  // of the process; events of older ones are ignored
  bool spawning_resumed_ = false;  // the SpawnProcess awaiting process_started() has --resume
  bool process_resumed_ = false;  // started with --resume
  std::optional<std::string> resume_refusal_;  // ... and the CLI said it has no such conversation
  time_point last_output_{};

  std::optional<Turn> turn_;
  std::uint64_t next_turn_id_ = 1;
};

}  // namespace tether::server::claude_code
