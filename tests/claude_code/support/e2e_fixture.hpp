// What the end-to-end suites of the Claude Code backend share: a browser-like tab over
// the WebSocket (with waits that remember what arrived meanwhile), REST calls, and a
// fixture that runs the real `tether serve` binary with the real `claude` CLI against
// the fake Messages API in a temporary workspace and config dir.
#pragma once

#include "support/fake_anthropic.hpp"
#include "support/process_tree.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tether::test {
namespace e2e {
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

// One browser tab: the shared test client, plus waits that also look at envelopes that
// arrived while the test waited for something else (events of one turn interleave:
// tool_use comes before its permission_request).
class Tab {
 public:
  Tab(unsigned short port, const std::string& token)
      : client_(std::make_unique<tether::testing::WsTestClient>(port, tether::testing::WsOptions{token})) {}

  std::string send(std::string_view type, json::object payload) {
    return client_->send(*tether::protocol::parse_message_type(type), std::move(payload));
  }
  // The oldest envelope matching `match` that no earlier wait returned; nullopt on timeout.
  std::optional<json::object> wait_for(const std::function<bool(const json::object&)>& match,
                                       std::chrono::milliseconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto& seen = client_->seen();
      for (std::size_t i = 0; i < seen.size(); ++i) {
        if (taken_.size() < seen.size()) taken_.resize(seen.size(), false);
        if (taken_[i]) continue;
        auto envelope = tether::protocol::to_json(seen[i]);
        if (match(envelope)) {
          taken_[i] = true;
          return envelope;
        }
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      try {
        client_->read(left);
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  }
  std::optional<json::object> wait_type(std::string_view type, std::chrono::milliseconds timeout = 60s) {
    return wait_for([&](const json::object& e) { return e.at("type").as_string() == type; }, timeout);
  }
  std::optional<json::object> wait_reply(const std::string& id, std::chrono::milliseconds timeout = 30s) {
    return wait_for(
        [&](const json::object& e) {
          const auto* reply_to = e.if_contains("replyTo");
          return reply_to && reply_to->is_string() && reply_to->as_string() == id;
        },
        timeout);
  }
  std::vector<json::object> seen() const {
    std::vector<json::object> all;
    for (const auto& envelope : client_->seen()) all.push_back(tether::protocol::to_json(envelope));
    return all;
  }
  void close() { client_->close(); }

 private:
  std::unique_ptr<tether::testing::WsTestClient> client_;
  std::vector<bool> taken_;
};

struct HttpReply {
  unsigned status = 0;
  json::value body;
};

inline HttpReply http(unsigned short port, const std::string& token, const std::string& method, const std::string& target,
               const std::optional<json::object>& body = std::nullopt) {
  auto result = tether::testing::http_request(port, method, target, body ? json::serialize(*body) : "",
                                              {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  boost::system::error_code error;
  HttpReply reply{result.status, {}};
  if (!result.body.empty()) reply.body = json::parse(result.body, error);
  return reply;
}

inline std::string payload_str(const json::object& envelope, const std::string& key) {
  const auto* value = envelope.at("payload").as_object().if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

inline bool is(const json::object& envelope, std::string_view type, std::string_view request_id = {}) {
  if (envelope.at("type").as_string() != type) return false;
  return request_id.empty() || payload_str(envelope, "requestId") == request_id;
}

inline const json::object& payload(const json::object& envelope) { return envelope.at("payload").as_object(); }

// session_update.detail.claudeSessionId, or "" (not a session_update, or not known yet).
inline std::string claude_session_of(const json::object& envelope) {
  if (!is(envelope, "session_update")) return {};
  const auto* detail = payload(envelope).if_contains("detail");
  if (!detail || !detail->is_object()) return {};
  const auto* id = detail->as_object().if_contains("claudeSessionId");
  return id && id->is_string() ? std::string(id->as_string()) : std::string();
}

class ClaudeCodeE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(tether::test::claude_cli_path()))
        << "the pinned Claude Code CLI is missing: run `scripts/setup.sh test` (npm ci in tests/tools)";
    workspace_ = temp_.path() / "proj";
    fs::create_directories(workspace_);
    fs::create_directories(temp_.path() / "config");
    fake_ = std::make_unique<tether::test::FakeAnthropic>(temp_.path());
  }

  // `env` is added to the server's environment; its TETHER_CLAUDE_ENV, if any, is
  // extended with the names of the offline variables (so give a test's names there: a
  // --claude-env in `args` would replace the variable, and the offline names with it).
  void start_server(std::vector<std::string> args = {}, std::map<std::string, std::string> env = {}) {
    if (args.empty()) args = {"--backend", "claude-code", "--claude-path", tether::test::claude_cli_path().string()};
    tether::testing::ServerOptions options;
    options.data_dir = temp_.path() / "data";
    // The workspace root is also the default cwd of a session.
    args.insert(args.end(), {"--workspace", workspace_.string()});
    options.extra_args = std::move(args);
    options.env = tether::test::offline_cli_env(*fake_, temp_.path() / "config");
    // A home of the test's own: the Bash tool runs a login shell, and the machine's rc
    // files (a `pyenv rehash` cut short by a test that kills the server leaves a lock
    // every later shell waits on) are not this test's business.
    fs::create_directories(temp_.path() / "home");
    options.env["HOME"] = (temp_.path() / "home").string();
    // The CLI gets only an allowlist of the server's environment: the offline variables
    // outside it (DISABLE_TELEMETRY, ...) are passed by name.
    std::string passed = env["TETHER_CLAUDE_ENV"];
    for (const auto& [name, value] : options.env) passed += (passed.empty() ? "" : ",") + name;
    env["TETHER_CLAUDE_ENV"] = passed;
    for (auto& [name, value] : env) options.env[name] = std::move(value);
    server_ = std::make_unique<tether::testing::ServerProcess>(std::move(options));
  }

  std::string create_session() {
    auto reply = http(server_->port(), server_->token(), "POST", "/api/sessions", json::object{});
    EXPECT_EQ(reply.status, 201u) << json::serialize(reply.body);
    return std::string(reply.body.at("session").at("id").as_string());
  }

  std::vector<pid_t> claude_children() const { return tether::test::descendants_named(server_->pid(), "claude"); }

  std::unique_ptr<Tab> connect() { return std::make_unique<Tab>(server_->port(), server_->token()); }

  // Joins and returns the session_update that answers the join.
  json::object join(Tab& client, const std::string& session, std::int64_t last_seq = 0) {
    const auto id = client.send("session_join", {{"sessionId", session}, {"lastSeq", last_seq}});
    auto answer = client.wait_reply(id);
    EXPECT_TRUE(answer && is(*answer, "session_update")) << (answer ? json::serialize(*answer) : "no answer");
    return answer.value_or(json::object{});
  }

  std::string chat(Tab& client, const std::string& session, const std::string& message) {
    const auto id = client.send("chat_request", {{"sessionId", session}, {"message", message}});
    auto ack = client.wait_reply(id);
    EXPECT_TRUE(ack && is(*ack, "ack")) << (ack ? json::serialize(*ack) : "no ack");
    return id;
  }

  json::object response(Tab& client, const std::string& request_id, std::chrono::milliseconds timeout = 60s) {
    auto found = client.wait_for([&](const json::object& e) { return is(e, "chat_response", request_id); }, timeout);
    EXPECT_TRUE(found) << "no chat_response for " << request_id;
    return found.value_or(json::object{{"type", "none"}, {"payload", json::object{}}});
  }

  static std::string streamed(const Tab& client, const std::string& request_id) {
    std::string text;
    for (const auto& envelope : client.seen())
      if (is(envelope, "chat_stream", request_id)) text += payload_str(envelope, "delta");
    return text;
  }

  std::size_t cli_starts() const { return fake_->cli_starts(); }

  tether::test::TempDir temp_;
  fs::path workspace_;
  std::unique_ptr<tether::test::FakeAnthropic> fake_;
  std::unique_ptr<tether::testing::ServerProcess> server_;
};


}  // namespace e2e
}  // namespace tether::test
