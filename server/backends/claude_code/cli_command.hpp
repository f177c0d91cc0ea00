// Where the CLI is and how it is started: the executable lookup (PATH or --claude-path)
// and the argv and environment of one process. Pure apart from the file-system lookup.
#pragma once

#include "server/backends/claude_code/options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tether::server::claude_code {

struct CliLookup {
  std::optional<std::string> path;  // set when an executable was found
  std::string explanation;          // found where, or why not (shown to users)
};

// Resolves `configured` (a path, or a name searched on PATH; empty = "claude").
CliLookup find_claude_cli(const std::string& configured, const std::string& path_variable);

// How to install the CLI, for backend_unavailable hints.
inline constexpr std::string_view kInstallHint =
    "Install Claude Code with `npm install -g @anthropic-ai/claude-code` (or see "
    "https://docs.anthropic.com/en/docs/claude-code), or pass --claude-path to the executable.";

struct LaunchSpec {
  std::string executable;
  std::vector<std::string> argv;  // argv[0] included
  std::vector<std::string> env;   // NAME=value, the whole environment of the child
  std::string cwd;
};

struct LaunchRequest {
  std::string executable;
  std::string cwd;
  std::string permission_mode;
  std::string model;                      // empty = the CLI's default
  std::optional<std::string> resume_id;   // the Claude session to continue
};

// `inherited` is what the CLI may have of the server's environment (NAME=value entries,
// cli_environment.hpp); options.extra_env is set on top of it.
LaunchSpec make_launch_spec(const LaunchRequest& request, const ClaudeCodeOptions& options,
                            const std::vector<std::string>& inherited, bool running_as_root);

}  // namespace tether::server::claude_code
