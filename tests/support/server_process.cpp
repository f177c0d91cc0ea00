#include "tests/support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace tether::testing {
namespace fs = std::filesystem;

fs::path make_temp_dir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

ServerProcess::ServerProcess(ServerOptions options) : options_(std::move(options)) {
  temp_dir_ = make_temp_dir("tether-test");
  if (options_.data_dir.empty()) options_.data_dir = temp_dir_ / "data";
  if (options_.binary.empty()) options_.binary = TETHER_BINARY;
  start();
}

ServerProcess::~ServerProcess() {
  if (running()) stop();
  std::error_code ec;
  fs::remove_all(temp_dir_, ec);
}

std::string ServerProcess::http_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string ServerProcess::ws_url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/api/claude/ws"; }

void ServerProcess::start() {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  const auto log_file = temp_dir_ / "server.log";

  std::vector<std::string> args{options_.binary, "serve", "--host", options_.host, "--port", std::to_string(port_),
                                "--data-dir", options_.data_dir.string(), "--token", options_.token};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    const int log = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(log, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    for (const auto& [name, value] : options_.env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  ++starts_;

  // Wait for "Tether is running at http://127.0.0.1:PORT/?token=…" (https with TLS).
  std::string printed;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  static const std::regex kLine(R"(Tether is running at https?://127\.0\.0\.1:(\d+)/\?token=)");
  std::smatch match;
  while (!std::regex_search(printed, match, kLine)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd fd{out[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
      close(out[0]);
      kill9();
      throw std::runtime_error("tether serve did not start; its log:\n" + log());
    }
    char buffer[512];
    const auto n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) {
      close(out[0]);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
      throw std::runtime_error("tether serve exited at start; its log:\n" + log());
    }
    printed.append(buffer, static_cast<std::size_t>(n));
  }
  port_ = static_cast<unsigned short>(std::stoi(match[1]));
  // Keep reading stdout in the background so the server never blocks on a full pipe.
  std::thread([fd = out[0]] {
    char buffer[512];
    while (read(fd, buffer, sizeof buffer) > 0) {
    }
    close(fd);
  }).detach();
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill9();
  return -1;
}

void ServerProcess::restart() {
  if (running()) stop();
  start();
}

std::string ServerProcess::log() const {
  std::ifstream in(temp_dir_ / "server.log");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace tether::testing
