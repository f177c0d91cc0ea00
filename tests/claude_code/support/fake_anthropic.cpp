// Starting and reading the fake Messages API; see fake_anthropic.hpp.
#include "support/fake_anthropic.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace tether::test {
namespace fs = std::filesystem;
namespace json = boost::json;

fs::path source_dir() { return TETHER_SOURCE_DIR; }

fs::path claude_cli_path() { return source_dir() / "tests/tools/node_modules/.bin/claude"; }

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "tether-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = fs::canonical(pattern);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

FakeAnthropic::FakeAnthropic(const fs::path& log_dir) : log_path_(log_dir / "fake-anthropic.jsonl") {
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  const std::string script = (source_dir() / "tests/tools/fake-anthropic/server.mjs").string();
  const std::string log = log_path_.string();
  std::vector<std::string> args{"node", script, "--port", "0", "--log", log};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int rc = ::posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  stdin_fd_ = in[1];
  if (rc != 0) {
    ::close(out[0]);
    throw std::runtime_error("cannot start node (the fake Anthropic API needs Node.js)");
  }
  // First line: {"listening":PORT}
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd fd{out[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[256];
    const auto n = ::read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    line.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  boost::system::error_code error;
  auto value = json::parse(line.substr(0, line.find('\n')), error);
  if (error || !value.is_object() || !value.as_object().contains("listening")) {
    throw std::runtime_error("the fake Anthropic API did not start: " + line);
  }
  port_ = static_cast<int>(value.at("listening").to_number<int>());
}

FakeAnthropic::~FakeAnthropic() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);  // the fake exits when its stdin closes
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string FakeAnthropic::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

json::array FakeAnthropic::requests() const {
  json::array requests;
  std::ifstream in(log_path_);
  std::string line;
  while (std::getline(in, line)) {
    boost::system::error_code error;
    auto value = json::parse(line, error);
    if (!error) requests.push_back(std::move(value));
  }
  return requests;
}

json::array FakeAnthropic::message_requests() const {
  json::array result;
  for (auto& request : requests()) {
    const auto& object = request.as_object();
    const auto path = std::string(object.at("path").as_string());
    if (object.at("method").as_string() == "POST" && path.find("/v1/messages") != std::string::npos &&
        path.find("count_tokens") == std::string::npos)
      result.push_back(request);
  }
  return result;
}

std::size_t FakeAnthropic::cli_starts() const {
  std::size_t count = 0;
  for (const auto& request : requests())
    if (request.at("method").as_string() == "HEAD") ++count;
  return count;
}

std::map<std::string, std::string> offline_cli_env(const FakeAnthropic& fake, const fs::path& config_dir) {
  return {{"ANTHROPIC_BASE_URL", fake.base_url()},
          {"ANTHROPIC_API_KEY", "sk-test"},
          {"CLAUDE_CONFIG_DIR", config_dir.string()},
          {"CLAUDE_CODE_MAX_RETRIES", "1"},
          {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
          {"DISABLE_TELEMETRY", "1"},
          {"DISABLE_AUTOUPDATER", "1"},
          {"DISABLE_ERROR_REPORTING", "1"},
          {"CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK", "1"}};
}

std::string conversation_text(const json::object& request) {
  std::string text;
  const auto* body = request.if_contains("body");
  if (!body || !body->is_object()) return text;
  const auto* messages = body->as_object().if_contains("messages");
  if (!messages || !messages->is_array()) return text;
  for (const auto& message : messages->as_array()) {
    const auto* content = message.as_object().if_contains("content");
    if (!content) continue;
    text += message.as_object().at("role").as_string();
    text += ": ";
    text += content->is_string() ? std::string(content->as_string()) : json::serialize(*content);
    text += '\n';
  }
  return text;
}

}  // namespace tether::test
