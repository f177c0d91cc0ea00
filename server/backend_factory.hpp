// Chooses the backend from --backend (auto | echo | claude-code).
#pragma once

#include "server/backends/backend.hpp"
#include "server/backends/claude_code/options.hpp"
#include "server/config.hpp"

#include <memory>
#include <string>
#include <variant>

namespace tether::server {

// The backend, or why none can serve (a message for the person starting the server).
std::variant<std::unique_ptr<Backend>, std::string> make_backend(const ServerConfig& config);

// The claude-code backend's options as the server configuration sets them.
claude_code::ClaudeCodeOptions claude_code_options(const ServerConfig& config);

}  // namespace tether::server
