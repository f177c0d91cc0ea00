// Sets up the process log: stderr, as text for people or one JSON object per line.
#pragma once

#include <string_view>

namespace tether::server {

void configure_logging(std::string_view format, std::string_view level);

}  // namespace tether::server
