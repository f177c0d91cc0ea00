// The Session object of the REST answers (docs/protocol.md §5.1, docs/projects.md).
#pragma once

#include "server/hub/session.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace tether::server {

// The Claude Code conversation a session continues (from its backend state); empty if none.
std::string claude_session_id_of(const SessionRecord& record);

// backend: its name; cwd_exists: whether the session's folder is still there (the
// caller looks, off the network threads).
boost::json::object session_json(const SessionView& view, std::string_view backend, bool cwd_exists);

// `cd '<cwd>' && claude --resume <id>`, quoted for a POSIX shell.
std::string resume_command(const std::string& cwd, const std::string& claude_session_id);

}  // namespace tether::server
