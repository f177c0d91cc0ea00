// The server's half of the WebSocket opening handshake (RFC 6455 §4.2), apart from any
// I/O: what is wrong with an upgrade request, and the 101 response that accepts one.
// The HTTP session checks the request (route, token, Origin) before this.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tether::server::websocket_handshake {

enum class Problem {
  unsupported_version,  // answer 426 with Sec-WebSocket-Version: 13
  bad_key,              // answer 400
};

// The problem with an upgrade's Sec-WebSocket-Version and Sec-WebSocket-Key headers.
std::optional<Problem> check(std::string_view version, std::string_view key);

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key.
std::string accept_key(std::string_view client_key);

// The whole 101 Switching Protocols response for a checked key.
std::string switching_protocols(std::string_view client_key);

}  // namespace tether::server::websocket_handshake
