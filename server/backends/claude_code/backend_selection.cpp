// Backend choice; see backend_selection.hpp.
#include "server/backends/claude_code/backend_selection.hpp"

#include "server/backends/claude_code/claude_code_backend.hpp"

namespace tether::server::claude_code {

std::optional<BackendChoice> parse_backend_choice(std::string_view text) noexcept {
  if (text == "auto") return BackendChoice::automatic;
  if (text == "echo") return BackendChoice::echo;
  if (text == "claude-code") return BackendChoice::claude_code;
  return std::nullopt;
}

BackendSelection select_backend(BackendChoice choice, const ClaudeCodeOptions& options) {
  if (choice == BackendChoice::echo) return {false, "echo backend selected with --backend echo"};
  const auto lookup = detect_claude_cli(options);
  if (choice == BackendChoice::claude_code) {
    if (lookup.path) return {true, lookup.explanation};
    return {true, lookup.explanation + "; every message will fail until it is installed. " + std::string(kInstallHint)};
  }
  if (lookup.path) return {true, lookup.explanation};
  return {false, "echo backend: " + lookup.explanation + ". " + std::string(kInstallHint)};
}

}  // namespace tether::server::claude_code
