// `tether serve`: wires the store, the backend, the hub and the listener, runs the
// I/O threads, and stops gracefully on SIGINT/SIGTERM.
#pragma once

#include "server/config.hpp"

namespace tether::server {

// Returns the process exit code: 0 after a clean stop.
int run_server(ServerConfig config);

}  // namespace tether::server
