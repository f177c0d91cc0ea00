#include "server/config.hpp"

#include "server/backends/claude_code/cli_environment.hpp"
#include "server/transport/access_policy.hpp"
#include "tether/protocol/vocabulary.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <cstdlib>

namespace tether::server {

std::optional<ListenAddress> parse_listen_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  auto host = text.substr(0, colon);
  const auto port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) return std::nullopt;
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(host), ec);
  if (ec) return std::nullopt;
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

std::optional<std::string> ServerConfig::validate() const {
  if (backend != "auto" && backend != "echo" && backend != "claude-code") {
    return "--backend must be auto, echo or claude-code (got \"" + backend + "\")";
  }
  if (log_format != "text" && log_format != "json") return "--log-format must be text or json";
  if (!protocol::permission_mode_allowed(permission_mode, true)) {
    return "--permission-mode must be default, acceptEdits, plan or bypassPermissions";
  }
  if (permission_mode == protocol::permission_mode::bypass_permissions && !allow_bypass_permissions) {
    return "--permission-mode bypassPermissions needs --allow-bypass-permissions";
  }
  if (idle_process_timeout.count() < 1000) return "--idle-process-timeout must be at least 1 s";
  if (turn_stall_timeout.count() < 1000) return "--turn-stall-timeout must be at least 1 s";
  for (const auto& name : claude_env) {
    if (!claude_code::is_valid_env_name(name))
      return "--claude-env \"" + name + "\" is not a variable name (it must be non-empty, without '=' or NUL)";
  }
  for (const auto& root : workspace) {
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) return "--workspace " + root + " is not a directory";
  }
  if (max_message_bytes < 1024) return "--max-message-bytes must be at least 1024";
  if (unload_idle_sessions_after.count() < 0) return "--unload-idle-sessions-after must not be negative";
  if (max_queued_bytes < max_message_bytes) return "--max-queued-bytes must be at least --max-message-bytes";
  if (heartbeat_interval.count() < 100) return "--heartbeat-interval-ms must be at least 100";
  if (request_timeout.count() < 100) return "--request-timeout-ms must be at least 100";
  if (max_messages_per_second < 0) return "--max-messages-per-second must not be negative";
  if (!metrics_listen.empty() && !parse_listen_address(metrics_listen)) {
    return "--metrics-listen must be an IP address and a port, like 127.0.0.1:9464 or [::1]:9464 (got \"" +
           metrics_listen + "\")";
  }
  if (max_requests_per_second < 0) return "--max-requests-per-second must not be negative";
  if (echo_delay.count() < 0) return "--echo-delay-ms must not be negative";
  if (tls_cert.empty() != tls_key.empty()) {
    return tls_cert.empty() ? "--tls-key needs --tls-cert too (the certificate chain that goes with the key)"
                            : "--tls-cert needs --tls-key too (the private key of the certificate)";
  }
  if (!binds_loopback_only() && !tls_enabled() && !insecure_allow_remote) {
    return "--host " + host + " would let other machines drive an agent that runs commands over plain HTTP. Give "
           "it a certificate with --tls-cert and --tls-key, reach Tether through an SSH tunnel instead "
           "(docs/security.md), or pass --insecure-allow-remote if you really mean it";
  }
  if (token.size() < 16) return "the token must be at least 16 characters (or leave it unset for a random one)";
  return std::nullopt;
}

std::filesystem::path ServerConfig::database_file() const { return data_dir / "tether.db"; }

std::filesystem::path ServerConfig::process_records_dir() const { return data_dir / "processes"; }

bool ServerConfig::binds_loopback_only() const {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

ServerConfig with_defaults(ServerConfig config) {
  if (config.data_dir.empty()) {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
      config.data_dir = std::filesystem::path(xdg) / "tether";
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
      config.data_dir = std::filesystem::path(home) / ".local" / "share" / "tether";
    } else {
      config.data_dir = std::filesystem::current_path() / ".tether";
    }
  }
  if (config.web_root.empty()) config.web_root = TETHER_DEFAULT_WEB_ROOT;
  if (config.claude_config_dir.empty()) {
    if (const char* dir = std::getenv("CLAUDE_CONFIG_DIR"); dir != nullptr && *dir != '\0') {
      config.claude_config_dir = dir;
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
      config.claude_config_dir = std::filesystem::path(home) / ".claude";
    }
  }
  if (config.token.empty()) config.token = generate_token();
  return config;
}

}  // namespace tether::server
