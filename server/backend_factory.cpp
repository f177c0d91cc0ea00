#include "server/backend_factory.hpp"

#include "server/backends/claude_code/backend_selection.hpp"
#include "server/backends/claude_code/claude_code_backend.hpp"
#include "server/backends/echo_backend.hpp"

#include <spdlog/spdlog.h>

namespace tether::server {

claude_code::ClaudeCodeOptions claude_code_options(const ServerConfig& config) {
  claude_code::ClaudeCodeOptions options;
  options.claude_path = config.claude_path;
  options.model = config.model;
  options.permission_mode = config.permission_mode;
  options.allow_bypass_permissions = config.allow_bypass_permissions;
  options.idle_process_timeout = config.idle_process_timeout;
  options.turn_stall_timeout = config.turn_stall_timeout;
  options.max_processes = config.max_claude_processes;
  options.permission_timeout = config.permission_timeout;
  options.passed_env_names = config.claude_env;
  // This binary: every CLI runs under `tether __supervise`, so none outlives the server.
  options.supervisor = "/proc/self/exe";
  options.process_records = config.process_records_dir();
  return options;
}

std::variant<std::unique_ptr<Backend>, std::string> make_backend(const ServerConfig& config) {
  const auto choice = claude_code::parse_backend_choice(config.backend);
  if (!choice) return "--backend must be auto, echo or claude-code";
  auto options = claude_code_options(config);
  auto selection = claude_code::select_backend(*choice, options);
  if (selection.use_claude_code) return std::make_unique<claude_code::ClaudeCodeBackend>(std::move(options));
  if (*choice == claude_code::BackendChoice::automatic) spdlog::warn("{}", selection.reason);
  std::optional<std::string> reason;
  if (*choice == claude_code::BackendChoice::automatic) reason = std::move(selection.reason);
  return std::make_unique<EchoBackend>(config.echo_delay, std::move(reason));
}

}  // namespace tether::server
