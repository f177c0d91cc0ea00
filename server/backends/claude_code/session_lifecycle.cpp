// The lifecycle decisions of a claude-code session; see session_lifecycle.hpp.
#include "server/backends/claude_code/session_lifecycle.hpp"

#include <algorithm>

namespace tether::server::claude_code {
using namespace lifecycle;

SessionLifecycle::SessionLifecycle(LifecycleSettings settings, bool resumable)
    : settings_(settings), resumable_(resumable) {}

// ---- turns ----

std::optional<TurnRefusal> SessionLifecycle::turn_refusal() const {
  if (closed_) return TurnRefusal::closed;
  if (turn_) return TurnRefusal::busy;
  if (!settings_.cli_found) return TurnRefusal::no_cli;
  return std::nullopt;
}

LifecycleActions SessionLifecycle::start_turn(time_point now) {
  if (turn_refusal()) return {};
  // Its process has a turn now: not one to retire, for time or for room.
  LifecycleActions actions{CancelTimer{LifecycleTimer::idle}, ClearIdle{}};
  turn_ = Turn{next_turn_id_++};
  if (process_ != ProcessState::running) {
    start_process(actions);
    return actions;
  }
  actions.emplace_back(ReportState{});
  actions.emplace_back(SendUserMessage{});
  arm_stall_watchdog(now, actions);
  return actions;
}

LifecycleActions SessionLifecycle::turn_completed(time_point now) {
  LifecycleActions actions;
  if (!turn_) return actions;
  finish(TurnEnding::completed, 0, actions);
  wait_idle(now, actions);
  return actions;
}

LifecycleActions SessionLifecycle::cancel(time_point now) {
  LifecycleActions actions;
  if (!turn_ || turn_->cancel_requested) return actions;
  turn_->cancel_requested = true;
  actions.emplace_back(TurnCancelled{});
  if (process_ != ProcessState::running) {
    // Still waiting for a slot: the grant, when it comes, is given back.
    process_ = ProcessState::stopped;
    actions.emplace_back(ClearNotice{});
    finish(TurnEnding::cancelled, 0, actions);
    return actions;
  }
  interrupt_with_deadline(now, actions);
  return actions;
}

// ---- the process ----

void SessionLifecycle::start_process(LifecycleActions& actions) {
  if (settings_.slots_limited) {
    actions.emplace_back(AcquireSlot{turn_->id});
    return;
  }
  spawning_resumed_ = resumable_;
  actions.emplace_back(SpawnProcess{++generation_, resumable_});
}

LifecycleActions SessionLifecycle::slot_queued() {
  if (!turn_ || process_ != ProcessState::stopped) return {};
  process_ = ProcessState::waiting_for_slot;
  return {NoticeWaitingForSlot{}, ReportState{}};
}

LifecycleActions SessionLifecycle::slot_granted(std::uint64_t turn_id) {
  LifecycleActions actions;
  // Cancelled or closed meanwhile: the slot goes back (to the next in line).
  if (closed_ || !turn_ || turn_->id != turn_id || process_ == ProcessState::running) return actions;
  if (process_ == ProcessState::waiting_for_slot) {  // the wait is over, and so is its notice
    process_ = ProcessState::stopped;
    actions.emplace_back(ClearNotice{});
  }
  spawning_resumed_ = resumable_;
  actions.emplace_back(SpawnProcess{++generation_, resumable_});
  return actions;
}

LifecycleActions SessionLifecycle::process_started(time_point now) {
  process_ = ProcessState::running;
  process_resumed_ = spawning_resumed_;
  resume_refusal_.reset();
  LifecycleActions actions{ReportState{}};
  if (turn_) {
    actions.emplace_back(SendUserMessage{});
    arm_stall_watchdog(now, actions);
  }
  return actions;
}

LifecycleActions SessionLifecycle::spawn_failed() {
  LifecycleActions actions;
  finish(TurnEnding::spawn_failed, 0, actions);
  return actions;
}

LifecycleActions SessionLifecycle::output_seen(std::uint64_t generation, time_point now) {
  LifecycleActions actions;
  if (!current(generation)) return actions;
  last_output_ = now;
  if (turn_ && !turn_->saw_output) {
    turn_->saw_output = true;
    // The start-up allowance is over: the watchdog moves to the normal window.
    if (!turn_->stalled && !turn_->cancel_requested) schedule_stall_check(actions);
  }
  return actions;
}

bool SessionLifecycle::refuses_resume(const TurnEnd& end) {
  // --resume of a conversation the CLI does not have (another machine, deleted
  // transcripts, another cwd): it prints this result and exits 1.
  if (!process_resumed_ || !end.is_error || end.num_turns != 0) return false;
  const auto refusal = std::find_if(end.errors.begin(), end.errors.end(), [](const std::string& error) {
    return error.find("No conversation found") != std::string::npos;
  });
  if (refusal == end.errors.end()) return false;
  resume_refusal_ = *refusal;
  return true;
}

LifecycleActions SessionLifecycle::process_exited(std::uint64_t generation, int exit_code) {
  LifecycleActions actions;
  if (!current(generation) || process_ != ProcessState::running) return actions;
  process_ = ProcessState::stopped;
  actions.emplace_back(ProcessEnded{});
  if (resume_refusal_) {
    actions.emplace_back(ResumeRefused{std::move(*resume_refusal_)});
    resume_refusal_.reset();
    resumable_ = false;
    actions.emplace_back(ReportState{});
    if (turn_) start_process(actions);
    return actions;
  }
  actions.emplace_back(ReportState{});
  if (!turn_) return actions;
  if (turn_->cancel_requested) finish(TurnEnding::cancelled, 0, actions);
  else if (turn_->stalled) finish(TurnEnding::stalled, exit_code, actions);
  else finish(TurnEnding::exited, exit_code, actions);
  return actions;
}

LifecycleActions SessionLifecycle::slot_needed(std::uint64_t generation) {
  LifecycleActions actions;
  retire(generation, RetireReason::slot_needed, actions);
  return actions;
}

void SessionLifecycle::wait_idle(time_point now, LifecycleActions& actions) const {
  if (process_ != ProcessState::running || closed_) return;
  actions.emplace_back(ArmTimer{LifecycleTimer::idle, now + settings_.idle_timeout, generation_});
  // Another session waiting for a slot may ask this idle process to make room first.
  if (settings_.slots_limited) actions.emplace_back(MarkIdle{generation_});
}

void SessionLifecycle::retire(std::uint64_t generation, RetireReason why, LifecycleActions& actions) {
  if (turn_ || generation != generation_ || process_ != ProcessState::running) return;
  actions.emplace_back(CancelTimer{LifecycleTimer::idle});
  actions.emplace_back(ClearIdle{});
  // Detached at once: a message arriving while it exits gets a fresh process.
  ++generation_;
  process_ = ProcessState::stopped;
  actions.emplace_back(RetireProcess{why});
  actions.emplace_back(ReportState{});
}

// ---- time ----

LifecycleActions SessionLifecycle::timer_fired(LifecycleTimer timer, std::uint64_t token, time_point now,
                                               bool silence_expected) {
  LifecycleActions actions;
  switch (timer) {
    case LifecycleTimer::stall:
      check_stall(token, now, silence_expected, actions);
      break;
    case LifecycleTimer::interrupt:
      if (turn_ && turn_->id == token && process_ == ProcessState::running)
        actions.emplace_back(TerminateProcess{TerminateReason::interrupt_ignored, token});
      break;
    case LifecycleTimer::idle:
      retire(token, RetireReason::idle, actions);
      break;
  }
  return actions;
}

// Until the turn's first output the window is at least kStartupAllowance.
std::chrono::milliseconds SessionLifecycle::stall_window() const {
  if (turn_ && !turn_->saw_output) return std::max(settings_.stall_timeout, kStartupAllowance);
  return settings_.stall_timeout;
}

void SessionLifecycle::arm_stall_watchdog(time_point now, LifecycleActions& actions) {
  if (!turn_) return;
  last_output_ = now;
  schedule_stall_check(actions);
}

void SessionLifecycle::schedule_stall_check(LifecycleActions& actions) const {
  actions.emplace_back(ArmTimer{LifecycleTimer::stall, last_output_ + stall_window(), turn_->id});
}

void SessionLifecycle::check_stall(std::uint64_t turn_id, time_point now, bool silence_expected,
                                   LifecycleActions& actions) {
  if (!turn_ || turn_->id != turn_id || turn_->stalled || turn_->cancel_requested ||
      process_ != ProcessState::running)
    return;
  if (now < last_output_ + stall_window()) {  // output came since the timer was armed
    schedule_stall_check(actions);
    return;
  }
  // Silence while a tool runs or while the user decides is expected, not a stall.
  if (silence_expected) {
    last_output_ = now;
    schedule_stall_check(actions);
    return;
  }
  turn_->stalled = true;
  actions.emplace_back(TurnStalled{turn_id});
  actions.emplace_back(ReportState{});
  interrupt_with_deadline(now, actions);
}

// interrupt keeps the process and the partial reply; a CLI that does not end the turn
// within the grace period is killed (the next message resumes with --resume).
void SessionLifecycle::interrupt_with_deadline(time_point now, LifecycleActions& actions) const {
  actions.emplace_back(SendInterrupt{});
  actions.emplace_back(ArmTimer{LifecycleTimer::interrupt, now + settings_.interrupt_grace, turn_->id});
}

void SessionLifecycle::finish(TurnEnding ending, int exit_code, LifecycleActions& actions) {
  if (!turn_) return;
  turn_.reset();
  actions.emplace_back(CancelTimer{LifecycleTimer::stall});
  actions.emplace_back(CancelTimer{LifecycleTimer::interrupt});
  actions.emplace_back(FinishTurn{ending, exit_code});
}

// ---- the end ----

LifecycleActions SessionLifecycle::shutdown() {
  closed_ = true;
  LifecycleActions actions{ClearIdle{}, CancelTimer{LifecycleTimer::stall}, CancelTimer{LifecycleTimer::interrupt},
                           CancelTimer{LifecycleTimer::idle}};
  const bool mid_turn = turn_.has_value();
  if (turn_) {
    turn_.reset();
    actions.emplace_back(FinishTurn{TurnEnding::server_stopped});
  }
  if (process_ == ProcessState::running) {
    ++generation_;
    // Between turns, end the CLI with stdin EOF: it exits by itself after saving its
    // transcript, so that --resume works after a restart. Mid-turn, stop it now.
    if (mid_turn) actions.emplace_back(TerminateProcess{TerminateReason::shutdown});
    else actions.emplace_back(RetireProcess{RetireReason::shutdown});
  }
  process_ = ProcessState::stopped;
  return actions;
}

}  // namespace tether::server::claude_code
