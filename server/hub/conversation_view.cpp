#include "server/hub/conversation_view.hpp"

#include "tether/protocol.hpp"

namespace tether::server {
namespace json = boost::json;
using protocol::MessageType;
namespace field = protocol::field;

void add_conversation_message(json::array& messages, std::int64_t seq, MessageType type, std::string_view envelope_text) {
  const bool tool = type == MessageType::tool_use || type == MessageType::tool_result;
  if (type != MessageType::chat_request && type != MessageType::chat_response && !tool) return;
  auto envelope = protocol::decode_envelope(envelope_text);
  if (!envelope) return;
  const auto& payload = envelope->payload;
  if (tool) {
    json::object message = payload;
    message.erase(field::session_id);
    message[field::role] = "tool";
    message[field::type] = protocol::to_string(type);
    message[field::created_at] = envelope->timestamp;
    message[protocol::field::seq] = seq;
    messages.push_back(std::move(message));
    return;
  }
  const bool user = type == MessageType::chat_request;
  json::object message{{field::request_id, payload.at(field::request_id)},
                       {field::role, user ? "user" : "assistant"},
                       {field::content, payload.at(field::message)},
                       {field::created_at, envelope->timestamp},
                       {protocol::field::seq, seq}};
  if (!user) message[field::stop_reason] = payload.at(field::stop_reason);
  messages.push_back(std::move(message));
}

}  // namespace tether::server
