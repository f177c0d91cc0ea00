// Events a session writes on its own, decided from what its log holds: the completion of
// turns a stop cut off (recovery), and the turns an external history gained (import).
// Pure: the Session appends what these return, in order, with the seqs it gives out.
#pragma once

#include "server/backends/external_history.hpp"
#include "server/hub/session_log.hpp"
#include "tether/protocol/names.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tether::server {

struct SessionEvent {
  protocol::MessageType type;
  boost::json::object payload;
  std::string request_id;
  std::string timestamp;  // empty: now; else when it happened elsewhere (an import)
  // After this event, the turn's transient events [compact_from, this event's seq] go.
  std::optional<std::int64_t> compact_from;
};

// At load, after a stop: every turn with a request and no response ends `interrupted`
// with the reply it had so far, and every permission prompt still open is closed
// (cancelled, interrupted) for every client.
struct Recovery {
  std::vector<SessionEvent> events;
  std::vector<std::string> closed_prompts;    // permission ids: a late answer is told why
  std::vector<std::string> interrupted_turns;  // request ids
};
Recovery plan_recovery(const SessionLog& log, const std::string& session_id);

// The turns of an external history (a Claude Code transcript) that the session does not
// hold: neither sent by Tether (recognised by prompt_uuid) nor imported before. Each
// becomes a chat_request, its events and a chat_response marked imported, at the times
// the history recorded.
struct Import {
  std::vector<SessionEvent> events;
  std::size_t turns = 0;
};
Import plan_import(ExternalHistory history, const SessionLog& log, const std::string& session_id);

}  // namespace tether::server
