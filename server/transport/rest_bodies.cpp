#include "server/transport/rest_bodies.hpp"

#include "tether/protocol/messages.hpp"
#include "tether/protocol/names.hpp"

#include <charconv>

namespace tether::server {
namespace json = boost::json;
namespace field = protocol::field;
using protocol::ErrorCode;

namespace {

// The request body as a JSON object; an empty body is an empty object.
protocol::Result<json::object> body_object(std::string_view body, const protocol::DecodeLimits& limits) {
  if (body.empty()) return json::object{};
  return protocol::parse_object(body, limits);
}

}  // namespace

protocol::Result<NewSessionBody> parse_new_session_body(std::string_view text, const protocol::DecodeLimits& limits) {
  auto body = body_object(text, limits);
  if (!body) return body.error();
  NewSessionBody parsed;
  if (const auto* value = body->if_contains(field::title); value && !value->is_null()) {
    if (!value->is_string() || value->get_string().size() > kMaxTitleBytes) {
      return protocol::make_error(ErrorCode::invalid_message, "\"title\" must be a string of at most 200 bytes.");
    }
    parsed.title = std::string(value->get_string());
  }
  auto text_field = [&](std::string_view name, std::optional<std::string>& into) -> std::optional<protocol::Error> {
    const auto* value = body->if_contains(name);
    if (!value || value->is_null()) return std::nullopt;
    if (!value->is_string() || value->get_string().size() > kMaxTitleBytes * 20) {
      return protocol::make_error(ErrorCode::invalid_message, "\"" + std::string(name) + "\" must be a string.");
    }
    into = std::string(value->get_string());
    return std::nullopt;
  };
  for (auto [name, into] : {std::pair{field::cwd, &parsed.cwd}, std::pair{field::model, &parsed.model},
                            std::pair{field::permission_mode, &parsed.permission_mode},
                            std::pair{field::claude_session_id, &parsed.claude_session_id}}) {
    if (auto error = text_field(name, *into)) return *error;
  }
  if (parsed.model && parsed.model->size() > kMaxTitleBytes)
    return protocol::make_error(ErrorCode::invalid_message, "\"model\" must be at most 200 bytes.");
  if (parsed.claude_session_id) {
    if (!protocol::is_uuid(*parsed.claude_session_id)) {
      return protocol::make_error(ErrorCode::invalid_message,
                                  "\"claudeSessionId\" must be a Claude Code session id (a UUID).");
    }
    if (parsed.cwd || parsed.model || parsed.permission_mode) {
      return protocol::make_error(ErrorCode::invalid_message,
                                  "A Claude Code conversation keeps its own cwd, model and mode: send only "
                                  "\"claudeSessionId\" (and a \"title\").");
    }
  }
  return parsed;
}

protocol::Result<std::string> parse_rename_body(std::string_view text, const protocol::DecodeLimits& limits) {
  auto body = body_object(text, limits);
  if (!body) return body.error();
  const auto* title = body->if_contains(field::title);
  if (title == nullptr || !title->is_string() || title->get_string().empty() ||
      title->get_string().size() > kMaxTitleBytes) {
    return protocol::make_error(ErrorCode::invalid_message, "\"title\" must be a string of 1 to 200 bytes.");
  }
  return std::string(title->get_string());
}

std::optional<std::int64_t> parse_whole_number(std::string_view text) noexcept {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace tether::server
