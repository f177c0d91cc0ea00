// The state machine of one Tether session on the claude-code backend: the `claude`
// process it drives (started on the first message, stopped when idle, resumed with
// --resume), the running turn, permission prompts, the stall watchdog and the
// interrupt deadline. Every member is touched on one strand, except the permission
// ledger (its own mutex), so that a permission_response can be checked synchronously.
// Internal header (Asio): include it from .cpp files only.
#pragma once

#include "server/backends/backend.hpp"
#include "server/backends/claude_code/cli_process.hpp"
#include "server/backends/claude_code/process_slots.hpp"
#include "server/backends/claude_code/options.hpp"
#include "server/backends/claude_code/permission_ledger.hpp"
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
  using Clock = std::chrono::steady_clock;

  struct Turn {
    std::uint64_t id = 0;
    TurnInput input;
    std::shared_ptr<TurnObserver> observer;
    TurnMapper mapper;
    bool cancel_requested = false;
    bool stalled = false;
    bool saw_output = false;  // the CLI printed something during this turn
  };
  static constexpr std::chrono::milliseconds kStartupAllowance{30000};
  std::chrono::milliseconds stall_window() const;

  void do_start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer);
  void do_cancel();
  void do_shutdown();
  void do_set_permission_mode(std::string mode);
  void deliver_resolution(PermissionResolution resolution);
  void deny_when_unanswered(const std::string& permission_id);

  // Starts the turn's process once a slot is free (at once when one is).
  void start_process_when_free();
  bool spawn_process(std::shared_ptr<ProcessSlots::Slot> slot);
  void send_user_message();
  void send_control(std::string_view subtype, boost::json::object fields = {});
  void on_line(std::uint64_t generation, std::string line);
  void on_exit(std::uint64_t generation, int exit_code);
  void on_turn_end(const TurnEnd& end, const CliEvent& event);
  void apply(std::vector<TurnAction> actions);
  void answer_other_request(const OtherControlRequest& request);
  void emit(protocol::MessageType type, boost::json::object payload);
  void finish_turn(TurnResult result);
  void interrupt_with_deadline();
  void arm_stall_watchdog();
  void schedule_stall_check(std::uint64_t turn_id);
  void check_stall(std::uint64_t turn_id);
  void arm_idle_timer();
  void retire_idle_process(std::uint64_t generation, std::string_view why);
  void report_state();
  bool permission_prompt_open();

  SessionContext context_;
  std::shared_ptr<const BackendSettings> settings_;
  Strand strand_;
  boost::asio::steady_timer stall_timer_;
  boost::asio::steady_timer interrupt_timer_;
  boost::asio::steady_timer idle_timer_;
  std::atomic<bool> shut_down_{false};

  // The process and its generation: events of an older process are ignored.
  std::shared_ptr<CliProcess> process_;
  std::uint64_t generation_ = 0;
  bool waiting_for_slot_ = false;
  ProcessSlots::IdleToken idle_token_;  // set while the process waits for a turn
  bool process_resumed_ = false;     // started with --resume
  bool resume_refused_ = false;      // ... and the CLI said it has no such conversation
  std::string resume_refusal_;
  Clock::time_point last_output_{};

  std::unique_ptr<Turn> turn_;
  std::uint64_t next_turn_id_ = 1;
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
