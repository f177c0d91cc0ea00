// `--backend auto|echo|claude-code`: which backend the server runs, and the reason in
// words (logged, and sent to clients as session_update.backendReason).
#pragma once

#include "server/backends/claude_code/options.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace tether::server::claude_code {

enum class BackendChoice { automatic, echo, claude_code };

// "auto", "echo", "claude-code"; anything else is nullopt.
std::optional<BackendChoice> parse_backend_choice(std::string_view text) noexcept;

struct BackendSelection {
  bool use_claude_code = false;
  std::string reason;
};

// auto: claude-code when the CLI is found (at --claude-path, or `claude` on PATH), else
// echo. claude-code: always (a missing CLI then fails each turn with
// backend_unavailable, which says how to install it). echo: always.
BackendSelection select_backend(BackendChoice choice, const ClaudeCodeOptions& options);

}  // namespace tether::server::claude_code
