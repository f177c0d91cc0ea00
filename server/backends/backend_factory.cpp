#include "server/backends/backend_factory.hpp"

#include "server/backends/echo_backend.hpp"

namespace tether::server {

std::variant<std::unique_ptr<Backend>, std::string> make_backend(const ServerConfig& config) {
  if (config.backend == "claude-code") {
    return std::string("the claude-code backend is not part of this build; use --backend echo");
  }
  std::optional<std::string> reason;
  if (config.backend == "auto") reason = "Claude Code is not available in this build, so replies are echoed";
  return std::make_unique<EchoBackend>(config.echo_delay, std::move(reason));
}

}  // namespace tether::server
