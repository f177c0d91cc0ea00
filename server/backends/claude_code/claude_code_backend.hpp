// The claude-code backend: each Tether session drives a long-lived `claude` CLI process
// over stream-json (docs/protocol.md §6). This header is all the server needs: it has
// no Asio in it, the machinery lives in session_core / cli_process.
#pragma once

#include "server/backends/backend.hpp"
#include "server/backends/claude_code/cli_command.hpp"
#include "server/backends/claude_code/options.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace tether::server::claude_code {

struct BackendSettings;

class ClaudeCodeBackend final : public Backend {
 public:
  // Looks the CLI up once (options.claude_path, else `claude` on PATH). Without a CLI
  // the backend still works as an explanation: every turn ends with a
  // backend_unavailable error that says how to install it.
  explicit ClaudeCodeBackend(ClaudeCodeOptions options);
  ~ClaudeCodeBackend() override;

  std::string_view name() const override { return "claude-code"; }
  std::optional<std::string> reason() const override;
  // `claude --version`, asked again after kCapabilitiesTtl (an upgrade shows).
  protocol::Result<std::string> self_check() override;
  std::unique_ptr<BackendSession> open_session(SessionContext context) override;
  // Asked from the CLI (initialize) and kept per project for kCapabilitiesTtl.
  protocol::Result<boost::json::object> capabilities(const std::string& cwd) override;

  bool available() const noexcept;

 private:
  // Long enough that opening sessions does not start a process each time; short enough
  // that a command added to .claude/commands shows up within minutes.
  static constexpr std::chrono::minutes kCapabilitiesTtl{5};

  std::shared_ptr<const BackendSettings> settings_;
  std::mutex capabilities_mutex_;
  std::optional<std::pair<std::chrono::steady_clock::time_point, protocol::Result<std::string>>> version_;
  std::map<std::string, std::pair<std::chrono::steady_clock::time_point, boost::json::object>> capabilities_;
};

// For `--backend auto`: whether the CLI is there, and the words saying so (logged and
// shown to clients as backendReason when the server falls back to echo).
CliLookup detect_claude_cli(const ClaudeCodeOptions& options);

}  // namespace tether::server::claude_code
