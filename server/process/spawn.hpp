// Starting a child process the way every process of Tether's is started: in its own
// process group (a signal to the group reaches its tools too, and a Ctrl-C in the
// server's terminal does not reach it), with default signal dispositions and an empty
// signal mask (the server ignores SIGPIPE; that must not leak), in a working directory,
// with exactly the environment given, under the supervisor when one is named
// (supervisor.hpp: it dies with Tether, SIGKILL included).
#pragma once

#include <sys/types.h>

#include <string>
#include <system_error>
#include <vector>

namespace tether::server::process {

struct SpawnRequest {
  std::string executable;
  std::vector<std::string> argv;  // argv[0] included
  std::vector<std::string> env;   // NAME=value, the whole environment
  std::string cwd;
  // The child's stdin/stdout/stderr; -1 = /dev/null. Closed in the parent by the caller.
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  // The executable that runs `__supervise` (Tether's own: /proc/self/exe); empty = the
  // child runs unsupervised (a test that drives a backend in its own process).
  std::string supervisor;
};

// The pid of the group's leader (the supervisor, or the child itself); signal the group
// with kill(-pid, …). -1 and `error` set when it could not be started.
pid_t spawn(const SpawnRequest& request, std::error_code& error);

}  // namespace tether::server::process
