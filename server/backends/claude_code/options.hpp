// Settings of the claude-code backend, with their defaults and why. Filled from the
// server's command line (--claude-path, --idle-process-timeout, …) and by tests.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tether::server::claude_code {

struct ClaudeCodeOptions {
  // The CLI executable; empty = look for `claude` on PATH.
  std::string claude_path;
  // --model for new processes; empty = the CLI's own default. A chat_request's model
  // overrides it for that session from then on (set_model).
  std::string model;
  // The permission mode a session starts in: default (ask), acceptEdits, plan, or
  // bypassPermissions (only with allow_bypass_permissions).
  std::string permission_mode = "default";
  // bypassPermissions lets the model run any tool unasked: off unless the operator
  // started the server with --allow-bypass-permissions.
  bool allow_bypass_permissions = false;
  // A process without a turn for this long is stopped; the next message resumes it
  // with --resume. 10 min keeps a conversation's process warm without hoarding memory.
  std::chrono::milliseconds idle_process_timeout = std::chrono::minutes(10);
  // No output for this long during a turn (outside tools and permission prompts) =
  // stalled: interrupt and tell the user. The CLI's own watchdog waits 5 min; 90 s is
  // longer than any healthy gap between stream events.
  std::chrono::milliseconds turn_stall_timeout = std::chrono::seconds(90);
  // After an interrupt, how long the CLI gets to end the turn before it is killed.
  std::chrono::milliseconds interrupt_grace = std::chrono::seconds(5);
  // After SIGTERM, how long before SIGKILL.
  std::chrono::milliseconds terminate_grace = std::chrono::seconds(2);
  // Bound on one stdout line. Tool results (a Read of a big file) can be megabytes.
  std::size_t max_line_bytes = 32u << 20;
  // How many stderr lines are kept to explain a failure.
  std::size_t stderr_tail_lines = 20;
  // A permission prompt unanswered for this long is denied, with a message saying so;
  // zero: prompts wait for an answer however long.
  std::chrono::milliseconds permission_timeout{0};
  // At most this many CLI processes at once over every session (0: sized to the machine,
  // default_max_claude_processes); past it a turn waits for a slot, visibly.
  std::size_t max_processes = 0;
  // The executable that supervises each CLI process (server/process/supervisor.hpp):
  // Tether's own binary; empty = unsupervised (tests that drive the backend in-process).
  std::string supervisor;
  // Where each CLI process is recorded while it runs, so that a restarted Tether ends
  // what a killed one left (server/process/leftovers.hpp); empty = not recorded.
  std::filesystem::path process_records;
  // Variables of the server's environment the CLI gets besides its allowlist
  // (--claude-env; the allowlist and what is never passed: cli_environment.hpp).
  std::vector<std::string> passed_env_names;
  // Extra environment for the CLI (tests point ANTHROPIC_BASE_URL at a fake here), set
  // after the allowlist has filtered the server's environment.
  std::map<std::string, std::string> extra_env;
};

// The permission modes a session may use under these options.
bool is_allowed_permission_mode(const ClaudeCodeOptions& options, std::string_view mode);

}  // namespace tether::server::claude_code
