// Chooses the backend from --backend (auto | echo | claude-code).
#pragma once

#include "server/backends/backend.hpp"
#include "server/config.hpp"

#include <memory>
#include <string>
#include <variant>

namespace tether::server {

// The backend, or why none can serve (a message for the person starting the server).
std::variant<std::unique_ptr<Backend>, std::string> make_backend(const ServerConfig& config);

}  // namespace tether::server
