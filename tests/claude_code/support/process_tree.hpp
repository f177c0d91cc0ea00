// Finds the `claude` processes a test (or the server under test) started, so that a
// test can kill one mid-turn or check that none is left behind.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace tether::test {

// Live descendants of `root` (children, theirs, …: a CLI runs under Tether's supervisor)
// whose executable's file name contains `name`.
std::vector<pid_t> descendants_named(pid_t root, const std::string& name);

}  // namespace tether::test
