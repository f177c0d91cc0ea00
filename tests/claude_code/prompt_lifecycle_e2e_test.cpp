// A permission prompt has a lifecycle that outlives the server: the real binary and CLI,
// a prompt left open by a stop (SIGKILL, and a clean SIGTERM), and a restart. Every
// client then sees it closed (permission_resolved, reason "interrupted"), the turn
// interrupted, a state in which no process runs and no prompt waits, and a late answer
// refused with the reason. With --permission-timeout, an unanswered prompt is denied.
#include "support/e2e_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>

namespace json = boost::json;
using namespace std::chrono_literals;
using namespace tether::test::e2e;

class PromptLifecycle : public ClaudeCodeE2E {
 protected:
  void open_prompt_then(const std::function<void()>& stop) {
    start_server();
    const auto session = create_session();
    std::string request, permission_id;
    {
      auto tab = connect();
      join(*tab, session);
      request = chat(*tab, session, "make a file [[scenario:tool_bash|touch after-restart.txt]]");
      auto prompt = tab->wait_type("permission_request");
      ASSERT_TRUE(prompt) << server_->log();
      permission_id = payload_str(*prompt, "permissionId");
    }
    stop();
    server_->restart();
    auto tab = connect();
    const auto joined = join(*tab, session);
    const auto& detail = payload(joined).at("detail").as_object();
    EXPECT_TRUE(detail.at("pendingPermissions").as_array().empty()) << json::serialize(joined);
    EXPECT_EQ(detail.at("process").as_string(), "stopped") << json::serialize(joined);
    auto closed = tab->wait_for([&](const json::object& e) {
      return is(e, "permission_resolved") && payload_str(e, "permissionId") == permission_id;
    }, 10s);
    ASSERT_TRUE(closed) << server_->log();
    EXPECT_EQ(payload_str(*closed, "behavior"), "cancelled");
    EXPECT_EQ(payload_str(*closed, "reason"), "interrupted");
    EXPECT_EQ(payload_str(response(*tab, request, 10s), "stopReason"), "interrupted");

    const auto late = tab->send("permission_response",
                                {{"sessionId", session}, {"permissionId", permission_id}, {"behavior", "allow"}});
    auto refused = tab->wait_reply(late);
    ASSERT_TRUE(refused && is(*refused, "error")) << (refused ? json::serialize(*refused) : "no answer");
    EXPECT_NE(payload_str(*refused, "message").find("the server stopped while it was open"), std::string::npos)
        << json::serialize(*refused);
    EXPECT_FALSE(std::filesystem::exists(workspace_ / "after-restart.txt"));
  }
};

TEST_F(PromptLifecycle, AnOpenPromptIsClosedForEveryoneAfterACrash) {
  open_prompt_then([&] { server_->kill9(); });
}

TEST_F(PromptLifecycle, AnOpenPromptIsClosedForEveryoneAfterAStop) {
  open_prompt_then([&] { EXPECT_EQ(server_->stop(), 0); });
}

// --permission-timeout: a prompt nobody answers is denied in time, every tab sees why, the
// model is told, and the turn (and the queue behind it) goes on.
TEST_F(PromptLifecycle, AnUnansweredPromptIsDeniedAfterThePermissionTimeout) {
  start_server({"--backend", "claude-code", "--claude-path", tether::test::claude_cli_path().string(),
                "--permission-timeout", "2"});
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, "make a file [[scenario:tool_bash|touch never-answered.txt]]");
  auto prompt = tab->wait_type("permission_request");
  ASSERT_TRUE(prompt) << server_->log();
  const auto asked_at = std::chrono::steady_clock::now();
  auto resolved = tab->wait_type("permission_resolved", 20s);
  ASSERT_TRUE(resolved) << server_->log();
  EXPECT_GE(std::chrono::steady_clock::now() - asked_at, 1500ms) << "denied before the timeout";
  EXPECT_EQ(payload_str(*resolved, "behavior"), "deny");
  EXPECT_EQ(payload_str(*resolved, "reason"), "timeout");
  EXPECT_NE(payload_str(*resolved, "message").find("--permission-timeout"), std::string::npos);
  const auto reply = response(*tab, request, 30s);
  EXPECT_EQ(payload_str(reply, "stopReason"), "end_turn") << json::serialize(reply);
  EXPECT_FALSE(std::filesystem::exists(workspace_ / "never-answered.txt"));
}

// Two tabs answer the same prompt at once: the first answer wins for everyone, the other
// changes nothing, and the history says which connection decided, on which tool. While
// the prompt waits, the session list says so.
TEST_F(PromptLifecycle, TwoTabsAnsweringAtOnceOneDecisionNamingItsConnection) {
  start_server();
  const auto session = create_session();
  auto first = connect();
  auto second = connect();
  const auto first_status = first->wait_type("connection_status");
  const auto second_status = second->wait_type("connection_status");
  ASSERT_TRUE(first_status && second_status);
  const auto first_id = payload_str(*first_status, "connectionId");
  const auto second_id = payload_str(*second_status, "connectionId");
  join(*first, session);
  join(*second, session);
  chat(*first, session, "make a file [[scenario:tool_bash|touch decided.txt]]");
  const auto prompt = first->wait_type("permission_request");
  ASSERT_TRUE(prompt) << server_->log();
  ASSERT_TRUE(second->wait_type("permission_request"));
  const auto permission_id = payload_str(*prompt, "permissionId");

  const auto listed = http(server_->port(), server_->token(), "GET", "/api/sessions");
  ASSERT_EQ(listed.status, 200u);
  const auto sessions = listed.body.as_object().at("sessions").as_array();
  const auto row = std::find_if(sessions.begin(), sessions.end(),
                                [&](const json::value& s) { return s.at("id").as_string() == session; });
  ASSERT_NE(row, sessions.end());
  EXPECT_EQ(row->at("promptsWaiting").as_int64(), 1) << json::serialize(listed.body);

  const auto allow = first->send("permission_response",
                                 {{"sessionId", session}, {"permissionId", permission_id}, {"behavior", "allow"}});
  const auto deny = second->send("permission_response",
                                 {{"sessionId", session}, {"permissionId", permission_id}, {"behavior", "deny"}});
  const auto allow_reply = first->wait_reply(allow);
  const auto deny_reply = second->wait_reply(deny);
  ASSERT_TRUE(allow_reply && deny_reply);
  EXPECT_EQ(allow_reply->at("type").as_string(), "ack") << json::serialize(*allow_reply);
  EXPECT_EQ(deny_reply->at("type").as_string(), "ack") << json::serialize(*deny_reply);

  const auto resolved_first = first->wait_type("permission_resolved", 10s);
  const auto resolved_second = second->wait_type("permission_resolved", 10s);
  ASSERT_TRUE(resolved_first && resolved_second) << server_->log();
  EXPECT_EQ(json::serialize(*resolved_first), json::serialize(*resolved_second)) << "one decision for everyone";
  EXPECT_EQ(payload_str(*resolved_first, "toolName"), "Bash");
  // Sent in this order on two sockets, either may reach the session first; the winner's
  // behaviour and connection are what the history says.
  const auto behavior = payload_str(*resolved_first, "behavior");
  ASSERT_TRUE(behavior == "allow" || behavior == "deny") << behavior;
  EXPECT_EQ(payload_str(*resolved_first, "answeredBy"), behavior == "allow" ? first_id : second_id);
  for (const auto& tab : {first.get(), second.get()}) {
    EXPECT_FALSE(tab->wait_for([&](const json::object& e) {
      return is(e, "permission_resolved") && payload_str(e, "permissionId") == permission_id;
    }, 500ms)) << "a second decision was broadcast";
  }
}
