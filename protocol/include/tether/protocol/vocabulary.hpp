// Words of the protocol that are not message fields: the permission modes a session can
// be in and the WebSocket close codes the server sends (docs/protocol.md §4.2, §6). Both
// sides pin them to protocol/vocabulary.json (tests/protocol/vocabulary_test.cpp and
// web/src/types/vocabulary.test.ts), so the C++ and TypeScript twins cannot drift.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tether::protocol {

namespace permission_mode {
inline constexpr std::string_view ask = "default";  // every tool that is not read-only asks
inline constexpr std::string_view accept_edits = "acceptEdits";
inline constexpr std::string_view plan = "plan";
inline constexpr std::string_view bypass_permissions = "bypassPermissions";  // opt-in of the operator
}  // namespace permission_mode

// In the order a UI offers them.
inline constexpr std::array<std::string_view, 4> kPermissionModes{permission_mode::ask, permission_mode::accept_edits,
                                                                  permission_mode::plan,
                                                                  permission_mode::bypass_permissions};

// Whether `mode` names a permission mode that may be used: bypassPermissions only where
// the operator allowed it.
constexpr bool permission_mode_allowed(std::string_view mode, bool bypass_allowed) noexcept {
  if (mode == permission_mode::bypass_permissions) return bypass_allowed;
  return mode == permission_mode::ask || mode == permission_mode::accept_edits || mode == permission_mode::plan;
}

// Close codes of RFC 6455 §7.4.1 as Tether uses them.
enum class CloseCode : std::uint16_t {
  normal = 1000,
  going_away = 1001,       // the server stops or restarts: reconnect
  protocol_error = 1002,
  no_status = 1005,        // never sent: a close frame without a code
  abnormal = 1006,         // never sent: the connection ended without a close frame
  invalid_payload = 1007,  // text that is not UTF-8
  policy_violation = 1008, // past the message rate
  too_big = 1009,          // a message over --max-message-bytes
  internal_error = 1011,
  try_again_later = 1013,  // this connection fell too far behind: resume by seq
};

}  // namespace tether::protocol
