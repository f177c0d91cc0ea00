// Runs tests/tools/fake-anthropic/server.mjs (the fake Anthropic Messages API) for one
// test: on a free port, with its request log in a temp file that the test can read.
// Also the environment that points the real `claude` CLI at it and keeps it offline.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>

namespace tether::test {

// Where the repository's test tools are (set by CMake).
std::filesystem::path source_dir();
// The pinned CLI installed by `scripts/setup.sh test`.
std::filesystem::path claude_cli_path();

class FakeAnthropic {
 public:
  // Starts the server; throws std::runtime_error when it does not come up within 10 s.
  explicit FakeAnthropic(const std::filesystem::path& log_dir);
  ~FakeAnthropic();
  FakeAnthropic(const FakeAnthropic&) = delete;
  FakeAnthropic& operator=(const FakeAnthropic&) = delete;

  int port() const noexcept { return port_; }
  std::string base_url() const;
  // Every request so far, oldest first: {method, path, headers, body}.
  boost::json::array requests() const;
  // Only the model calls (POST …/v1/messages).
  boost::json::array message_requests() const;
  // How many CLI processes started: each sends one HEAD to the base URL first.
  std::size_t cli_starts() const;

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
  std::filesystem::path log_path_;
};

// The CLI's environment for tests: the fake API, a dummy key, a private config dir (so
// ~/.claude is never touched), few retries, and no traffic other than the fake.
std::map<std::string, std::string> offline_cli_env(const FakeAnthropic& fake, const std::filesystem::path& config_dir);

// A fresh directory under the system temp dir, removed with its content at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// The text of every user message block the CLI sent in one request (to check history).
std::string conversation_text(const boost::json::object& request);

}  // namespace tether::test
