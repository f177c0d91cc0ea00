// Executable lookup and process argv/env; see cli_command.hpp.
#include "server/backends/claude_code/cli_command.hpp"

#include "tether/protocol/vocabulary.hpp"

#include <unistd.h>

#include <sys/stat.h>

#include <algorithm>

namespace tether::server::claude_code {
namespace {

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

void set_env(std::vector<std::string>& env, const std::string& name, const std::string& value) {
  const std::string prefix = name + "=";
  std::erase_if(env, [&](const std::string& entry) { return entry.starts_with(prefix); });
  env.push_back(prefix + value);
}

}  // namespace

bool is_allowed_permission_mode(const ClaudeCodeOptions& options, std::string_view mode) {
  return protocol::permission_mode_allowed(mode, options.allow_bypass_permissions);
}

CliLookup find_claude_cli(const std::string& configured, const std::string& path_variable) {
  const std::string name = configured.empty() ? "claude" : configured;
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name)) return {name, "Claude Code CLI at " + name};
    return {std::nullopt, "the Claude Code CLI was not found at " + name + " (missing or not executable)"};
  }
  std::size_t begin = 0;
  while (begin <= path_variable.size()) {
    auto end = path_variable.find(':', begin);
    if (end == std::string::npos) end = path_variable.size();
    // An empty PATH entry means the current directory.
    const std::string dir = end > begin ? path_variable.substr(begin, end - begin) : std::string(".");
    const std::string candidate = dir + "/" + name;
    if (is_executable_file(candidate)) return {candidate, "Claude Code CLI found on PATH at " + candidate};
    begin = end + 1;
  }
  return {std::nullopt, "the Claude Code CLI (`" + name + "`) is not on PATH"};
}

LaunchSpec make_launch_spec(const LaunchRequest& request, const ClaudeCodeOptions& options,
                            const std::vector<std::string>& inherited, bool running_as_root) {
  LaunchSpec spec;
  spec.executable = request.executable;
  spec.cwd = request.cwd;
  spec.argv = {request.executable,
               "--output-format", "stream-json",
               "--input-format", "stream-json",
               "--verbose",
               "--include-partial-messages",
               "--permission-prompt-tool", "stdio",
               "--permission-mode", request.permission_mode};
  if (!request.model.empty()) spec.argv.insert(spec.argv.end(), {"--model", request.model});
  if (request.resume_id) spec.argv.insert(spec.argv.end(), {"--resume", *request.resume_id});
  // Bypass has to be made available at launch so that set_permission_mode can switch
  // to it later; it only takes effect when a session actually selects that mode.
  if (options.allow_bypass_permissions) spec.argv.emplace_back("--allow-dangerously-skip-permissions");

  spec.env = inherited;
  // NODE_OPTIONS of the server's environment would apply to the CLI's runtime too (the
  // official SDK drops it for the same reason). The allowlist withholds it already; this
  // holds for any `inherited`.
  std::erase_if(spec.env, [](const std::string& entry) { return entry.starts_with("NODE_OPTIONS="); });
  // As root the CLI refuses bypassPermissions without IS_SANDBOX=1; the operator has
  // opted in with --allow-bypass-permissions.
  if (options.allow_bypass_permissions && running_as_root) set_env(spec.env, "IS_SANDBOX", "1");
  for (const auto& [name, value] : options.extra_env) set_env(spec.env, name, value);
  return spec;
}

}  // namespace tether::server::claude_code
