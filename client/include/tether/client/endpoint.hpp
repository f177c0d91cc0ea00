// Where the server is: one parsed form of ClientConfig::url, from which the WebSocket,
// fallback and REST addresses are derived.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether {

// The routes of docs/protocol.md §1 and §5.
namespace route {
inline constexpr std::string_view websocket = "/api/claude/ws";
inline constexpr std::string_view messages = "/api/claude/messages";
inline constexpr std::string_view stream = "/api/claude/stream";
inline constexpr std::string_view sessions = "/api/sessions";
}  // namespace route

struct Endpoint {
  bool secure = false;  // wss / https
  std::string host;
  std::string port;
  std::string websocket_path = std::string(route::websocket);
  std::string token_in_url;  // ?token=… of a pasted `tether serve` link

  // "127.0.0.1:8080", or "[::1]:8080": the Host header.
  std::string host_header() const;
};

// Accepts ws, wss, http and https URLs. Empty with a reason in `error` when unusable.
std::optional<Endpoint> parse_endpoint(std::string_view url, std::string* error = nullptr);

}  // namespace tether
