// `tether serve`: its options (each with its default and a TETHER_* variable).
#pragma once

#include <CLI/App.hpp>

namespace tether::cli {

void add_serve_command(CLI::App& app);

}  // namespace tether::cli
