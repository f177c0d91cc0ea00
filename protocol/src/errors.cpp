#include "tether/protocol/errors.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace tether::protocol {
namespace {

struct CodeInfo {
  ErrorCode code;
  std::string_view name;
  unsigned http_status;
  std::string_view default_hint;
};

constexpr std::array<CodeInfo, 16> kCodes{{
    {ErrorCode::invalid_json, "invalid_json", 400, "Send one JSON object per line; see docs/protocol.md."},
    {ErrorCode::invalid_message, "invalid_message", 400, "Check the envelope and payload fields against docs/protocol.md."},
    {ErrorCode::unknown_type, "unknown_type", 400, "Use a message type listed in docs/protocol.md."},
    {ErrorCode::message_too_large, "message_too_large", 413, "Split the message or raise --max-message-bytes on the server."},
    {ErrorCode::session_not_found, "session_not_found", 404, "List sessions with GET /api/sessions or create one with POST /api/sessions."},
    {ErrorCode::unauthorized, "unauthorized", 401, "Open the link printed by `tether serve`, or send Authorization: Bearer <token>."},
    {ErrorCode::forbidden, "forbidden", 403, "Connect from the page served by tether, or start it with --allowed-origin."},
    {ErrorCode::not_found, "not_found", 404, "See docs/protocol.md for the routes."},
    {ErrorCode::method_not_allowed, "method_not_allowed", 405, "See docs/protocol.md for the methods of this route."},
    {ErrorCode::upgrade_required, "upgrade_required", 426, "Open this URL as a WebSocket (ws://...)."},
    {ErrorCode::rate_limited, "rate_limited", 429, "Slow down and retry later."},
    {ErrorCode::overloaded, "overloaded", 503, "The server is at its limit; retry after the delay it gives."},
    {ErrorCode::backend_unavailable, "backend_unavailable", 503, "Check the backend settings of `tether serve` (--backend)."},
    {ErrorCode::backend_error, "backend_error", 502, "The backend failed; see the message, then send again."},
    {ErrorCode::folder_missing, "folder_missing", 409, "Restore the folder, or start a new session in another project."},
    {ErrorCode::internal, "internal", 500, "An internal error; the server log has the details."},
}};

const CodeInfo& info(ErrorCode code) noexcept {
  for (const auto& entry : kCodes)
    if (entry.code == code) return entry;
  return kCodes.back();
}

}  // namespace

std::string_view to_string(ErrorCode code) noexcept { return info(code).name; }

std::optional<ErrorCode> parse_error_code(std::string_view text) noexcept {
  for (const auto& entry : kCodes)
    if (entry.name == text) return entry.code;
  return std::nullopt;
}

unsigned http_status(ErrorCode code) noexcept { return info(code).http_status; }

Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message), std::string(info(code).default_hint)};
}

void throw_exception_from_error(const Error& error, const boost::source_location&) {
  throw std::runtime_error(std::string(to_string(error.code)) + ": " + error.message);
}

}  // namespace tether::protocol
