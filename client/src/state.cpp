// Names of the connection states, for logs and status lines.
#include "tether/client/state.hpp"

namespace tether {

std::string_view to_string(ConnectionStatus status) noexcept {
  switch (status) {
    case ConnectionStatus::connecting: return "connecting";
    case ConnectionStatus::connected: return "connected";
    case ConnectionStatus::disconnected: return "disconnected";
    case ConnectionStatus::error: return "error";
  }
  return "unknown";
}

std::string_view to_string(TransportKind kind) noexcept {
  switch (kind) {
    case TransportKind::none: return "none";
    case TransportKind::websocket: return "websocket";
    case TransportKind::http_fallback: return "http-fallback";
  }
  return "unknown";
}

}  // namespace tether
