// The interface between a session and whatever produces its replies (the echo backend,
// the Claude Code CLI). A backend never touches sockets or SQLite: it reports what
// happens through a TurnObserver, and the hub turns that into session events.
#pragma once

#include "tether/protocol.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server {

struct TurnInput {
  std::string request_id;  // the client's chat_request id
  std::string message;
  std::optional<std::string> model;
  std::vector<protocol::ImageAttachment> images;
  // The prompt's identity in a backend's own history (hub/prompt_uuid.hpp).
  std::string prompt_uuid;
};

struct TurnResult {
  protocol::StopReason stop_reason = protocol::StopReason::end_turn;
  // The whole reply; when unset the hub uses the deltas it has seen, joined.
  std::optional<std::string> message;
  boost::json::object detail;  // usage, cost, durationMs, error text...
};

// Receives what one turn produces. Callable from any thread: the hub serializes the
// calls onto its session strand. Calls after on_complete are ignored.
class TurnObserver {
 public:
  virtual ~TurnObserver() = default;
  // A piece of the reply text.
  virtual void on_delta(std::string text) = 0;
  // Any other session event (thinking, tool_use, tool_result, permission_request,
  // permission_resolved). The hub adds sessionId and requestId and assigns a seq.
  virtual void on_event(protocol::MessageType type, boost::json::object payload) = 0;
  // The turn is over; exactly once.
  virtual void on_complete(TurnResult result) = 0;
};

// Reports backend state that is not tied to a turn (the model in use, a retry notice,
// the CLI's own session id). It becomes a session_update event and is persisted with
// the session, so that the backend gets it back in SessionContext after a restart.
class BackendStateSink {
 public:
  virtual ~BackendStateSink() = default;
  virtual void on_state(boost::json::object state) = 0;
};

struct SessionContext {
  std::string session_id;
  std::string cwd;                  // the session's working directory
  boost::json::object saved_state;  // the last state reported through BackendStateSink
  std::shared_ptr<BackendStateSink> state_sink;
  boost::asio::any_io_executor executor;  // where the backend may run its own async work
};

// The backend side of one Tether session. Calls come from the hub's session strand,
// one turn at a time: start_turn is not called again before on_complete.
class BackendSession {
 public:
  virtual ~BackendSession() = default;
  virtual void start_turn(TurnInput input, std::shared_ptr<TurnObserver> observer) = 0;
  // Stops the running turn; it completes with StopReason::cancelled. No turn: no-op.
  virtual void cancel() = 0;
  // permission_response, set_permission_mode and other session controls.
  virtual protocol::Result<void> handle_control(const protocol::SessionControl& control) = 0;
  // The server is stopping (or the session was deleted): end any process, now.
  virtual void shutdown() = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  // Why this backend was chosen, shown to users (e.g. why echo and not claude-code).
  virtual std::optional<std::string> reason() const { return std::nullopt; }
  // For /healthz: what the backend runs ("Claude Code 2.0.14 at /usr/bin/claude"), or
  // what keeps it from working as the operator meant (the CLI not found, or failing).
  // Blocking: may start a process. Call it off the network threads.
  virtual protocol::Result<std::string> self_check() { return std::string(name()); }
  virtual std::unique_ptr<BackendSession> open_session(SessionContext context) = 0;
  // What the backend offers in a project (models, slash commands, output styles:
  // docs/projects.md); empty lists when it has no such choices. Blocking: may start a
  // process. Call it off the network threads.
  virtual protocol::Result<boost::json::object> capabilities(const std::string& cwd) {
    (void)cwd;
    return boost::json::object{};
  }
};

}  // namespace tether::server
