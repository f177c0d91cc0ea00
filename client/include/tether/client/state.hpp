// What a WebSocketClient tells its application about the connection: the state the
// seed names (status, latency, isReconnecting, reconnectAttempts) plus the transport in
// use and the last error in words. Every change goes to on_state_change.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tether {

enum class ConnectionStatus {
  connecting,    // an attempt is under way (TCP, TLS, upgrade, waiting for connection_status)
  connected,     // the server answered; messages flow
  disconnected,  // no connection: waiting for a retry (is_reconnecting) or stopped
  error,         // stopped by a fault that retrying cannot fix (bad token, bad URL)
};

enum class TransportKind {
  none,
  websocket,      // the live channel
  http_fallback,  // POST /api/claude/messages + SSE /api/claude/stream
};

std::string_view to_string(ConnectionStatus status) noexcept;
std::string_view to_string(TransportKind kind) noexcept;

struct ClientState {
  ConnectionStatus status = ConnectionStatus::disconnected;
  // Round trip of the last ping on this connection; empty until the first pong.
  std::optional<std::chrono::milliseconds> latency;
  bool is_reconnecting = false;
  // Failed attempts since the last successful connection (the retry being waited for).
  int reconnect_attempts = 0;
  // The configured retry budget, so that a status line can say "2/5".
  int max_retries = 0;
  // How long until the next attempt, when one is scheduled.
  std::optional<std::chrono::milliseconds> next_retry_in;
  TransportKind transport = TransportKind::none;
  std::string last_error;

  friend bool operator==(const ClientState&, const ClientState&) = default;
};

}  // namespace tether
