// Words for a system/api_retry line, so that the user sees why nothing arrives
// instead of a silent spinner: "Anthropic API overloaded, retry 2 of 10 in 4 s".
#pragma once

#include "server/backends/claude_code/cli_event.hpp"

#include <string>

namespace tether::server::claude_code {

std::string retry_notice(const ApiRetry& retry);

}  // namespace tether::server::claude_code
