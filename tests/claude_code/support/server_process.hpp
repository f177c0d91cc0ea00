// Runs the real `tether serve` binary for an end-to-end test: on a free port, with a
// temp data dir, its own cwd and extra arguments/environment; reads the printed URL to
// learn the port and token. stop() is a graceful SIGTERM, kill() a `kill -9`.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tether::test {

struct ServerLaunch {
  std::filesystem::path binary;     // build/cli/tether
  std::filesystem::path data_dir;
  std::filesystem::path cwd;        // where `tether serve` starts (the default workspace)
  std::vector<std::string> args;    // after `serve --port 0 --data-dir … --token …`
  std::map<std::string, std::string> env;  // added to this process's environment
  std::string token = "tether-test-token-0123456789";
};

class ServerProcess {
 public:
  // Starts the server; throws std::runtime_error when it does not print its URL in 20 s.
  explicit ServerProcess(ServerLaunch launch);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const noexcept { return port_; }
  const std::string& token() const noexcept { return launch_.token; }
  pid_t pid() const noexcept { return pid_; }
  // SIGTERM and wait; returns the exit status (or -1).
  int stop();
  void kill();
  // The `claude` processes the server started (its direct children).
  std::vector<pid_t> claude_children() const;

 private:
  ServerLaunch launch_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Direct children of `parent` whose executable's name contains `name`.
std::vector<pid_t> children_named(pid_t parent, const std::string& name);

}  // namespace tether::test
