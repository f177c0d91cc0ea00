#include "server/process/spawn.hpp"

#include "server/process/supervisor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>

namespace tether::server::process {
namespace {

struct SpawnAttributes {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attributes{};
  SpawnAttributes() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnAttributes() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
};

void redirect(posix_spawn_file_actions_t& actions, int fd, int target, int null_flags) {
  if (fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, fd, target);
  } else {
    posix_spawn_file_actions_addopen(&actions, target, "/dev/null", null_flags, 0);
  }
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (const auto& text : strings) result.push_back(const_cast<char*>(text.c_str()));
  result.push_back(nullptr);
  return result;
}

}  // namespace

pid_t spawn(const SpawnRequest& request, std::error_code& error) {
  error.clear();
  SpawnAttributes spawn;
  redirect(spawn.actions, request.stdin_fd, STDIN_FILENO, O_RDONLY);
  redirect(spawn.actions, request.stdout_fd, STDOUT_FILENO, O_WRONLY);
  redirect(spawn.actions, request.stderr_fd, STDERR_FILENO, O_WRONLY);
  // Nothing else of the server's: not its listening socket (a restart could not bind the
  // port while a child holds it), not the database, not a client's connection.
  posix_spawn_file_actions_addclosefrom_np(&spawn.actions, STDERR_FILENO + 1);
  posix_spawn_file_actions_addchdir_np(&spawn.actions, request.cwd.c_str());
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int number : {SIGPIPE, SIGINT, SIGTERM, SIGCHLD, SIGHUP, SIGUSR1}) sigaddset(&defaults, number);
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  posix_spawnattr_setsigdefault(&spawn.attributes, &defaults);
  posix_spawnattr_setsigmask(&spawn.attributes, &empty_mask);
  posix_spawnattr_setpgroup(&spawn.attributes, 0);
  posix_spawnattr_setflags(&spawn.attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> argv;
  const std::string* executable = &request.executable;
  if (!request.supervisor.empty()) {
    // The supervisor would only find out after it started; say it here, as posix_spawn would.
    if (::access(request.executable.c_str(), X_OK) != 0) {
      error = std::error_code(errno, std::generic_category());
      return -1;
    }
    argv = {"tether", std::string(kSuperviseCommand), request.executable};
    argv.insert(argv.end(), request.argv.begin(), request.argv.end());
    executable = &request.supervisor;
  }
  auto argv_pointers = pointers(request.supervisor.empty() ? request.argv : argv);
  auto env_pointers = pointers(request.env);
  pid_t pid = -1;
  if (const int rc =
          ::posix_spawn(&pid, executable->c_str(), &spawn.actions, &spawn.attributes, argv_pointers.data(),
                        env_pointers.data());
      rc != 0) {
    error = std::error_code(rc, std::generic_category());
    return -1;
  }
  return pid;
}

}  // namespace tether::server::process
