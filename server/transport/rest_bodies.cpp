#include "server/transport/rest_bodies.hpp"

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
  if (const auto* value = body->if_contains(field::cwd); value && !value->is_null()) {
    if (!value->is_string()) return protocol::make_error(ErrorCode::invalid_message, "\"cwd\" must be a string.");
    parsed.cwd = std::string(value->get_string());
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
