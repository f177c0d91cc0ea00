// The two ways `tether chat` runs: one question (-m, for scripts and pipes) or an
// interactive terminal chat. Both take the parsed options and return the exit code.
#pragma once

#include "tether/client/config.hpp"

#include <optional>
#include <string>

namespace tether::cli {

struct ChatOptions {
  ClientConfig client;                // url, token, CA file, timers
  std::optional<std::string> session;  // --session ID
  bool new_session = false;            // --new
  std::optional<std::string> message;  // -m TEXT ("-" = read standard input)
  std::chrono::seconds reply_timeout{600};
};

int run_one_shot(const ChatOptions& options);
int run_interactive(const ChatOptions& options);

}  // namespace tether::cli
