// The built-in backend for demos, tests and benchmarks: it streams the user's message
// back word by word, with a fixed delay between words.
#pragma once

#include "server/backends/backend.hpp"

#include <chrono>

namespace tether::server {

class EchoBackend final : public Backend {
 public:
  // reason: why echo serves this server (shown to users), e.g. "no claude CLI found".
  EchoBackend(std::chrono::milliseconds delay, std::optional<std::string> reason);

  std::string_view name() const override { return "echo"; }
  std::optional<std::string> reason() const override { return reason_; }
  // A reason means it stands in for Claude Code, which could not be used.
  protocol::Result<std::string> self_check() override;
  std::unique_ptr<BackendSession> open_session(SessionContext context) override;

 private:
  std::chrono::milliseconds delay_;
  std::optional<std::string> reason_;
};

}  // namespace tether::server
