// End to end over the WebSocket: the real `tether serve` binary on the claude-code
// backend, the real `claude` CLI (pinned, tests/tools), the fake Messages API. What a
// browser tab would see: streamed replies, permission prompts across tabs and
// reconnects, cancel, the stall watchdog, a killed CLI, a restarted server, a missing CLI.
#include "support/e2e_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <thread>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

using namespace tether::test::e2e;

TEST_F(ClaudeCodeE2E, StreamedRepliesAndTwoTurnsInOneProcess) {
  start_server();
  const auto session = create_session();
  auto tab = connect();
  const auto joined = join(*tab, session);
  EXPECT_EQ(payload_str(joined, "backend"), "claude-code");

  const auto first = chat(*tab, session, "first question alpha");
  const auto reply = response(*tab, first);
  EXPECT_EQ(payload_str(reply, "message"), "Echo #1: first question alpha");
  EXPECT_EQ(payload_str(reply, "stopReason"), "end_turn");
  EXPECT_EQ(streamed(*tab, first), "Echo #1: first question alpha");
  EXPECT_TRUE(payload(reply).at("detail").as_object().contains("usage"));
  // The CLI's state reached the session (and the state answers a join).
  auto update = tab->wait_for([](const json::object& e) {
    return claude_session_of(e) != "";
  }, 1s);
  ASSERT_TRUE(update);

  const auto second = chat(*tab, session, "second question beta");
  EXPECT_EQ(payload_str(response(*tab, second), "message"), "Echo #2: second question beta");
  EXPECT_EQ(cli_starts(), 1u);
  const auto requests = fake_->message_requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(tether::test::conversation_text(requests[1].as_object()).find("Echo #1: first question alpha"),
            std::string::npos);
}

TEST_F(ClaudeCodeE2E, PermissionPromptSurvivesAReconnectAndClosesOnBothTabs) {
  start_server();
  const auto session = create_session();
  auto tab_a = connect();
  auto tab_b = connect();
  join(*tab_a, session);
  join(*tab_b, session);
  const auto request = chat(*tab_a, session, "make a file [[scenario:tool_bash|touch made-by-claude.txt]]");
  auto prompt_a = tab_a->wait_type("permission_request");
  auto prompt_b = tab_b->wait_type("permission_request");
  ASSERT_TRUE(prompt_a && prompt_b);
  const auto permission_id = payload_str(*prompt_a, "permissionId");
  EXPECT_EQ(payload_str(*prompt_b, "permissionId"), permission_id);
  EXPECT_EQ(payload_str(*prompt_a, "toolName"), "Bash");
  EXPECT_EQ(payload(*prompt_a).at("input").at("command").as_string(), "touch made-by-claude.txt");
  EXPECT_EQ(payload_str(*prompt_a, "requestId"), request);

  // Tab A drops and comes back: the open prompt is in the replay and in the state.
  tab_a->close();
  tab_a = connect();
  const auto rejoined = join(*tab_a, session);
  auto replayed = tab_a->wait_type("permission_request", 5s);
  ASSERT_TRUE(replayed);
  EXPECT_EQ(payload_str(*replayed, "permissionId"), permission_id);
  const auto& pending = payload(rejoined).at("detail").at("pendingPermissions").as_array();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].as_string(), permission_id);
  EXPECT_FALSE(fs::exists(workspace_ / "made-by-claude.txt"));

  // Tab B allows; tab A's late deny changes nothing.
  const auto allow = tab_b->send("permission_response", {{"sessionId", session}, {"permissionId", permission_id}, {"behavior", "allow"}});
  auto ack = tab_b->wait_reply(allow);
  ASSERT_TRUE(ack && is(*ack, "ack")) << json::serialize(*ack);
  for (auto* tab : {tab_a.get(), tab_b.get()}) {
    auto resolved = tab->wait_type("permission_resolved");
    ASSERT_TRUE(resolved);
    EXPECT_EQ(payload_str(*resolved, "permissionId"), permission_id);
    EXPECT_EQ(payload_str(*resolved, "behavior"), "allow");
  }
  const auto late = tab_a->send("permission_response",
                                {{"sessionId", session}, {"permissionId", permission_id}, {"behavior", "deny"}});
  auto late_ack = tab_a->wait_reply(late);
  ASSERT_TRUE(late_ack && is(*late_ack, "ack"));

  for (auto* tab : {tab_a.get(), tab_b.get()}) {
    auto use = tab->wait_type("tool_use");
    ASSERT_TRUE(use);
    EXPECT_EQ(payload_str(*use, "name"), "Bash");
    auto result = tab->wait_type("tool_result");
    ASSERT_TRUE(result);
    EXPECT_EQ(payload_str(*result, "toolUseId"), payload_str(*use, "toolUseId"));
    EXPECT_FALSE(payload(*result).at("isError").as_bool());
    const auto reply = response(*tab, request);
    EXPECT_EQ(payload_str(reply, "stopReason"), "end_turn");
    EXPECT_NE(payload_str(reply, "message").find("Tool finished (is_error=False)"), std::string::npos);
  }
  EXPECT_TRUE(fs::exists(workspace_ / "made-by-claude.txt"));

  // The history over REST has the tool call and its result.
  auto history = http(server_->port(), server_->token(), "GET", "/api/sessions/" + session);
  ASSERT_EQ(history.status, 200u);
  std::vector<std::string> kinds;
  for (const auto& message : history.body.at("messages").as_array()) {
    const auto& object = message.as_object();
    const auto role = std::string(object.at("role").as_string());
    kinds.push_back(role == "tool" ? std::string(object.at("type").as_string()) : role);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"user", "tool_use", "tool_result", "assistant"}));
}

TEST_F(ClaudeCodeE2E, DenyReachesTheModelAsADenial) {
  start_server();
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, "make a file [[scenario:tool_bash|touch nope.txt]]");
  auto prompt = tab->wait_type("permission_request");
  ASSERT_TRUE(prompt);
  const auto deny = tab->send("permission_response", {{"sessionId", session},
                                                      {"permissionId", payload_str(*prompt, "permissionId")},
                                                      {"behavior", "deny"},
                                                      {"message", "not on this machine"}});
  ASSERT_TRUE(tab->wait_reply(deny));
  auto result = tab->wait_type("tool_result");
  ASSERT_TRUE(result);
  EXPECT_TRUE(payload(*result).at("isError").as_bool());
  const auto reply = response(*tab, request);
  EXPECT_NE(payload_str(reply, "message").find("Tool finished (is_error=True): not on this machine"), std::string::npos);
  EXPECT_FALSE(fs::exists(workspace_ / "nope.txt"));
}

TEST_F(ClaudeCodeE2E, CancelKeepsThePartialReplyAndTheNextMessageWorks) {
  start_server();
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, "count [[scenario:slow|200|50]]");
  ASSERT_TRUE(tab->wait_for([&](const json::object& e) { return is(e, "chat_stream", request); }));
  std::this_thread::sleep_for(200ms);
  const auto cancel = tab->send("chat_cancel", {{"sessionId", session}});
  ASSERT_TRUE(tab->wait_reply(cancel));
  const auto reply = response(*tab, request, 15s);
  EXPECT_EQ(payload_str(reply, "stopReason"), "cancelled");
  const auto partial = payload_str(reply, "message");
  EXPECT_TRUE(partial.starts_with("w1 ")) << partial;
  EXPECT_LT(partial.size(), 200u * 3);

  const auto next = chat(*tab, session, "next [[scenario:echo]]");
  const auto second = response(*tab, next);
  EXPECT_EQ(payload_str(second, "stopReason"), "end_turn");
  EXPECT_EQ(payload_str(second, "message"), "Echo #2: next");
}

TEST_F(ClaudeCodeE2E, StallWatchdogReportsTheStall) {
  start_server({"--backend", "claude-code", "--claude-path", tether::test::claude_cli_path().string(),
                "--turn-stall-timeout", "4"});  // more than a CLI start takes on a busy machine
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, "hang [[scenario:stall]]");
  const auto reply = response(*tab, request, 60s);
  EXPECT_EQ(payload_str(reply, "stopReason"), "error");
  EXPECT_NE(std::string(payload(reply).at("detail").at("error").as_string()).find("no output for 4 s"), std::string::npos);
  EXPECT_EQ(payload_str(reply, "message"), "Starting to ");
}

TEST_F(ClaudeCodeE2E, KilledCliFailsTheTurnAndTheNextMessageResumes) {
  start_server();
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, "count [[scenario:slow|200|50]]");
  ASSERT_TRUE(tab->wait_for([&](const json::object& e) { return is(e, "chat_stream", request); }));
  // Killed at its very first delta, the CLI may not have written its transcript yet, and
  // --resume is then refused (handled, but not what this test is about).
  std::this_thread::sleep_for(1s);
  const auto children = claude_children();
  ASSERT_EQ(children.size(), 1u) << server_->log();
  ::kill(children[0], SIGKILL);
  const auto reply = response(*tab, request, 15s);
  EXPECT_EQ(payload_str(reply, "stopReason"), "error") << json::serialize(reply) << server_->log();
  ASSERT_TRUE(payload(reply).contains("detail") && payload(reply).at("detail").as_object().contains("exitCode"))
      << json::serialize(reply) << server_->log();
  EXPECT_EQ(payload(reply).at("detail").at("exitCode").as_int64(), 137);
  EXPECT_NE(std::string(payload(reply).at("detail").at("error").as_string()).find("exited with code 137"),
            std::string::npos);

  const auto next = chat(*tab, session, "still there? [[scenario:echo]]");
  const auto second = response(*tab, next);
  EXPECT_EQ(payload_str(second, "message"), "Echo #2: still there?") << json::serialize(second) << server_->log();
  EXPECT_EQ(cli_starts(), 2u) << json::serialize(fake_->requests());
}

TEST_F(ClaudeCodeE2E, RestartedServerResumesTheSameClaudeSession) {
  start_server();
  const auto session = create_session();
  {
    auto tab = connect();
    join(*tab, session);
    EXPECT_EQ(payload_str(response(*tab, chat(*tab, session, "remember alpha")), "message"), "Echo #1: remember alpha");
    // The backend state (with the Claude session id) is persisted before we stop.
    ASSERT_TRUE(tab->wait_for([](const json::object& e) { return claude_session_of(e) != ""; }, 1s));
  }
  const auto cli_before_stop = claude_children();
  EXPECT_EQ(cli_before_stop.size(), 1u);
  EXPECT_EQ(server_->stop(), 0);
  for (auto pid : cli_before_stop) {
    // Reparented and reaped once it is gone: poll briefly.
    for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(50ms);
    EXPECT_NE(::kill(pid, 0), 0) << "the CLI outlived the server";
  }
  server_->restart();
  auto tab = connect();
  const auto joined = join(*tab, session);
  const auto claude_session = claude_session_of(joined);
  EXPECT_FALSE(claude_session.empty()) << json::serialize(joined);
  const auto reply = response(*tab, chat(*tab, session, "and beta"));
  EXPECT_EQ(payload_str(reply, "message"), "Echo #2: and beta");
  EXPECT_EQ(std::string(payload(reply).at("detail").at("claudeSessionId").as_string()), claude_session);
}

// A tool's input reaches the tab while the model writes it (tool_input, before its
// tool_use), and leaves the history once the turn is over: a late tab sees the tool_use.
TEST_F(ClaudeCodeE2E, AToolsInputStreamsBeforeItsCallAndLeavesTheHistoryAfterTheTurn) {
  start_server({"--backend", "claude-code", "--claude-path", tether::test::claude_cli_path().string(),
                "--permission-mode", "acceptEdits"});
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, "run it [[scenario:tool_bash|echo streamed-input]]");
  const auto first_piece = tab->wait_type("tool_input");
  ASSERT_TRUE(first_piece) << server_->log();
  EXPECT_EQ(payload_str(*first_piece, "name"), "Bash");
  const auto tool_use_id = payload_str(*first_piece, "toolUseId");
  std::string input = payload_str(*first_piece, "delta");
  for (;;) {
    const auto next = tab->wait_for([](const json::object& e) { return is(e, "tool_input") || is(e, "tool_use"); });
    ASSERT_TRUE(next) << server_->log();
    if (is(*next, "tool_use")) {
      EXPECT_EQ(payload_str(*next, "toolUseId"), tool_use_id);
      EXPECT_EQ(json::parse(input), payload(*next).at("input")) << input;
      break;
    }
    EXPECT_EQ(payload_str(*next, "toolUseId"), tool_use_id);
    input += payload_str(*next, "delta");
  }
  if (auto prompt = tab->wait_type("permission_request", 5s)) {
    const auto allow = tab->send("permission_response", {{"sessionId", session},
                                                         {"permissionId", payload_str(*prompt, "permissionId")},
                                                         {"behavior", "allow"}});
    ASSERT_TRUE(tab->wait_reply(allow));
  }
  EXPECT_EQ(payload_str(response(*tab, request), "stopReason"), "end_turn") << server_->log();

  auto late = connect();
  join(*late, session);
  ASSERT_TRUE(late->wait_type("chat_response"));
  for (const auto& event : late->seen()) EXPECT_FALSE(is(event, "tool_input")) << json::serialize(event);
  EXPECT_TRUE(late->wait_type("tool_use", 1s)) << "the call itself stays";
}

// A subagent's (Agent/Task) tool calls reach the tab live, each naming the call that
// started the subagent; the reply is the main conversation's text only.
TEST_F(ClaudeCodeE2E, ASubagentsToolCallsArriveUnderItsTaskCall) {
  start_server({"--backend", "claude-code", "--claude-path", tether::test::claude_cli_path().string(),
                "--permission-mode", "acceptEdits"});
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, "delegate [[scenario:subagent|echo from-the-subagent]]");
  const auto task = tab->wait_for([](const json::object& e) {
    return is(e, "tool_use") && payload(e).if_contains("parentToolUseId") == nullptr;
  });
  ASSERT_TRUE(task) << server_->log();
  const auto task_id = payload_str(*task, "toolUseId");
  // The subagent's Bash may ask first (acceptEdits covers edits, not commands).
  for (;;) {
    const auto next = tab->wait_for([](const json::object& e) {
      return is(e, "permission_request") || (is(e, "tool_use") && payload(e).contains("parentToolUseId"));
    });
    ASSERT_TRUE(next) << server_->log();
    if (is(*next, "tool_use")) {
      EXPECT_EQ(payload_str(*next, "parentToolUseId"), task_id);
      EXPECT_EQ(payload_str(*next, "name"), "Bash");
      const auto inner = payload_str(*next, "toolUseId");
      const auto result = tab->wait_for([&](const json::object& e) {
        return is(e, "tool_result") && payload_str(e, "toolUseId") == inner;
      });
      ASSERT_TRUE(result) << server_->log();
      EXPECT_EQ(payload_str(*result, "parentToolUseId"), task_id);
      EXPECT_NE(payload_str(*result, "content").find("from-the-subagent"), std::string::npos) << json::serialize(*result);
      break;
    }
    const auto allow = tab->send("permission_response", {{"sessionId", session},
                                                         {"permissionId", payload_str(*next, "permissionId")},
                                                         {"behavior", "allow"}});
    ASSERT_TRUE(tab->wait_reply(allow));
  }
  const auto task_result = tab->wait_for([&](const json::object& e) {
    return is(e, "tool_result") && payload_str(e, "toolUseId") == task_id;
  });
  ASSERT_TRUE(task_result) << server_->log();
  EXPECT_FALSE(payload(*task_result).contains("parentToolUseId"));
  const auto reply = response(*tab, request);
  EXPECT_EQ(payload_str(reply, "stopReason"), "end_turn") << server_->log();
  EXPECT_EQ(payload_str(reply, "message").find("Run this command"), std::string::npos)
      << "the subagent's own conversation is not the reply: " << payload_str(reply, "message");
}

// The real CLI's structuredPatch of an Edit reaches the tab with the file's own line
// numbers (line 20 of 30, not line 1 of the snippet), and stays in the history.
TEST_F(ClaudeCodeE2E, AnEditsResultCarriesThePatchWithTheFilesLineNumbers) {
  std::string original;
  for (int i = 1; i <= 30; ++i) original += "line " + std::to_string(i) + "\n";
  {
    std::ofstream out(workspace_ / "notes.txt");
    out << original;
  }
  start_server({"--backend", "claude-code", "--claude-path", tether::test::claude_cli_path().string(),
                "--permission-mode", "acceptEdits"});
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, R"(fix line 20 [[scenario:tool_edit|notes.txt|line 20\n|LINE TWENTY\n]])");
  const auto edit = tab->wait_for([](const json::object& e) { return is(e, "tool_use") && payload_str(e, "name") == "Edit"; });
  ASSERT_TRUE(edit) << server_->log();
  const auto edit_id = payload_str(*edit, "toolUseId");
  const auto result = tab->wait_for([&](const json::object& e) { return is(e, "tool_result") && payload_str(e, "toolUseId") == edit_id; });
  ASSERT_TRUE(result) << server_->log();
  EXPECT_FALSE(payload(*result).at("isError").as_bool()) << json::serialize(*result);
  ASSERT_TRUE(payload(*result).contains("patch")) << json::serialize(*result);
  EXPECT_EQ(json::serialize(payload(*result).at("patch")),
            R"([{"oldStart":17,"oldLines":7,"newStart":17,"newLines":7,"lines":[" line 17"," line 18"," line 19","-line 20","+LINE TWENTY"," line 21"," line 22"," line 23"]}])");
  EXPECT_FALSE(payload(*result).contains("patchTruncated"));
  EXPECT_EQ(payload_str(response(*tab, request), "stopReason"), "end_turn");

  // The Read before it has no patch; the history over REST keeps the Edit's.
  auto history = http(server_->port(), server_->token(), "GET", "/api/sessions/" + session);
  ASSERT_EQ(history.status, 200u);
  int patches = 0;
  for (const auto& message : history.body.at("messages").as_array()) {
    const auto& object = message.as_object();
    if (!object.contains("patch")) continue;
    ++patches;
    EXPECT_EQ(object.at("toolUseId").as_string(), edit_id);
    EXPECT_EQ(object.at("patch").at(0).at("oldStart").as_int64(), 17);
  }
  EXPECT_EQ(patches, 1);
}

TEST_F(ClaudeCodeE2E, MissingCliIsAClearBackendUnavailable) {
  const auto missing = (temp_.path() / "no-claude-here").string();
  start_server({"--backend", "claude-code", "--claude-path", missing});
  const auto session = create_session();
  auto tab = connect();
  const auto joined = join(*tab, session);
  EXPECT_NE(payload_str(joined, "backendReason").find("not found"), std::string::npos) << json::serialize(joined);
  const auto reply = response(*tab, chat(*tab, session, "hello"));
  EXPECT_EQ(payload_str(reply, "stopReason"), "error");
  const auto& detail = payload(reply).at("detail").as_object();
  EXPECT_EQ(detail.at("code").as_string(), "backend_unavailable");
  EXPECT_NE(std::string(detail.at("hint").as_string()).find("npm install -g @anthropic-ai/claude-code"), std::string::npos);
  const auto health = tether::testing::http_request(server_->port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200u) << "degraded still serves";
  const auto checks = json::parse(health.body).at("checks");
  EXPECT_EQ(checks.at("backend").at("status").as_string(), "degraded") << health.body;
  EXPECT_NE(std::string(checks.at("backend").at("detail").as_string()).find("not found"), std::string::npos)
      << health.body;
}

// /healthz names the CLI it found, by the version the CLI itself gives.
TEST_F(ClaudeCodeE2E, HealthNamesTheCliAndItsVersion) {
  start_server();
  const auto health = tether::testing::http_request(server_->port(), "GET", "/healthz");
  ASSERT_EQ(health.status, 200u) << health.body;
  const auto body = json::parse(health.body);
  EXPECT_EQ(body.at("status").as_string(), "ok") << health.body;
  const std::string detail(body.at("checks").at("backend").at("detail").as_string());
  EXPECT_TRUE(detail.starts_with("Claude Code 2.")) << detail;
  EXPECT_NE(detail.find("(Claude Code) at "), std::string::npos) << detail;
}

TEST_F(ClaudeCodeE2E, AutoFallsBackToEchoAndSaysWhy) {
  start_server({"--backend", "auto", "--claude-path", (temp_.path() / "no-claude-here").string()});
  const auto session = create_session();
  auto tab = connect();
  const auto joined = join(*tab, session);
  EXPECT_EQ(payload_str(joined, "backend"), "echo");
  EXPECT_NE(payload_str(joined, "backendReason").find("npm install -g @anthropic-ai/claude-code"), std::string::npos)
      << json::serialize(joined);
}

TEST_F(ClaudeCodeE2E, SessionCwdMustBeInsideTheWorkspace) {
  fs::create_directories(workspace_ / "sub");
  start_server();
  auto inside = http(server_->port(), server_->token(), "POST", "/api/sessions",
                                           json::object{{"cwd", "sub"}});
  ASSERT_EQ(inside.status, 201u) << json::serialize(inside.body);
  EXPECT_EQ(inside.body.at("session").at("cwd").as_string(), (workspace_ / "sub").string());
  auto outside = http(server_->port(), server_->token(), "POST", "/api/sessions",
                                            json::object{{"cwd", temp_.path().string()}});
  EXPECT_EQ(outside.status, 403u) << json::serialize(outside.body);
  auto defaulted = http(server_->port(), server_->token(), "POST", "/api/sessions", json::object{});
  EXPECT_EQ(defaulted.body.at("session").at("cwd").as_string(), workspace_.string());

  // The CLI runs in the session's cwd.
  auto tab = connect();
  const auto session = std::string(inside.body.at("session").at("id").as_string());
  join(*tab, session);
  chat(*tab, session, "where? [[scenario:tool_bash|touch here.txt]]");
  auto prompt = tab->wait_type("permission_request");
  ASSERT_TRUE(prompt);
  tab->send("permission_response", {{"sessionId", session}, {"permissionId", payload_str(*prompt, "permissionId")}, {"behavior", "allow"}});
  ASSERT_TRUE(tab->wait_type("chat_response"));
  EXPECT_TRUE(fs::exists(workspace_ / "sub" / "here.txt"));
}
