#include "tether/protocol/names.hpp"

#include <array>
#include <utility>

namespace tether::protocol {
namespace {

constexpr std::array<std::pair<MessageType, std::string_view>, 20> kMessageTypes{{
    {MessageType::session_join, "session_join"},
    {MessageType::session_leave, "session_leave"},
    {MessageType::chat_request, "chat_request"},
    {MessageType::chat_cancel, "chat_cancel"},
    {MessageType::ping, "ping"},
    {MessageType::permission_response, "permission_response"},
    {MessageType::set_permission_mode, "set_permission_mode"},
    {MessageType::connection_status, "connection_status"},
    {MessageType::chat_stream, "chat_stream"},
    {MessageType::chat_response, "chat_response"},
    {MessageType::session_update, "session_update"},
    {MessageType::thinking, "thinking"},
    {MessageType::tool_use, "tool_use"},
    {MessageType::tool_input, "tool_input"},
    {MessageType::tool_result, "tool_result"},
    {MessageType::permission_request, "permission_request"},
    {MessageType::permission_resolved, "permission_resolved"},
    {MessageType::ack, "ack"},
    {MessageType::pong, "pong"},
    {MessageType::error, "error"},
}};

constexpr std::array<std::pair<StopReason, std::string_view>, 4> kStopReasons{{
    {StopReason::end_turn, "end_turn"},
    {StopReason::cancelled, "cancelled"},
    {StopReason::error, "error"},
    {StopReason::interrupted, "interrupted"},
}};

template <class Table, class Key>
std::string_view name_of(const Table& table, Key key) noexcept {
  for (const auto& [k, name] : table)
    if (k == key) return name;
  return "unknown";
}

template <class Key, class Table>
std::optional<Key> key_of(const Table& table, std::string_view name) noexcept {
  for (const auto& [k, n] : table)
    if (n == name) return k;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(MessageType type) noexcept { return name_of(kMessageTypes, type); }

std::optional<MessageType> parse_message_type(std::string_view text) noexcept {
  return key_of<MessageType>(kMessageTypes, text);
}

bool is_client_message(MessageType type) noexcept {
  switch (type) {
    case MessageType::session_join:
    case MessageType::session_leave:
    case MessageType::chat_request:
    case MessageType::chat_cancel:
    case MessageType::ping:
    case MessageType::permission_response:
    case MessageType::set_permission_mode:
      return true;
    default:
      return false;
  }
}

std::string_view to_string(StopReason reason) noexcept { return name_of(kStopReasons, reason); }

std::optional<StopReason> parse_stop_reason(std::string_view text) noexcept {
  return key_of<StopReason>(kStopReasons, text);
}

}  // namespace tether::protocol
