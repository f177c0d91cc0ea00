// What `tether chat` prints for the Claude Code events of a turn: tool calls, their
// results, permission prompts and their outcome. Pure: envelope in, text out.
#pragma once

#include "tether/protocol.hpp"

#include <optional>
#include <string>

namespace tether::cli {

// One line naming the tool and what it acts on: "Bash: npm test", "Edit: src/a.cpp".
std::string tool_summary(std::string_view tool_name, const boost::json::object& input);

// The text to print for a tool_use, tool_result, permission_request or
// permission_resolved event; nothing for other events. A tool's output is cut to its
// first lines: the terminal is for following along, the web UI shows it whole.
std::optional<std::string> describe_turn_event(const protocol::Envelope& envelope);

// The payload of a permission_response answering `permission_id`.
boost::json::object permission_answer(const std::string& session_id, const std::string& permission_id, bool allow,
                                      bool remember, const std::string& deny_message);

}  // namespace tether::cli
