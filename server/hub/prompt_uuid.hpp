// The uuid Tether gives each prompt it sends to a backend that keeps its own history
// (Claude Code writes it into its transcript). Derived from the session and request ids,
// so that reading the transcript back can recognise Tether's own turns without storing
// anything more: what the terminal added is imported, what Tether sent is not, twice.
#pragma once

#include <string>
#include <string_view>

namespace tether::server {

// A name-based UUID (RFC 4122 version 5 layout, SHA-1 of "<session>/<request>").
std::string prompt_uuid(std::string_view session_id, std::string_view request_id);

}  // namespace tether::server
