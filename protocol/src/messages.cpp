#include "tether/protocol/messages.hpp"

#include <algorithm>

namespace tether::protocol {
namespace json = boost::json;
namespace {

Error invalid(std::string message) { return make_error(ErrorCode::invalid_message, std::move(message)); }

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

Result<std::string> required_string(const json::object& payload, std::string_view name, bool allow_empty = false) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr) return invalid("The payload needs " + quoted(name) + ".");
  if (!value->is_string()) return invalid("The payload field " + quoted(name) + " must be a string.");
  if (!allow_empty && value->get_string().empty()) return invalid("The payload field " + quoted(name) + " is empty.");
  return std::string(value->get_string());
}

Result<std::optional<std::string>> optional_string(const json::object& payload, std::string_view name) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>{};
  if (!value->is_string()) return invalid("The payload field " + quoted(name) + " must be a string.");
  return std::optional<std::string>(std::string(value->get_string()));
}

Result<std::int64_t> integer(const json::object& payload, std::string_view name, std::int64_t fallback,
                             std::int64_t minimum) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr) return fallback;
  if (value->is_uint64() && value->get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) {
    return invalid("The payload field " + quoted(name) + " is too large.");
  }
  if (!value->is_int64() && !value->is_uint64()) {
    return invalid("The payload field " + quoted(name) + " must be an integer.");
  }
  const auto number = value->to_number<std::int64_t>();
  if (number < minimum) {
    return invalid("The payload field " + quoted(name) + " must be at least " + std::to_string(minimum) + ".");
  }
  return number;
}

Result<bool> boolean(const json::object& payload, std::string_view name, bool fallback) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr) return fallback;
  if (!value->is_bool()) return invalid("The payload field " + quoted(name) + " must be true or false.");
  return value->get_bool();
}

Result<std::string> session_id_of(const json::object& payload) {
  auto id = required_string(payload, field::session_id);
  if (id && !is_valid_session_id(*id)) {
    return invalid("The payload field \"sessionId\" is not a session id (1-64 of A-Z a-z 0-9 _ -).");
  }
  return id;
}

json::object object_or_empty(const json::object& payload, std::string_view name) {
  const auto* value = payload.if_contains(name);
  return value != nullptr && value->is_object() ? value->get_object() : json::object{};
}

}  // namespace

bool is_valid_session_id(std::string_view id) noexcept {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool is_uuid(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) return false;
  }
  return true;
}

Result<ClientMessage> parse_client_message(const Envelope& envelope) {
  const auto& payload = envelope.payload;
  if (!is_client_message(envelope.type)) {
    return make_error(ErrorCode::unknown_type,
                      "\"" + std::string(to_string(envelope.type)) + "\" is sent by the server, not by clients.");
  }
  if (envelope.type == MessageType::ping) return ClientMessage{Ping{}};

  auto session_id = session_id_of(payload);
  if (!session_id) return session_id.error();

  switch (envelope.type) {
    case MessageType::session_join: {
      auto last_seq = integer(payload, field::last_seq, 0, 0);
      if (!last_seq) return last_seq.error();
      std::optional<std::int64_t> tail_turns;
      if (payload.contains(field::tail_turns) && !payload.at(field::tail_turns).is_null()) {
        auto turns = integer(payload, field::tail_turns, 0, 1);
        if (!turns) return turns.error();
        tail_turns = *turns;
      }
      return ClientMessage{SessionJoin{std::move(*session_id), *last_seq, tail_turns}};
    }
    case MessageType::session_leave:
      return ClientMessage{SessionLeave{std::move(*session_id)}};
    case MessageType::chat_request: {
      auto message = required_string(payload, field::message);
      if (!message) return message.error();
      auto model = optional_string(payload, field::model);
      if (!model) return model.error();
      auto images = images_from_json(payload);
      if (!images) return images.error();
      return ClientMessage{
          ChatRequest{std::move(*session_id), std::move(*message), std::move(*model), std::move(*images)}};
    }
    case MessageType::chat_cancel:
      return ClientMessage{ChatCancel{std::move(*session_id)}};
    default:
      return ClientMessage{SessionControl{envelope.type, std::move(*session_id), payload}};
  }
}

json::object to_json(const SessionJoin& message) {
  json::object object{{field::session_id, message.session_id}, {field::last_seq, message.last_seq}};
  if (message.tail_turns) object[field::tail_turns] = *message.tail_turns;
  return object;
}

json::object to_json(const SessionLeave& message) { return {{field::session_id, message.session_id}}; }

json::object to_json(const ChatRequest& message) {
  json::object object{{field::session_id, message.session_id}, {field::message, message.message}};
  if (message.model) object[field::model] = *message.model;
  if (!message.images.empty()) object[field::images] = to_json(message.images);
  return object;
}

json::object to_json(const ChatCancel& message) { return {{field::session_id, message.session_id}}; }

json::object to_json(const ConnectionStatus& message) {
  return {{field::status, "connected"},
          {field::connection_id, message.connection_id},
          {field::server_version, message.server_version},
          {field::heartbeat_interval_ms, message.heartbeat_interval_ms}};
}

json::object to_json(const ChatRequestRecord& message) {
  json::object object{{field::session_id, message.session_id},
                      {field::request_id, message.request_id},
                      {field::message, message.message}};
  if (message.model) object[field::model] = *message.model;
  if (!message.images.empty()) object[field::images] = to_json(message.images);
  return object;
}

json::object to_json(const ChatStream& message) {
  return {{field::session_id, message.session_id},
          {field::request_id, message.request_id},
          {field::delta, message.delta},
          {field::is_complete, message.is_complete}};
}

json::object to_json(const ChatResponse& message) {
  json::object object{{field::session_id, message.session_id},
                      {field::request_id, message.request_id},
                      {field::message, message.message},
                      {field::stop_reason, to_string(message.stop_reason)}};
  if (!message.detail.empty()) object[field::detail] = message.detail;
  return object;
}

json::object to_json(const SessionUpdate& message) {
  json::object object{{field::session_id, message.session_id},
                      {field::status, message.status},
                      {field::backend, message.backend},
                      {field::head_seq, message.head_seq}};
  if (message.backend_reason) object[field::backend_reason] = *message.backend_reason;
  if (!message.detail.empty()) object[field::detail] = message.detail;
  if (message.history_start) object[field::history_start] = *message.history_start;
  if (message.has_older) object[field::has_older] = *message.has_older;
  return object;
}

json::object to_json(const Ack& message) {
  json::object object;
  if (message.duplicate) object[field::duplicate] = true;
  return object;
}

json::object to_json(const Error& message) {
  return {{field::code, to_string(message.code)}, {field::message, message.message}, {field::hint, message.hint}};
}

Result<ConnectionStatus> connection_status_from_json(const json::object& payload) {
  auto connection_id = required_string(payload, field::connection_id);
  if (!connection_id) return connection_id.error();
  auto version = required_string(payload, field::server_version);
  if (!version) return version.error();
  auto heartbeat = integer(payload, field::heartbeat_interval_ms, 0, 0);
  if (!heartbeat) return heartbeat.error();
  return ConnectionStatus{std::move(*connection_id), std::move(*version), *heartbeat};
}

Result<ChatRequestRecord> chat_request_record_from_json(const json::object& payload) {
  auto session_id = session_id_of(payload);
  if (!session_id) return session_id.error();
  auto request_id = required_string(payload, field::request_id);
  if (!request_id) return request_id.error();
  auto message = required_string(payload, field::message, true);
  if (!message) return message.error();
  auto model = optional_string(payload, field::model);
  if (!model) return model.error();
  auto images = images_from_json(payload);
  if (!images) return images.error();
  return ChatRequestRecord{std::move(*session_id), std::move(*request_id), std::move(*message), std::move(*model),
                           std::move(*images)};
}

Result<ChatStream> chat_stream_from_json(const json::object& payload) {
  auto session_id = session_id_of(payload);
  if (!session_id) return session_id.error();
  auto request_id = required_string(payload, field::request_id);
  if (!request_id) return request_id.error();
  auto delta = required_string(payload, field::delta, true);
  if (!delta) return delta.error();
  auto complete = boolean(payload, field::is_complete, false);
  if (!complete) return complete.error();
  return ChatStream{std::move(*session_id), std::move(*request_id), std::move(*delta), *complete};
}

Result<ChatResponse> chat_response_from_json(const json::object& payload) {
  auto session_id = session_id_of(payload);
  if (!session_id) return session_id.error();
  auto request_id = required_string(payload, field::request_id);
  if (!request_id) return request_id.error();
  auto message = required_string(payload, field::message, true);
  if (!message) return message.error();
  auto reason_text = required_string(payload, field::stop_reason);
  if (!reason_text) return reason_text.error();
  const auto reason = parse_stop_reason(*reason_text);
  if (!reason) return invalid("Unknown stopReason \"" + *reason_text + "\".");
  return ChatResponse{std::move(*session_id), std::move(*request_id), std::move(*message), *reason,
                      object_or_empty(payload, field::detail)};
}

Result<SessionUpdate> session_update_from_json(const json::object& payload) {
  auto session_id = session_id_of(payload);
  if (!session_id) return session_id.error();
  auto status = required_string(payload, field::status);
  if (!status) return status.error();
  auto backend = required_string(payload, field::backend, true);
  if (!backend) return backend.error();
  auto reason = optional_string(payload, field::backend_reason);
  if (!reason) return reason.error();
  auto head = integer(payload, field::head_seq, 0, 0);
  if (!head) return head.error();
  SessionUpdate update{std::move(*session_id), std::move(*status), std::move(*backend), std::move(*reason), *head,
                       object_or_empty(payload, field::detail)};
  if (payload.contains(field::history_start)) {
    auto start = integer(payload, field::history_start, 1, 1);
    if (!start) return start.error();
    update.history_start = *start;
  }
  if (payload.contains(field::has_older)) {
    auto older = boolean(payload, field::has_older, false);
    if (!older) return older.error();
    update.has_older = *older;
  }
  return update;
}

Result<Ack> ack_from_json(const json::object& payload) {
  auto duplicate = boolean(payload, field::duplicate, false);
  if (!duplicate) return duplicate.error();
  return Ack{*duplicate};
}

Error error_from_json(const json::object& payload) {
  // Best effort: an error from a newer or broken server is still an error to show.
  const auto text = [&](std::string_view name) {
    const auto* value = payload.if_contains(name);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
  };
  const auto code = parse_error_code(text(field::code)).value_or(ErrorCode::internal);
  auto message = text(field::message);
  if (message.empty()) message = "The server reported an error without a message.";
  return Error{code, std::move(message), text(field::hint)};
}

Envelope make_envelope(MessageType type, json::object payload, Stamp stamp, std::optional<std::string> reply_to) {
  Envelope envelope;
  envelope.id = std::move(stamp.id);
  envelope.type = type;
  envelope.payload = std::move(payload);
  envelope.timestamp = std::move(stamp.timestamp);
  envelope.reply_to = std::move(reply_to);
  return envelope;
}

}  // namespace tether::protocol
