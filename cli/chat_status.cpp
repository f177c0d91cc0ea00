// Status line text (see chat_status.hpp). Colors only when allowed (NO_COLOR, non-TTY).
#include "cli/chat_status.hpp"

namespace tether::cli {
namespace {
std::string paint(const char* code, const std::string& text, bool color) {
  return color ? std::string("\x1b[") + code + "m" + text + "\x1b[0m" : text;
}

std::string seconds(std::chrono::milliseconds duration) {
  const auto tenths = (duration.count() + 50) / 100;
  if (tenths >= 100 || tenths % 10 == 0) return std::to_string((tenths + 5) / 10) + " s";
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}
}  // namespace

std::string format_status(const ClientState& state, bool color) {
  const auto latency = state.latency ? " " + std::to_string(state.latency->count()) + " ms" : std::string();
  switch (state.status) {
    case ConnectionStatus::connected:
      if (state.transport == TransportKind::http_fallback) return paint("36", "⇄ HTTP fallback" + latency, color);
      return paint("32", "● connected" + latency, color);
    case ConnectionStatus::connecting:
      if (state.is_reconnecting) {
        return paint("33", "◌ reconnecting " + std::to_string(state.reconnect_attempts) + "/" +
                               std::to_string(state.max_retries) + " now",
                     color);
      }
      return paint("33", "◌ connecting", color);
    case ConnectionStatus::disconnected:
      if (state.is_reconnecting) {
        auto text = "◌ reconnecting " + std::to_string(state.reconnect_attempts) + "/" +
                    std::to_string(state.max_retries);
        if (state.next_retry_in) text += " in " + seconds(*state.next_retry_in);
        return paint("33", text, color);
      }
      return paint("31", "✖ disconnected — press Ctrl-R to retry", color) +
             (state.last_error.empty() ? std::string() : " (" + state.last_error + ")");
    case ConnectionStatus::error:
      return paint("31", "✖ " + (state.last_error.empty() ? std::string("error") : state.last_error) +
                             " — press Ctrl-R to retry",
                   color);
  }
  return {};
}

}  // namespace tether::cli
