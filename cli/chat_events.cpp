#include "cli/chat_events.hpp"

namespace tether::cli {
namespace {
namespace field = protocol::field;
using protocol::MessageType;

constexpr std::size_t kResultLines = 5;
constexpr std::size_t kLineWidth = 160;

std::string string_at(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

const boost::json::object& object_at(const boost::json::object& object, std::string_view name) {
  static const boost::json::object empty;
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_object() ? value->get_object() : empty;
}

std::string first_line(std::string text) {
  if (const auto newline = text.find('\n'); newline != std::string::npos) text = text.substr(0, newline) + " …";
  if (text.size() > kLineWidth) text = text.substr(0, kLineWidth) + " …";
  return text;
}

std::string indented_head(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  std::size_t lines = 0;
  while (start < text.size() && lines < kResultLines) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (line.size() > kLineWidth) line = line.substr(0, kLineWidth) + " …";
    out += "  │ " + line + "\n";
    start = end + 1;
    ++lines;
  }
  if (start < text.size()) out += "  │ …\n";
  return out;
}

}  // namespace

std::string tool_summary(std::string_view tool_name, const boost::json::object& input) {
  // The argument a person recognises the call by, per tool; else the tool's name alone.
  for (const auto name : {"command", "file_path", "path", "pattern", "url", "query", "description", "prompt"}) {
    if (auto value = string_at(input, name); !value.empty()) return std::string(tool_name) + ": " + first_line(value);
  }
  return std::string(tool_name);
}

std::optional<std::string> describe_turn_event(const protocol::Envelope& envelope) {
  const auto& payload = envelope.payload;
  switch (envelope.type) {
    case MessageType::tool_use: {
      // A subagent's call sits under the Task call that started it.
      const bool nested = !string_at(payload, field::parent_tool_use_id).empty();
      return std::string(nested ? "  ⎿ " : "\n⏺ ") +
             tool_summary(string_at(payload, field::name), object_at(payload, field::input)) + "\n";
    }
    case MessageType::tool_result: {
      const auto* is_error = payload.if_contains(field::is_error);
      const bool failed = is_error != nullptr && is_error->is_bool() && is_error->get_bool();
      const auto content = string_at(payload, field::content);
      if (content.empty()) return failed ? std::optional<std::string>("  │ (failed)\n") : std::nullopt;
      return (failed ? std::string("  │ (failed)\n") : std::string()) + indented_head(content);
    }
    case MessageType::permission_request: {
      const auto description = string_at(payload, field::description);
      return "\n? Claude wants to use " +
             tool_summary(string_at(payload, field::tool_name), object_at(payload, field::input)) +
             (description.empty() ? "" : " (" + first_line(description) + ")") +
             "\n  /allow  /allow always  /deny [reason]\n";
    }
    case MessageType::permission_resolved: {
      const auto behavior = string_at(payload, field::behavior);
      if (behavior == protocol::permission_behavior::allow) return std::string("  ✓ allowed\n");
      if (behavior == protocol::permission_behavior::deny) return std::string("  ✗ denied\n");
      return std::string("  (prompt withdrawn)\n");
    }
    default:
      return std::nullopt;
  }
}

boost::json::object permission_answer(const std::string& session_id, const std::string& permission_id, bool allow,
                                      bool remember, const std::string& deny_message) {
  boost::json::object payload{{field::session_id, session_id},
                              {field::permission_id, permission_id},
                              {field::behavior, allow ? protocol::permission_behavior::allow
                                                      : protocol::permission_behavior::deny}};
  if (allow && remember) payload[field::remember] = true;
  if (!allow && !deny_message.empty()) payload[field::message] = deny_message;
  return payload;
}

}  // namespace tether::cli
