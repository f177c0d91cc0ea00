#include "server/process/supervisor.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tether::server::process {
namespace {

// Every live process below `root` (children, theirs, …), from /proc: the CLI starts its
// tools' shells in sessions of their own, which a signal to our process group misses.
std::vector<pid_t> descendants_of(pid_t root) {
  std::unordered_map<pid_t, pid_t> parent_of;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const auto close = line.rfind(')');  // "pid (comm) state ppid …": comm may hold anything
    if (close == std::string::npos || close + 4 >= line.size()) continue;
    if (line[close + 2] == 'Z') continue;  // already dead, waiting to be reaped
    parent_of[std::stoi(name)] = static_cast<pid_t>(std::atoi(line.c_str() + close + 4));
  }
  std::vector<pid_t> below;
  for (const auto& [pid, parent] : parent_of) {
    for (pid_t up = parent; up > 1;) {
      if (up == root) {
        below.push_back(pid);
        break;
      }
      const auto next = parent_of.find(up);
      up = next == parent_of.end() ? 0 : next->second;
    }
  }
  return below;
}

void reap_children() {
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

// Ends everything below the supervisor: SIGKILL, pass after pass (a process may fork
// while we look), until nothing is left. As a subreaper, orphans come back to us and are
// found by the next pass.
void kill_descendants() {
  for (int pass = 0; pass < 50; ++pass) {
    const auto below = descendants_of(::getpid());
    if (below.empty()) return;
    for (const auto pid : below) ::kill(pid, SIGKILL);
    reap_children();
    ::usleep(2000);
  }
}

// Tether died: everything below goes now, then the supervisor.
[[noreturn]] void end_everything() {
  kill_descendants();
  ::kill(0, SIGKILL);
  ::_exit(137);  // not reached
}

// Leaves as the CLI left: its exit code, or the signal that ended it.
[[noreturn]] void exit_like(int status) {
  if (WIFEXITED(status)) ::_exit(WEXITSTATUS(status));
  const int signal_number = WTERMSIG(status);
  ::signal(signal_number, SIG_DFL);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, signal_number);
  ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
  ::raise(signal_number);
  ::_exit(128 + signal_number);
}

}  // namespace

int run_supervisor(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: tether %s EXECUTABLE ARG0 [ARGS...]\n", kSuperviseCommand.data());
    return 2;
  }
  const pid_t tether = ::getppid();
  // Every signal the supervisor acts on is taken synchronously (sigwaitinfo), never by a
  // handler. SIGUSR1 is the parent-death signal: Tether's own SIGTERM to the group is told
  // apart from its death.
  sigset_t watched;
  sigemptyset(&watched);
  for (int number : {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&watched, number);
  sigset_t original;
  ::sigprocmask(SIG_BLOCK, &watched, &original);
  if (::prctl(PR_SET_PDEATHSIG, SIGUSR1) != 0 || ::getppid() != tether) end_everything();  // died before we looked
  // Orphans below us (a tool whose shell ended) come back to us, not to init: still found.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);

  const pid_t cli = ::fork();
  if (cli < 0) {
    std::fprintf(stderr, "tether: cannot start %s: %s\n", argv[2], std::strerror(errno));
    return 127;
  }
  if (cli == 0) {
    // The CLI too dies with its parent: if the supervisor alone is killed, the CLI follows
    // (its tools then outlive it: the supervisor is the one that finds them).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::sigprocmask(SIG_SETMASK, &original, nullptr);
    ::execv(argv[2], argv + 3);
    std::fprintf(stderr, "tether: cannot run %s: %s\n", argv[2], std::strerror(errno));
    ::_exit(127);
  }

  std::optional<int> cli_status;  // its wait status, once reaped
  for (;;) {
    siginfo_t info{};
    const int signal_number = ::sigwaitinfo(&watched, &info);
    if (signal_number < 0) continue;  // EINTR
    if (signal_number == SIGUSR1 || ::getppid() != tether) end_everything();
    if (signal_number != SIGCHLD) continue;  // Tether signalled the group: the CLI got it too
    // Every child that ended (signals coalesce): the CLI, or an orphan that came back to us.
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
      if (pid == cli) cli_status = status;
    }
    if (!cli_status) continue;
    // The CLI is gone; a tool it left behind is not.
    kill_descendants();
    exit_like(*cli_status);
  }
}

}  // namespace tether::server::process
