// Typed payloads of protocol v1. Each has to_json, and the ones a peer receives have
// a checked from_json that says exactly which field is wrong.
#pragma once

#include "tether/protocol/envelope.hpp"
#include "tether/protocol/images.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tether::protocol {

// ---- client -> server ----

struct SessionJoin {
  std::string session_id;
  std::int64_t last_seq = 0;  // 0 = send the whole history
  // With last_seq 0: start at the latest N turns instead (docs/protocol.md §3.1).
  std::optional<std::int64_t> tail_turns;
};

struct SessionLeave {
  std::string session_id;
};

struct ChatRequest {
  std::string session_id;
  std::string message;
  std::optional<std::string> model;
  std::vector<ImageAttachment> images;
};

struct ChatCancel {
  std::string session_id;
};

struct Ping {};

// A message that is not one of the above but still addressed to a session; its
// payload is handed to the session's backend (permission answers, mode changes).
struct SessionControl {
  MessageType type = MessageType::permission_response;
  std::string session_id;
  boost::json::object payload;
};

using ClientMessage = std::variant<SessionJoin, SessionLeave, ChatRequest, ChatCancel, Ping, SessionControl>;

// Checks that the envelope is a client message and that its payload is well formed.
Result<ClientMessage> parse_client_message(const Envelope& envelope);

boost::json::object to_json(const SessionJoin& message);
boost::json::object to_json(const SessionLeave& message);
boost::json::object to_json(const ChatRequest& message);
boost::json::object to_json(const ChatCancel& message);

// ---- server -> client ----

struct ConnectionStatus {
  std::string connection_id;
  std::string server_version;
  std::int64_t heartbeat_interval_ms = 0;
};

// The session's record of an accepted user message (seq event).
struct ChatRequestRecord {
  std::string session_id;
  std::string request_id;  // the client's envelope id
  std::string message;
  std::optional<std::string> model;
  std::vector<ImageAttachment> images;
};

struct ChatStream {
  std::string session_id;
  std::string request_id;
  std::string delta;
  bool is_complete = false;
};

struct ChatResponse {
  std::string session_id;
  std::string request_id;
  std::string message;
  StopReason stop_reason = StopReason::end_turn;
  boost::json::object detail;  // backend extras: usage, cost, duration, error text
};

struct SessionUpdate {
  std::string session_id;
  std::string status;                 // session_status::idle | running
  std::string backend;                // "echo", "claude-code"
  std::optional<std::string> backend_reason;  // why this backend (e.g. why echo)
  std::int64_t head_seq = 0;          // the session's latest seq when this was sent
  boost::json::object detail;         // backend state: model, permission mode, notices
  // On the answer to a join: the lowest seq the join sent from, and whether any older
  // events exist (docs/protocol.md §3.1).
  std::optional<std::int64_t> history_start;
  std::optional<bool> has_older;
};

struct Ack {
  bool duplicate = false;
};

boost::json::object to_json(const ConnectionStatus& message);
boost::json::object to_json(const ChatRequestRecord& message);
boost::json::object to_json(const ChatStream& message);
boost::json::object to_json(const ChatResponse& message);
boost::json::object to_json(const SessionUpdate& message);
boost::json::object to_json(const Ack& message);
boost::json::object to_json(const Error& message);

Result<ConnectionStatus> connection_status_from_json(const boost::json::object& payload);
Result<ChatRequestRecord> chat_request_record_from_json(const boost::json::object& payload);
Result<ChatStream> chat_stream_from_json(const boost::json::object& payload);
Result<ChatResponse> chat_response_from_json(const boost::json::object& payload);
Result<SessionUpdate> session_update_from_json(const boost::json::object& payload);
Result<Ack> ack_from_json(const boost::json::object& payload);
Error error_from_json(const boost::json::object& payload);  // never fails: unknown codes become internal

Envelope make_envelope(MessageType type, boost::json::object payload, Stamp stamp,
                       std::optional<std::string> reply_to = std::nullopt);

// Session ids are server-made: 1..64 of [A-Za-z0-9_-].
bool is_valid_session_id(std::string_view id) noexcept;

// 8-4-4-4-12 hex digits: how Claude Code names its sessions (what --resume takes).
bool is_uuid(std::string_view text) noexcept;

}  // namespace tether::protocol
