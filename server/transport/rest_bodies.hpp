// The bodies and query numbers of the REST routes, parsed and checked without I/O, so
// that each rule has a unit test and a fuzz target (tests/fuzz/http_body_fuzz.cpp).
// The routes themselves (rest_api.cpp) only carry out what these return.
#pragma once

#include "tether/protocol/envelope.hpp"
#include "tether/protocol/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether::server {

inline constexpr std::size_t kMaxTitleBytes = 200;

// POST /api/sessions: {"title"?: string ≤ 200 bytes, "cwd"?: string, "model"?: string
// ≤ 200 bytes, "permissionMode"?: string, "claudeSessionId"?: a UUID}; null is absent; an
// empty body is an empty object. claudeSessionId (open a Claude Code conversation) goes
// with no cwd, model or mode: the conversation has its own.
struct NewSessionBody {
  std::string title;
  std::optional<std::string> cwd;
  std::optional<std::string> model;
  std::optional<std::string> permission_mode;
  std::optional<std::string> claude_session_id;
};
protocol::Result<NewSessionBody> parse_new_session_body(std::string_view body,
                                                        const protocol::DecodeLimits& limits = {});

// PATCH /api/sessions/{id}: {"title": string of 1 to 200 bytes}.
protocol::Result<std::string> parse_rename_body(std::string_view body, const protocol::DecodeLimits& limits = {});

// A whole number in a query string (?after=, ?limit=): nullopt unless it is all digits
// and fits in 63 bits.
std::optional<std::int64_t> parse_whole_number(std::string_view text) noexcept;

}  // namespace tether::server
