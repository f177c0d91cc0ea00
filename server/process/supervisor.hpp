// The supervisor: a small process between Tether and each Claude Code CLI, so that no CLI
// and none of its tools outlives Tether, whatever ends it (SIGKILL included).
//
// posix_spawn cannot set a parent-death signal, and the CLI's tool processes (a Bash
// command's `sleep 60`) are the CLI's children, which a signal to the CLI alone leaves
// running; the CLI even starts each tool's shell in a session of its own. So Tether starts
// `tether __supervise EXECUTABLE ARGV...`: the CLI's parent, a subreaper (an orphaned tool
// comes back to it, not to init), told by the kernel when Tether dies (PR_SET_PDEATHSIG);
// it then kills every process below it, whatever its session, and itself. While Tether
// lives, Tether signals the supervisor's group (itself and the CLI) as before, and the
// supervisor exits as the CLI did (its code, or its signal), after ending whatever the
// CLI left running.
#pragma once

#include <string_view>

namespace tether::server::process {

// argv[1] of a supervisor: `tether __supervise EXECUTABLE ARG0 ARGS...`.
inline constexpr std::string_view kSuperviseCommand = "__supervise";

// The supervisor's main (argv as above). Returns only on a usage error.
int run_supervisor(int argc, char** argv);

}  // namespace tether::server::process
