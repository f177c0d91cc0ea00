// What the transport layer is told of the server's configuration: its limits, where the
// web UI's files are, and the defaults it answers new sessions with. The app fills it
// from ServerConfig (server.cpp), so that transport never depends on the rest.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

namespace tether::server {

struct TransportConfig {
  std::filesystem::path web_root;
  std::filesystem::path data_dir;  // where /healthz measures free space
  std::size_t max_message_bytes = 0;
  std::size_t max_queued_bytes = 0;
  double max_messages_per_second = 0;  // per WebSocket; 0 = no limit
  double max_requests_per_second = 0;  // per address, of the HTTP API; 0 = no limit
  std::size_t max_connections = 0;
  std::chrono::milliseconds request_timeout{0};
  std::chrono::milliseconds heartbeat_interval{0};
  // New sessions: the defaults, and whether bypassPermissions may be chosen.
  std::string model;
  std::string permission_mode;
  bool allow_bypass_permissions = false;
};

}  // namespace tether::server
