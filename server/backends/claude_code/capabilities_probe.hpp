// Asks the Claude Code CLI what it offers in one project — its models, slash commands
// (built-in and the project's own .claude/commands) and output styles — through its
// `initialize` control request, so the UI never shows a hard-coded list. Blocking (it
// starts a process and waits for one answer): run it off the network threads.
#pragma once

#include "server/backends/claude_code/cli_command.hpp"
#include "tether/protocol/errors.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace tether::server::claude_code {

// The `response` object of the CLI's answer to initialize (commands, models,
// output_style, available_output_styles, …). The process is ended before this returns,
// whatever happens; it never sees a user message, so it writes no transcript. It runs
// under `supervisor` like every CLI (ClaudeCodeOptions::supervisor; empty = none).
protocol::Result<boost::json::object> probe_capabilities(const LaunchSpec& spec, const std::string& supervisor,
                                                         std::chrono::milliseconds timeout);

// What `claude --version` prints ("2.0.14 (Claude Code)"), first line, trimmed; the
// process is ended by `timeout` whatever happens. Blocking, like the probe above.
protocol::Result<std::string> probe_version(const std::string& executable, const std::vector<std::string>& env,
                                            const std::string& supervisor, std::chrono::milliseconds timeout);

// The protocol's capabilities object (docs/projects.md) from an initialize response.
boost::json::object capabilities_from_initialize(const boost::json::object& response);

}  // namespace tether::server::claude_code
