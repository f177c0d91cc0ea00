// The claude-code Backend and its BackendSession; see claude_code_backend.hpp.
#include "server/backends/claude_code/claude_code_backend.hpp"

#include "server/backends/claude_code/capabilities_probe.hpp"
#include "server/backends/claude_code/cli_environment.hpp"
#include "server/backends/claude_code/session_core.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <unistd.h>

extern char** environ;

namespace tether::server::claude_code {
namespace {

// The hub owns this; the SessionCore behind it lives on while its process is reaped.
class ClaudeCodeSession final : public BackendSession {
 public:
  explicit ClaudeCodeSession(std::shared_ptr<SessionCore> core) : core_(std::move(core)) {}
  ~ClaudeCodeSession() override { core_->shutdown(); }

  void start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer) override {
    core_->start_turn(std::move(input), std::move(observer));
  }
  void cancel() override { core_->cancel(); }
  protocol::Result<void> handle_control(const protocol::SessionControl& control) override {
    return core_->handle_control(control);
  }
  void shutdown() override { core_->shutdown(); }

 private:
  std::shared_ptr<SessionCore> core_;
};

std::vector<std::string> current_environment() {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) env.emplace_back(*entry);
  return env;
}

// The allowlisted part of the server's environment, once: what every CLI process (the
// capabilities probe included) starts with. Says what of --claude-env it leaves out.
std::vector<std::string> cli_environment_of_server(const ClaudeCodeOptions& options) {
  auto environment = cli_environment(current_environment(), options.passed_env_names);
  for (const auto& name : environment.withheld)
    spdlog::warn("claude-code: --claude-env {}: never passed to Claude Code (TETHER_* and NODE_OPTIONS are withheld)",
                 name);
  for (const auto& name : environment.unset)
    spdlog::warn("claude-code: --claude-env {}: not set in the server's environment", name);
  return std::move(environment.entries);
}

std::string path_variable() {
  const char* path = std::getenv("PATH");
  return path ? path : "";
}

}  // namespace

CliLookup detect_claude_cli(const ClaudeCodeOptions& options) {
  return find_claude_cli(options.claude_path, path_variable());
}

ClaudeCodeBackend::ClaudeCodeBackend(ClaudeCodeOptions options) {
  // Writing to the stdin of a CLI that just died must be an EPIPE error, not a signal
  // that ends the whole server.
  std::signal(SIGPIPE, SIG_IGN);
  auto settings = std::make_shared<BackendSettings>();
  const auto lookup = detect_claude_cli(options);
  settings->executable = lookup.path;
  settings->lookup_explanation = lookup.explanation;
  settings->inherited_env = cli_environment_of_server(options);
  settings->options = std::move(options);
  settings->slots = std::make_shared<ProcessSlots>(settings->options.max_processes > 0
                                                       ? settings->options.max_processes
                                                       : default_max_claude_processes());
  spdlog::info("claude-code: at most {} Claude Code processes at once (--max-claude-processes)",
               settings->slots->capacity());
  settings->running_as_root = ::geteuid() == 0;
  if (lookup.path) spdlog::info("claude-code: {}", lookup.explanation);
  else spdlog::warn("claude-code: {}; every turn will fail until it is installed", lookup.explanation);
  settings_ = std::move(settings);
}

ClaudeCodeBackend::~ClaudeCodeBackend() = default;

bool ClaudeCodeBackend::available() const noexcept { return settings_->executable.has_value(); }

std::optional<std::string> ClaudeCodeBackend::reason() const { return settings_->lookup_explanation; }

protocol::Result<std::string> ClaudeCodeBackend::self_check() {
  if (!available()) {
    return protocol::Error{protocol::ErrorCode::backend_unavailable, settings_->lookup_explanation,
                           std::string(kInstallHint)};
  }
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(capabilities_mutex_);
    if (version_ && now - version_->first < kCapabilitiesTtl) return version_->second;
  }
  auto version = probe_version(*settings_->executable, settings_->inherited_env, settings_->options.supervisor,
                               std::chrono::seconds(10));
  protocol::Result<std::string> described =
      version ? protocol::Result<std::string>("Claude Code " + *version + " at " + *settings_->executable)
              : protocol::Result<std::string>(version.error());
  std::lock_guard lock(capabilities_mutex_);
  version_.emplace(now, described);
  return described;
}

std::unique_ptr<BackendSession> ClaudeCodeBackend::open_session(SessionContext context) {
  return std::make_unique<ClaudeCodeSession>(std::make_shared<SessionCore>(std::move(context), settings_));
}

protocol::Result<boost::json::object> ClaudeCodeBackend::capabilities(const std::string& cwd) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(capabilities_mutex_);
    if (auto it = capabilities_.find(cwd); it != capabilities_.end() && now - it->second.first < kCapabilitiesTtl)
      return it->second.second;
  }
  if (!settings_->executable) {
    return protocol::Error{protocol::ErrorCode::backend_unavailable, settings_->lookup_explanation,
                           std::string(kInstallHint)};
  }
  LaunchRequest request{*settings_->executable, cwd, settings_->options.permission_mode, settings_->options.model,
                        std::nullopt};
  auto spec = make_launch_spec(request, settings_->options, settings_->inherited_env, settings_->running_as_root);
  // Nothing of the probe may be kept: no transcript, even if a CLI version wrote one.
  spec.argv.emplace_back("--no-session-persistence");
  auto answer = probe_capabilities(spec, settings_->options.supervisor, std::chrono::seconds(20));
  if (!answer) {
    spdlog::warn("claude-code: capabilities in {}: {}", cwd, answer.error().message);
    return answer.error();
  }
  auto capabilities = capabilities_from_initialize(*answer);
  std::lock_guard lock(capabilities_mutex_);
  if (capabilities_.size() > 256) capabilities_.clear();  // a bound, not an LRU: rebuilt on demand
  capabilities_[cwd] = {now, capabilities};
  return capabilities;
}

}  // namespace tether::server::claude_code
