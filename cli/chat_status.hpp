// The one-line connection status at the bottom of `tether chat`, from ClientState:
//   ● connected 3 ms / ◌ reconnecting 2/5 in 4 s / ✖ disconnected — press Ctrl-R to retry
//   / ⇄ HTTP fallback 12 ms
#pragma once

#include "tether/client/state.hpp"

#include <string>

namespace tether::cli {

std::string format_status(const ClientState& state, bool color);

}  // namespace tether::cli
