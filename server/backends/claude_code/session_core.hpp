// One Tether session on the claude-code backend: the `claude` process it drives
// (started on the first message, stopped when idle, resumed with --resume), the running
// turn, permission prompts, the stall watchdog and the interrupt deadline. When each of
// these happens is SessionLifecycle's decision (pure, unit-tested); this class feeds it
// events and carries out its actions with the real process, timers and observers.
// Every member is touched on one strand, except the permission ledger (its own mutex),
// so that a permission_response can be checked synchronously.
// Internal header (Asio): include it from .cpp files only.
#pragma once

#include "server/backends/backend.hpp"
#include "server/backends/claude_code/cli_process.hpp"
#include "server/backends/claude_code/process_slots.hpp"
#include "server/backends/claude_code/options.hpp"
#include "server/backends/claude_code/permission_ledger.hpp"
#include "server/backends/claude_code/session_lifecycle.hpp"
#include "server/backends/claude_code/turn_mapper.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tether::server::claude_code {

// What every session of one backend shares: options and the result of the CLI lookup.
struct BackendSettings {
  ClaudeCodeOptions options;
  std::optional<std::string> executable;  // unset: the CLI was not found
  std::string lookup_explanation;
  std::vector<std::string> inherited_env;  // the server's environment through the allowlist (cli_environment.hpp)
  std::shared_ptr<ProcessSlots> slots;       // --max-claude-processes, shared by every session
  bool running_as_root = false;
};

class SessionCore : public std::enable_shared_from_this<SessionCore> {
 public:
  SessionCore(SessionContext context, std::shared_ptr<const BackendSettings> settings);

  // The BackendSession calls; callable from any thread.
  void start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer);
  void cancel();
  protocol::Result<void> handle_control(const protocol::SessionControl& control);
  void shutdown();

 private:
  using Strand = CliProcess::Strand;
  using Clock = LifecycleClock;

  struct Turn {
    TurnInput input;
    std::shared_ptr<TurnObserver> observer;
    TurnMapper mapper;
    std::optional<TurnResult> result;  // known before the lifecycle ends it: its result line, a failed spawn
    std::string exit_stderr;           // what its process said before dying under it
  };

  // Every event reaches the core through here (see the definition).
  SessionLifecycle& lifecycle();
  void perform(LifecycleActions actions);

  void do_start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer);
  void do_cancel();
  void do_shutdown();
  void do_set_permission_mode(std::string mode);
  void deliver_resolution(PermissionResolution resolution);
  void deny_when_unanswered(const std::string& permission_id);

  void acquire_slot(std::uint64_t turn_id);
  void on_slot_granted(std::uint64_t turn_id, std::shared_ptr<ProcessSlots::Slot> slot);
  void spawn_process(std::uint64_t generation, bool resume);
  void process_ended();
  void terminate_process(const lifecycle::TerminateProcess& terminate);
  void retire_process(RetireReason why);
  void arm_timer(const lifecycle::ArmTimer& arm);
  boost::asio::steady_timer& timer_for(LifecycleTimer which);
  void on_timer(LifecycleTimer which, std::uint64_t token);
  void mark_idle(std::uint64_t generation);
  void turn_stalled(std::uint64_t turn_id);
  void finish_turn(const lifecycle::FinishTurn& finish);
  TurnResult result_of(Turn& turn, const lifecycle::FinishTurn& finish) const;

  void send_user_message();
  void send_control(std::string_view subtype, boost::json::object fields = {});
  void on_line(std::uint64_t generation, std::string line);
  void on_turn_end(const TurnEnd& end, const CliEvent& event);
  void apply(std::vector<TurnAction> actions);
  void answer_other_request(const OtherControlRequest& request);
  void emit(protocol::MessageType type, boost::json::object payload);
  void report_state();
  bool permission_prompt_open();

  SessionContext context_;
  std::shared_ptr<const BackendSettings> settings_;
  Strand strand_;
  boost::asio::steady_timer stall_timer_;
  boost::asio::steady_timer interrupt_timer_;
  boost::asio::steady_timer idle_timer_;
  std::atomic<bool> shut_down_{false};

  // Decides what happens when; this class carries it out.
  SessionLifecycle lifecycle_;
  std::shared_ptr<CliProcess> process_;  // while the lifecycle's process runs
  std::shared_ptr<ProcessSlots::Slot> granted_slot_;  // for the SpawnProcess of a grant
  ProcessSlots::IdleToken idle_token_;  // set while the process waits for a turn

  std::unique_ptr<Turn> turn_;
  std::uint64_t next_request_id_ = 1;
  std::map<std::string, std::string> outgoing_requests_;  // our control request id -> subtype

  // Backend state, reported through the state sink (and restored from saved_state).
  std::string claude_session_id_;
  std::string selected_model_;  // --model / set_model; empty = the CLI's default
  std::string model_;           // the model the CLI reports
  std::string permission_mode_;
  boost::json::array tools_;
  std::string claude_code_version_;
  std::optional<std::string> notice_;
  std::optional<boost::json::object> retry_;
  std::optional<std::string> retry_notice_;  // the notice_ an api_retry set, if any
  boost::json::object last_reported_;

  std::mutex ledger_mutex_;
  PermissionLedger ledger_;  // guarded by ledger_mutex_
};

}  // namespace tether::server::claude_code
