// Starting and stopping `tether serve` for tests; see server_process.hpp.
#include "support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace tether::test {
namespace fs = std::filesystem;

std::vector<pid_t> children_named(pid_t parent, const std::string& name) {
  std::vector<pid_t> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const auto pid_text = entry.path().filename().string();
    if (pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid != parent || state == 'Z') continue;
    std::error_code error;
    const auto exe = fs::read_symlink(entry.path() / "exe", error);
    if (!error && exe.filename().string().find(name) != std::string::npos) pids.push_back(std::stoi(pid_text));
  }
  return pids;
}

ServerProcess::ServerProcess(ServerLaunch launch) : launch_(std::move(launch)) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args{launch_.binary.string(), "serve", "--port", "0", "--data-dir",
                                launch_.data_dir.string(), "--token", launch_.token};
  args.insert(args.end(), launch_.args.begin(), launch_.args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_entries;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string text(*entry);
    const auto name = text.substr(0, text.find('='));
    if (!launch_.env.contains(name)) env_entries.push_back(text);
  }
  for (const auto& [name, value] : launch_.env) env_entries.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& entry : env_entries) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, launch_.cwd.c_str());
  const int rc = ::posix_spawn(&pid_, launch_.binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    throw std::runtime_error("cannot start " + launch_.binary.string() + ": " + std::strerror(rc));
  }
  std::string output;
  const std::regex url(R"(http://[^:/]+:(\d+)/\?token=)");
  std::smatch match;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!std::regex_search(output, match, url)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd fd{out[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[512];
    const auto n = ::read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);  // later stdout writes get EPIPE, which the server tolerates (only the URL goes there)
  if (match.empty()) {
    kill();
    throw std::runtime_error("tether serve did not print its URL; stdout: " + output);
  }
  port_ = std::stoi(match[1].str());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill();
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  const auto children = claude_children();
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  for (auto child : children) ::kill(-child, SIGKILL);  // the CLI's own process group
  pid_ = -1;
}

std::vector<pid_t> ServerProcess::claude_children() const { return children_named(pid_, "claude"); }

}  // namespace tether::test
