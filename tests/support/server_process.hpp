// Runs the real `tether serve` binary for a test: a free port, a temporary data dir,
// a known token. kill9() and restart() keep the data dir and the port, so a test can
// check what survives a crash. The destructor stops it with SIGTERM.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tether::testing {

struct ServerOptions {
  std::vector<std::string> extra_args;         // e.g. {"--echo-delay-ms", "1"}
  std::map<std::string, std::string> env;      // added to the environment
  std::filesystem::path data_dir;              // empty: a fresh temporary folder
  std::string token = "test-token-0123456789abcdef";
  std::string binary;                          // empty: the built tether
  std::string host = "127.0.0.1";              // --host; the test still connects to 127.0.0.1
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerOptions options = {});
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess();

  unsigned short port() const { return port_; }
  const std::string& token() const { return options_.token; }
  const std::filesystem::path& data_dir() const { return options_.data_dir; }
  std::string http_url() const;  // http://127.0.0.1:PORT
  std::string ws_url() const;    // ws://127.0.0.1:PORT/api/claude/ws
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

  // SIGKILL, like a crash: nothing is flushed.
  void kill9();
  // SIGTERM and wait; the exit code (-1 when it had to be killed after the timeout).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Starts again on the same port and data dir.
  void restart();
  // Everything the server wrote to stderr so far.
  std::string log() const;

 private:
  void start();

  ServerOptions options_;
  std::filesystem::path temp_dir_;
  unsigned short port_ = 0;
  pid_t pid_ = -1;
  int starts_ = 0;
};

// A fresh temporary folder under the system temp dir.
std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace tether::testing
