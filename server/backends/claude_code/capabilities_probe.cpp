// The capabilities probe; see capabilities_probe.hpp.
#include "server/backends/claude_code/capabilities_probe.hpp"

#include "server/backends/claude_code/line_splitter.hpp"
#include "server/backends/claude_code/stdin_line.hpp"
#include "server/process/spawn.hpp"
#include "tether/protocol/names.hpp"

#include <boost/json/parse.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <thread>

namespace tether::server::claude_code {
namespace json = boost::json;
namespace field = protocol::field;
namespace {

constexpr std::string_view kRequestId = "tether-capabilities";

protocol::Error probe_failed(std::string why) {
  return protocol::Error{protocol::ErrorCode::backend_error, "Could not ask Claude Code what it offers: " + std::move(why),
                         "Check that `claude` runs in this project; the session itself may still work."};
}

// Owns the child: whatever path leaves the probe, the process (and its group) ends.
struct Child {
  pid_t pid = -1;
  int in = -1;
  int out = -1;
  ~Child() {
    if (in >= 0) ::close(in);
    if (out >= 0) ::close(out);
    if (pid <= 0) return;
    ::kill(-pid, SIGTERM);
    for (int i = 0; i < 100; ++i) {  // up to 1 s, then SIGKILL
      if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
};

json::array strings_of(const json::value* value) {
  json::array list;
  if (value == nullptr || !value->is_array()) return list;
  for (const auto& item : value->get_array())
    if (item.is_string()) list.push_back(item);
  return list;
}

std::string string_of(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

protocol::Result<json::object> probe_capabilities(const LaunchSpec& spec, const std::string& supervisor,
                                                  std::chrono::milliseconds timeout) {
  std::array<int, 2> to_child{-1, -1};
  std::array<int, 2> from_child{-1, -1};
  if (::pipe2(to_child.data(), O_CLOEXEC) != 0) return probe_failed(std::strerror(errno));
  if (::pipe2(from_child.data(), O_CLOEXEC) != 0) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    return probe_failed(std::strerror(errno));
  }
  Child child;
  std::error_code spawn_error;
  const process::SpawnRequest launch{spec.executable, spec.argv, spec.env, spec.cwd,
                                     to_child[0],     from_child[1], -1, supervisor};
  child.pid = process::spawn(launch, spawn_error);
  ::close(to_child[0]);
  ::close(from_child[1]);
  child.in = to_child[1];
  child.out = from_child[0];
  if (child.pid < 0) return probe_failed("it could not be started (" + spawn_error.message() + ")");

  const auto request = control_request_line(kRequestId, "initialize");
  if (::write(child.in, request.data(), request.size()) != static_cast<ssize_t>(request.size()))
    return probe_failed("it closed its input");

  LineSplitter lines(4u << 20);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<char, 64 * 1024> buffer{};
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return probe_failed("no answer within " + std::to_string(timeout.count() / 1000) + " s");
    pollfd ready{child.out, POLLIN, 0};
    const int polled = ::poll(&ready, 1, static_cast<int>(left.count()));
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) continue;
    const auto got = ::read(child.out, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return probe_failed("it exited before answering");
    for (auto& line : lines.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)))) {
      boost::system::error_code ec;
      auto value = json::parse(line, ec);
      if (ec || !value.is_object()) continue;
      const auto* response = value.get_object().if_contains("response");
      if (string_of(value.get_object(), "type") != "control_response" || !response || !response->is_object()) continue;
      const auto& answer = response->get_object();
      if (string_of(answer, "request_id") != kRequestId) continue;
      if (string_of(answer, "subtype") != "success") return probe_failed(string_of(answer, "error"));
      const auto* body = answer.if_contains("response");
      return body && body->is_object() ? body->get_object() : json::object{};
    }
  }
}

protocol::Result<std::string> probe_version(const std::string& executable, const std::vector<std::string>& env,
                                            const std::string& supervisor, std::chrono::milliseconds timeout) {
  const auto failed = [](std::string why) {
    return protocol::Error{protocol::ErrorCode::backend_error, "`claude --version` failed: " + std::move(why),
                           "Run `claude --version` in a terminal to see why."};
  };
  std::array<int, 2> from_child{-1, -1};
  if (::pipe2(from_child.data(), O_CLOEXEC) != 0) return failed(std::strerror(errno));
  Child child;
  std::error_code spawn_error;
  const process::SpawnRequest launch{executable, {executable, "--version"}, env, "/", -1, from_child[1], -1,
                                     supervisor};
  child.pid = process::spawn(launch, spawn_error);
  ::close(from_child[1]);
  child.out = from_child[0];
  if (child.pid < 0) return failed("it could not be started (" + spawn_error.message() + ")");

  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<char, 4096> buffer{};
  while (output.size() < 4096) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return failed("no answer within " + std::to_string(timeout.count() / 1000) + " s");
    pollfd ready{child.out, POLLIN, 0};
    const int polled = ::poll(&ready, 1, static_cast<int>(left.count()));
    if (polled <= 0) continue;
    const auto got = ::read(child.out, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    output.append(buffer.data(), static_cast<std::size_t>(got));
  }
  const auto line_end = output.find('\n');
  std::string version = output.substr(0, line_end);
  while (!version.empty() && std::isspace(static_cast<unsigned char>(version.back()))) version.pop_back();
  if (version.empty()) return failed("it printed nothing");
  return version;
}

json::object capabilities_from_initialize(const json::object& response) {
  json::array models;
  if (const auto* list = response.if_contains("models"); list && list->is_array()) {
    for (const auto& item : list->get_array()) {
      if (!item.is_object()) continue;
      const auto& model = item.get_object();
      const auto value = string_of(model, "value");
      if (value.empty()) continue;
      models.push_back(json::object{{field::value, value},
                                    {field::display_name, string_of(model, "displayName")},
                                    {field::description, string_of(model, "description")}});
    }
  }
  json::array commands;
  if (const auto* list = response.if_contains("commands"); list && list->is_array()) {
    for (const auto& item : list->get_array()) {
      if (!item.is_object()) continue;
      const auto& command = item.get_object();
      const auto name = string_of(command, "name");
      if (name.empty()) continue;
      commands.push_back(json::object{{field::name, name},
                                      {field::description, string_of(command, "description")},
                                      {field::argument_hint, string_of(command, "argumentHint")}});
    }
  }
  return json::object{{field::models, std::move(models)},
                      {field::commands, std::move(commands)},
                      {field::output_styles, strings_of(response.if_contains("available_output_styles"))}};
}

}  // namespace tether::server::claude_code
