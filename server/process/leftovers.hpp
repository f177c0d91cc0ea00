// What a restarted Tether finds of an earlier run. The supervisor ends every process
// below it when Tether dies, but nothing ends the supervisor's own processes when it is
// killed too (`pkill -9 tether` names both): the CLI and its tools then run on, children
// of init. So each supervised process is recorded in the data dir before it starts, and
// carries a tag in its environment that its tools inherit; at start-up every process
// that carries a tag recorded there is ended, and the records are cleared. The tag is a
// random name, not a secret, and not a TETHER_* variable (those never reach the agent).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server::process {

// NAME=value in the environment of a recorded process (and of everything it starts).
inline constexpr std::string_view kTagVariable = "TETHERED_TAG";

// Records a process about to start for `owner` (a session id) in `dir`; returns its tag,
// to be put in its environment as kTagVariable=tag. Empty when it cannot be recorded
// (the process still starts: the supervisor covers all but a double kill).
std::string record_process(const std::filesystem::path& dir, std::string_view owner);

// The process of `tag` has ended: its record goes.
void forget_process(const std::filesystem::path& dir, std::string_view tag);

struct Leftover {
  pid_t pid = 0;
  std::string owner;
};

// Ends (SIGKILL) every live process whose environment carries a tag recorded in `dir`,
// and clears the records. Returns the processes it ended.
std::vector<Leftover> end_leftovers(const std::filesystem::path& dir);

}  // namespace tether::server::process
