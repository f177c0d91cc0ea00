// The claude-code session's lifecycle without a process, timers or threads: events in,
// actions out, time as plain time_points. Each test reads the actions as one line
// (describe below), so that a change in what happens, or in its order, shows.
#include "server/backends/claude_code/session_lifecycle.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tether::server::claude_code {
namespace {

using namespace std::chrono_literals;
using namespace lifecycle;
using time_point = LifecycleClock::time_point;

// Times read as offsets from t0, the test's start.
const time_point t0{std::chrono::hours(1000)};
time_point at(std::chrono::milliseconds offset) { return t0 + offset; }

std::string offset(time_point when) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when - t0).count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

const char* name(LifecycleTimer timer) {
  switch (timer) {
    case LifecycleTimer::stall: return "stall";
    case LifecycleTimer::interrupt: return "interrupt";
    case LifecycleTimer::idle: return "idle";
  }
  return "?";
}

const char* name(TurnEnding ending) {
  switch (ending) {
    case TurnEnding::completed: return "completed";
    case TurnEnding::spawn_failed: return "spawn_failed";
    case TurnEnding::cancelled: return "cancelled";
    case TurnEnding::stalled: return "stalled";
    case TurnEnding::exited: return "exited";
    case TurnEnding::server_stopped: return "server_stopped";
  }
  return "?";
}

const char* name(RetireReason why) {
  switch (why) {
    case RetireReason::idle: return "idle";
    case RetireReason::slot_needed: return "slot_needed";
    case RetireReason::shutdown: return "shutdown";
  }
  return "?";
}

std::string describe(const LifecycleAction& action) {
  struct Describe {
    std::string operator()(const AcquireSlot& a) { return "AcquireSlot#" + std::to_string(a.turn_id); }
    std::string operator()(const SpawnProcess& a) {
      return "Spawn#" + std::to_string(a.generation) + (a.resume ? " resume" : "");
    }
    std::string operator()(const SendUserMessage&) { return "SendUserMessage"; }
    std::string operator()(const SendInterrupt&) { return "SendInterrupt"; }
    std::string operator()(const ArmTimer& a) {
      return std::string("Arm(") + name(a.timer) + "#" + std::to_string(a.token) + " @" + offset(a.at) + ")";
    }
    std::string operator()(const CancelTimer& a) { return std::string("Cancel(") + name(a.timer) + ")"; }
    std::string operator()(const MarkIdle& a) { return "MarkIdle#" + std::to_string(a.generation); }
    std::string operator()(const ClearIdle&) { return "ClearIdle"; }
    std::string operator()(const TurnCancelled&) { return "TurnCancelled"; }
    std::string operator()(const TurnStalled& a) { return "TurnStalled#" + std::to_string(a.turn_id); }
    std::string operator()(const TerminateProcess& a) {
      return a.why == TerminateReason::shutdown ? "Terminate(shutdown)"
                                                : "Terminate(interrupt_ignored#" + std::to_string(a.turn_id) + ")";
    }
    std::string operator()(const RetireProcess& a) { return std::string("Retire(") + name(a.why) + ")"; }
    std::string operator()(const ProcessEnded&) { return "ProcessEnded"; }
    std::string operator()(const ResumeRefused& a) { return "ResumeRefused(" + a.refusal + ")"; }
    std::string operator()(const NoticeWaitingForSlot&) { return "NoticeWaitingForSlot"; }
    std::string operator()(const ClearNotice&) { return "ClearNotice"; }
    std::string operator()(const ReportState&) { return "ReportState"; }
    std::string operator()(const FinishTurn& a) {
      const bool with_code = a.ending == TurnEnding::stalled || a.ending == TurnEnding::exited;
      return std::string("Finish(") + name(a.ending) + (with_code ? " " + std::to_string(a.exit_code) : "") + ")";
    }
  };
  return std::visit(Describe{}, action);
}

std::string describe(const LifecycleActions& actions) {
  std::string line;
  for (const auto& action : actions) {
    if (!line.empty()) line += ", ";
    line += describe(action);
  }
  return line;
}

// 10 s stall window: shorter than the 30 s start-up allowance, so both show.
LifecycleSettings settings(bool slots_limited = false) {
  return {true, slots_limited, 10s, 5s, 600s};
}

const std::string kFirstStart = "Cancel(idle), ClearIdle, Spawn#1";
const std::string kStarted = "ReportState, SendUserMessage, Arm(stall#1 @30s)";  // at t0
const std::string kEndTimers = "Cancel(stall), Cancel(interrupt)";

// A session whose turn 1 runs on process 1 (started at t0; no output yet).
SessionLifecycle running(LifecycleSettings with = settings(), bool resumable = false) {
  SessionLifecycle session(with, resumable);
  session.start_turn(t0);
  if (with.slots_limited) session.slot_granted(1);
  session.process_started(t0);
  return session;
}

// A session whose process 1 is warm: turn 1 completed at t0 + 1 s.
SessionLifecycle warm(LifecycleSettings with = settings()) {
  auto session = running(with);
  session.output_seen(1, at(500ms));
  session.turn_completed(at(1s));
  return session;
}

TurnEnd resume_refusal() {
  TurnEnd end;
  end.subtype = "error_during_execution";
  end.is_error = true;
  end.num_turns = 0;
  end.errors = {"No conversation found with session ID: 1234"};
  return end;
}

// ---- process lifecycle ----

TEST(SessionLifecycle, TheFirstTurnSpawnsAFreshProcessThenSendsItsMessage) {
  SessionLifecycle session(settings(), false);
  EXPECT_EQ(session.turn_refusal(), std::nullopt);
  EXPECT_EQ(describe(session.start_turn(t0)), kFirstStart);
  EXPECT_EQ(session.process_state(), ProcessState::stopped) << "not running until it has started";
  EXPECT_EQ(describe(session.process_started(t0)), kStarted);
  EXPECT_EQ(session.process_state(), ProcessState::running);
  EXPECT_TRUE(session.turn_running());
}

TEST(SessionLifecycle, WithAConversationToContinueTheProcessResumesIt) {
  SessionLifecycle session(settings(), true);
  EXPECT_EQ(describe(session.start_turn(t0)), "Cancel(idle), ClearIdle, Spawn#1 resume");
}

TEST(SessionLifecycle, TheResultEndsTheTurnAndTheProcessWaitsIdle) {
  auto session = running();
  EXPECT_EQ(describe(session.turn_completed(at(2s))), kEndTimers + ", Finish(completed), Arm(idle#1 @602s)");
  EXPECT_FALSE(session.turn_running());
  EXPECT_EQ(session.process_state(), ProcessState::running);
  EXPECT_EQ(describe(session.turn_completed(at(3s))), "") << "no turn to complete";
}

TEST(SessionLifecycle, TheSecondTurnReusesTheWarmProcess) {
  auto session = warm();
  EXPECT_EQ(describe(session.start_turn(at(5s))),
            "Cancel(idle), ClearIdle, ReportState, SendUserMessage, Arm(stall#2 @35s)");
  EXPECT_EQ(session.generation(), 1u);
}

TEST(SessionLifecycle, TheIdleTimerRetiresTheProcessAndTheNextTurnResumes) {
  auto session = warm();
  session.set_resumable(true);  // the CLI reported its session id
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::idle, 1, at(601s))),
            "Cancel(idle), ClearIdle, Retire(idle), ReportState");
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_FALSE(session.current(1)) << "retired: its exit is not the session's any more";
  EXPECT_EQ(describe(session.process_exited(1, 0)), "");
  EXPECT_EQ(describe(session.start_turn(at(700s))), "Cancel(idle), ClearIdle, Spawn#3 resume")
      << "generation 2 was the retired one's last";
}

TEST(SessionLifecycle, TheIdleTimerRetiresNothingDuringATurnOrOfAnEarlierProcess) {
  auto session = warm();
  session.start_turn(at(5s));
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::idle, 1, at(601s))), "") << "a turn runs";
  session.turn_completed(at(6s));
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::idle, 0, at(606s))), "") << "another generation";
  EXPECT_EQ(session.process_state(), ProcessState::running);
}

TEST(SessionLifecycle, AFailedSpawnFailsTheTurnAndTheNextTurnTriesAgain) {
  SessionLifecycle session(settings(), false);
  session.start_turn(t0);
  EXPECT_EQ(describe(session.spawn_failed()), kEndTimers + ", Finish(spawn_failed)");
  EXPECT_FALSE(session.turn_running());
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_EQ(describe(session.start_turn(at(1s))), "Cancel(idle), ClearIdle, Spawn#2");
}

TEST(SessionLifecycle, ATurnIsRefusedWhileOneRunsOrWithoutTheCli) {
  auto session = running();
  EXPECT_EQ(session.turn_refusal(), TurnRefusal::busy);
  EXPECT_EQ(describe(session.start_turn(at(1s))), "");

  auto no_cli = settings();
  no_cli.cli_found = false;
  SessionLifecycle without(no_cli, false);
  EXPECT_EQ(without.turn_refusal(), TurnRefusal::no_cli);
  EXPECT_EQ(describe(without.start_turn(t0)), "");
  EXPECT_FALSE(without.turn_running());
}

// ---- the stall watchdog ----

TEST(SessionLifecycle, BeforeTheFirstOutputTheStallWindowIsTheStartupAllowance) {
  auto session = running();  // armed at 30 s, not 10 s
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(10s))), "Arm(stall#1 @30s)")
      << "early: re-armed for the rest of the allowance";
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(30s))),
            "TurnStalled#1, ReportState, SendInterrupt, Arm(interrupt#1 @35s)");
}

TEST(SessionLifecycle, TheStartupAllowanceIsAFloorNotAnExtension) {
  auto longer = settings();
  longer.stall_timeout = 60s;
  SessionLifecycle session(longer, false);
  session.start_turn(t0);
  EXPECT_EQ(describe(session.process_started(t0)), "ReportState, SendUserMessage, Arm(stall#1 @60s)");
}

TEST(SessionLifecycle, TheFirstOutputMovesTheWatchdogToTheNormalWindow) {
  auto session = running();
  EXPECT_EQ(describe(session.output_seen(1, at(2s))), "Arm(stall#1 @12s)");
  EXPECT_EQ(describe(session.output_seen(1, at(8s))), "") << "later output only moves the deadline";
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(12s))), "Arm(stall#1 @18s)");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(18s))),
            "TurnStalled#1, ReportState, SendInterrupt, Arm(interrupt#1 @23s)");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(30s))), "") << "stalled once";
}

TEST(SessionLifecycle, AnOpenPermissionPromptOrARunningToolSuspendsTheWatchdog) {
  auto session = running();
  session.output_seen(1, at(1s));
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(11s), true)), "Arm(stall#1 @21s)")
      << "the wait counts from now";
  // The user answers at 20 s: the window starts again from the answer.
  session.user_answered(at(20s));
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(21s))), "Arm(stall#1 @30s)");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(30s))),
            "TurnStalled#1, ReportState, SendInterrupt, Arm(interrupt#1 @35s)");
}

TEST(SessionLifecycle, AStalledTurnIsKilledAfterTheGraceAndFailsAsStalled) {
  auto session = running(settings(), true);
  session.output_seen(1, at(1s));
  session.timer_fired(LifecycleTimer::stall, 1, at(11s));
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::interrupt, 1, at(16s))), "Terminate(interrupt_ignored#1)");
  EXPECT_EQ(describe(session.process_exited(1, 143)), "ProcessEnded, ReportState, " + kEndTimers + ", Finish(stalled 143)");
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_EQ(describe(session.start_turn(at(20s))), "Cancel(idle), ClearIdle, Spawn#2 resume");
}

TEST(SessionLifecycle, AStalledTurnThatEndsInTimeKeepsItsProcess) {
  auto session = running();
  session.output_seen(1, at(1s));
  session.timer_fired(LifecycleTimer::stall, 1, at(11s));
  EXPECT_EQ(describe(session.turn_completed(at(12s))), kEndTimers + ", Finish(completed), Arm(idle#1 @612s)");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::interrupt, 1, at(16s))), "") << "that turn is over";
}

TEST(SessionLifecycle, OutputBetweenTurnsArmsNoWatchdog) {
  auto session = warm();
  EXPECT_EQ(describe(session.output_seen(1, at(2s))), "");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(40s))), "");
}

// ---- cancel ----

TEST(SessionLifecycle, CancelInterruptsThenKillsAfterTheGraceAndTheTurnEndsCancelled) {
  auto session = running();
  EXPECT_EQ(describe(session.cancel(at(3s))), "TurnCancelled, SendInterrupt, Arm(interrupt#1 @8s)");
  EXPECT_EQ(describe(session.cancel(at(4s))), "") << "cancelled once";
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(30s))), "") << "no stall after a cancel";
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::interrupt, 1, at(8s))), "Terminate(interrupt_ignored#1)");
  EXPECT_EQ(describe(session.process_exited(1, 143)), "ProcessEnded, ReportState, " + kEndTimers + ", Finish(cancelled)");
  EXPECT_FALSE(session.turn_running());
}

TEST(SessionLifecycle, ACancelTheCliHonoursKeepsTheProcessWarm) {
  auto session = running();
  session.cancel(at(3s));
  EXPECT_EQ(describe(session.turn_completed(at(4s))), kEndTimers + ", Finish(completed), Arm(idle#1 @604s)");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::interrupt, 1, at(8s))), "");
  EXPECT_EQ(session.process_state(), ProcessState::running);
}

TEST(SessionLifecycle, AStalledTurnCanStillBeCancelled) {
  auto session = running();
  session.output_seen(1, at(1s));
  session.timer_fired(LifecycleTimer::stall, 1, at(11s));
  EXPECT_EQ(describe(session.cancel(at(12s))), "TurnCancelled, SendInterrupt, Arm(interrupt#1 @17s)");
  EXPECT_EQ(describe(session.process_exited(1, 143)), "ProcessEnded, ReportState, " + kEndTimers + ", Finish(cancelled)");
}

TEST(SessionLifecycle, CancelWithoutATurnDoesNothing) {
  auto session = warm();
  EXPECT_EQ(describe(session.cancel(at(2s))), "");
  SessionLifecycle fresh(settings(), false);
  EXPECT_EQ(describe(fresh.cancel(t0)), "");
}

// ---- the process dies ----

TEST(SessionLifecycle, AProcessThatExitsMidTurnFailsItAndTheNextMessageResumes) {
  auto session = running(settings(), true);
  session.output_seen(1, at(1s));
  EXPECT_EQ(describe(session.process_exited(1, 1)), "ProcessEnded, ReportState, " + kEndTimers + ", Finish(exited 1)");
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(11s))), "");
  EXPECT_EQ(describe(session.start_turn(at(20s))), "Cancel(idle), ClearIdle, Spawn#2 resume");
}

TEST(SessionLifecycle, AProcessThatExitsBetweenTurnsIsForgotten) {
  auto session = warm();
  EXPECT_EQ(describe(session.process_exited(1, 0)), "ProcessEnded, ReportState");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::idle, 1, at(601s))), "") << "nothing left to retire";
}

TEST(SessionLifecycle, RefusedResumeStartsAFreshConversationForTheSameTurn) {
  auto session = running(settings(), true);
  EXPECT_TRUE(session.refuses_resume(resume_refusal()));
  EXPECT_EQ(describe(session.process_exited(1, 1)),
            "ProcessEnded, ResumeRefused(No conversation found with session ID: 1234), ReportState, Spawn#2");
  EXPECT_TRUE(session.turn_running()) << "the turn goes on with the new process";
  EXPECT_EQ(describe(session.process_started(at(2s))), "ReportState, SendUserMessage, Arm(stall#1 @32s)");
  EXPECT_FALSE(session.refuses_resume(resume_refusal())) << "this process was not resumed";
}

TEST(SessionLifecycle, RefusedResumeWaitsForASlotLikeAnyStart) {
  auto session = running(settings(true), true);
  ASSERT_TRUE(session.refuses_resume(resume_refusal()));
  EXPECT_EQ(describe(session.process_exited(1, 1)),
            "ProcessEnded, ResumeRefused(No conversation found with session ID: 1234), ReportState, AcquireSlot#1");
}

TEST(SessionLifecycle, OnlyThatErrorOfAResumedProcessIsARefusal) {
  auto fresh = running(settings(), false);
  EXPECT_FALSE(fresh.refuses_resume(resume_refusal())) << "not resumed";

  auto resumed = running(settings(), true);
  auto after_a_turn = resume_refusal();
  after_a_turn.num_turns = 1;
  EXPECT_FALSE(resumed.refuses_resume(after_a_turn));
  auto not_an_error = resume_refusal();
  not_an_error.is_error = false;
  EXPECT_FALSE(resumed.refuses_resume(not_an_error));
  auto other_error = resume_refusal();
  other_error.errors = {"Overloaded"};
  EXPECT_FALSE(resumed.refuses_resume(other_error));
  EXPECT_EQ(describe(resumed.process_exited(1, 1)), "ProcessEnded, ReportState, " + kEndTimers + ", Finish(exited 1)")
      << "a plain exit, not a restart";
}

// ---- generations ----

TEST(SessionLifecycle, EventsOfAnEarlierProcessOrTurnAreIgnored) {
  auto session = warm();
  session.timer_fired(LifecycleTimer::idle, 1, at(601s));  // process 1 retired
  session.start_turn(at(700s));                            // turn 2 on process generation 3
  session.process_started(at(700s));
  EXPECT_FALSE(session.current(1));
  EXPECT_TRUE(session.current(3));
  EXPECT_EQ(describe(session.output_seen(1, at(701s))), "");
  EXPECT_EQ(describe(session.process_exited(1, 0)), "");
  EXPECT_EQ(describe(session.slot_needed(1)), "");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::stall, 1, at(800s))), "") << "turn 1's watchdog";
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::interrupt, 1, at(800s))), "");
  EXPECT_EQ(describe(session.slot_granted(1)), "") << "a grant for turn 1";
  EXPECT_TRUE(session.turn_running());
  EXPECT_EQ(session.process_state(), ProcessState::running);
  EXPECT_EQ(describe(session.output_seen(3, at(702s))), "Arm(stall#2 @712s)") << "the current one counts";
}

// ---- process slots (--max-claude-processes) ----

TEST(SessionLifecycle, PastTheProcessLimitATurnWaitsForASlotVisibly) {
  SessionLifecycle session(settings(true), false);
  EXPECT_EQ(describe(session.start_turn(t0)), "Cancel(idle), ClearIdle, AcquireSlot#1");
  EXPECT_EQ(describe(session.slot_queued()), "NoticeWaitingForSlot, ReportState");
  EXPECT_EQ(session.process_state(), ProcessState::waiting_for_slot);
  EXPECT_EQ(describe(session.slot_granted(1)), "ClearNotice, Spawn#1") << "the wait is over, and so is its notice";
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_EQ(describe(session.process_started(at(40s))), "ReportState, SendUserMessage, Arm(stall#1 @70s)")
      << "the watchdog starts with the process, not with the wait";
}

TEST(SessionLifecycle, ASlotGrantedAtOnceStartsTheProcessWithoutANotice) {
  SessionLifecycle session(settings(true), false);
  session.start_turn(t0);
  EXPECT_EQ(describe(session.slot_granted(1)), "Spawn#1");
}

TEST(SessionLifecycle, CancelWhileWaitingForASlotEndsTheTurnAndTheGrantGoesBack) {
  SessionLifecycle session(settings(true), false);
  session.start_turn(t0);
  session.slot_queued();
  EXPECT_EQ(describe(session.cancel(at(1s))), "TurnCancelled, ClearNotice, " + kEndTimers + ", Finish(cancelled)");
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_EQ(describe(session.slot_granted(1)), "") << "nobody to take it";
}

TEST(SessionLifecycle, AnIdleProcessMakesRoomWhenAnotherSessionNeedsItsSlot) {
  auto session = warm(settings(true));
  session.start_turn(at(2s));
  EXPECT_EQ(describe(session.turn_completed(at(3s))), kEndTimers + ", Finish(completed), Arm(idle#1 @603s), MarkIdle#1");
  EXPECT_EQ(describe(session.slot_needed(1)), "Cancel(idle), ClearIdle, Retire(slot_needed), ReportState");
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_EQ(describe(session.start_turn(at(4s))), "Cancel(idle), ClearIdle, AcquireSlot#3");
}

TEST(SessionLifecycle, AProcessWithATurnIsNotRetiredForRoom) {
  auto session = running(settings(true));
  EXPECT_EQ(describe(session.slot_needed(1)), "");
  EXPECT_EQ(session.process_state(), ProcessState::running);
}

// ---- shutdown ----

TEST(SessionLifecycle, ShutdownOfASessionWithoutAProcessOnlyStopsItsTimers) {
  SessionLifecycle session(settings(), false);
  EXPECT_EQ(describe(session.shutdown()), "ClearIdle, Cancel(stall), Cancel(interrupt), Cancel(idle)");
  EXPECT_EQ(session.turn_refusal(), TurnRefusal::closed);
  EXPECT_EQ(describe(session.start_turn(t0)), "");
}

TEST(SessionLifecycle, ShutdownBetweenTurnsLetsTheProcessSaveAndExit) {
  auto session = warm();
  EXPECT_EQ(describe(session.shutdown()), "ClearIdle, Cancel(stall), Cancel(interrupt), Cancel(idle), Retire(shutdown)");
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_EQ(describe(session.process_exited(1, 0)), "") << "detached";
}

TEST(SessionLifecycle, ShutdownMidTurnEndsTheTurnAndTerminatesTheProcess) {
  auto session = running();
  EXPECT_EQ(describe(session.shutdown()),
            "ClearIdle, Cancel(stall), Cancel(interrupt), Cancel(idle), Finish(server_stopped), Terminate(shutdown)");
  EXPECT_FALSE(session.turn_running());
  EXPECT_EQ(describe(session.process_exited(1, 143)), "");
  EXPECT_EQ(describe(session.timer_fired(LifecycleTimer::interrupt, 1, at(10s))), "");
}

TEST(SessionLifecycle, ShutdownWhileWaitingForASlotEndsTheTurnAndRefusesTheGrant) {
  SessionLifecycle session(settings(true), false);
  session.start_turn(t0);
  session.slot_queued();
  EXPECT_EQ(describe(session.shutdown()),
            "ClearIdle, Cancel(stall), Cancel(interrupt), Cancel(idle), Finish(server_stopped)");
  EXPECT_EQ(session.process_state(), ProcessState::stopped);
  EXPECT_EQ(describe(session.slot_granted(1)), "");
}

TEST(SessionLifecycle, ShutdownDuringACancelEndsTheTurnAsStopped) {
  auto session = running();
  session.cancel(at(1s));
  EXPECT_EQ(describe(session.shutdown()),
            "ClearIdle, Cancel(stall), Cancel(interrupt), Cancel(idle), Finish(server_stopped), Terminate(shutdown)");
}

TEST(SessionLifecycle, OnceClosingNothingNewStartsBeforeTheTeardown) {
  // shutdown() was called on another thread; its teardown has not run yet.
  auto session = running(settings(true));
  session.close();
  EXPECT_EQ(session.turn_refusal(), TurnRefusal::closed);
  EXPECT_EQ(describe(session.turn_completed(at(1s))), kEndTimers + ", Finish(completed)") << "no idle wait";

  SessionLifecycle waiting(settings(true), false);
  waiting.start_turn(t0);
  waiting.close();
  EXPECT_EQ(describe(waiting.slot_granted(1)), "") << "the grant goes back";
}

}  // namespace
}  // namespace tether::server::claude_code
