// The claude-code backend driving the real `claude` CLI (pinned 2.1.197, from
// tests/tools) against the fake Anthropic Messages API, through the BackendSession
// interface the hub uses, with recording doubles in place of the hub. No server here:
// these pin down the backend's behaviour; tests/claude_code/e2e_* cover the wire.
#include "server/backends/claude_code/claude_code_backend.hpp"
#include "support/fake_anthropic.hpp"
#include "support/process_tree.hpp"
#include "support/recorders.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>

namespace asio = boost::asio;
namespace json = boost::json;
namespace fs = std::filesystem;
namespace cc = tether::server::claude_code;
using tether::protocol::MessageType;
using tether::protocol::StopReason;
using tether::server::BackendSession;
using tether::server::SessionContext;
using tether::server::TurnInput;
using tether::test::RecordingObserver;
using tether::test::RecordingSink;
using namespace std::chrono_literals;

namespace {

std::string str(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

// The `claude` processes this test process started (its direct children).
std::vector<pid_t> claude_children() { return tether::test::descendants_named(::getpid(), "claude"); }

class ClaudeCodeLive : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(tether::test::claude_cli_path()))
        << "the pinned Claude Code CLI is missing: run `scripts/setup.sh test` (npm ci in tests/tools)";
    workspace_ = temp_.path() / "proj";
    fs::create_directories(workspace_);
    fs::create_directories(temp_.path() / "config");
    fake_ = std::make_unique<tether::test::FakeAnthropic>(temp_.path());
    options_.claude_path = tether::test::claude_cli_path().string();
    options_.extra_env = tether::test::offline_cli_env(*fake_, temp_.path() / "config");
    runner_ = std::thread([this] { io_.run(); });
    if (std::getenv("TETHER_TEST_TRACE")) spdlog::set_level(spdlog::level::trace);
  }

  void TearDown() override {
    sessions_.clear();  // shutdown: SIGTERM to every CLI, reaped on the io thread
    backend_.reset();
    work_.reset();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!io_.stopped() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
    io_.stop();
    if (runner_.joinable()) runner_.join();
  }

  cc::ClaudeCodeBackend& backend() {
    if (!backend_) backend_ = std::make_unique<cc::ClaudeCodeBackend>(options_);
    return *backend_;
  }

  BackendSession& open(std::shared_ptr<RecordingSink> sink, json::object saved_state = {}) {
    SessionContext context;
    context.session_id = "s" + std::to_string(sessions_.size() + 1);
    context.cwd = workspace_.string();
    context.saved_state = std::move(saved_state);
    context.state_sink = std::move(sink);
    context.executor = io_.get_executor();
    sessions_.push_back(backend().open_session(std::move(context)));
    return *sessions_.back();
  }

  std::shared_ptr<RecordingObserver> start(BackendSession& session, std::string message,
                                           std::optional<std::string> model = std::nullopt) {
    auto observer = std::make_shared<RecordingObserver>();
    session.start_turn(TurnInput{"r" + std::to_string(++turns_), std::move(message), std::move(model)}, observer);
    return observer;
  }

  tether::server::TurnResult run(BackendSession& session, std::string message) {
    auto observer = start(session, std::move(message));
    auto result = observer->wait_result();
    EXPECT_TRUE(result) << "no end of turn within 60 s";
    return result.value_or(tether::server::TurnResult{StopReason::error, "", {}});
  }

  static tether::protocol::SessionControl control(MessageType type, json::object payload) {
    return {type, "s1", std::move(payload)};
  }

  std::size_t head_requests() const { return fake_->cli_starts(); }

  tether::test::TempDir temp_;
  fs::path workspace_;
  std::unique_ptr<tether::test::FakeAnthropic> fake_;
  cc::ClaudeCodeOptions options_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::thread runner_;
  std::unique_ptr<cc::ClaudeCodeBackend> backend_;
  std::vector<std::unique_ptr<BackendSession>> sessions_;
  int turns_ = 0;
};

}  // namespace

TEST_F(ClaudeCodeLive, StreamedReplyAndASecondTurnInTheSameProcess) {
  auto sink = std::make_shared<RecordingSink>();
  auto& session = open(sink);
  auto first = start(session, "first question alpha");
  auto result = first->wait_result();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stop_reason, StopReason::end_turn) << json::serialize(result->detail);
  EXPECT_EQ(first->deltas(), "Echo #1: first question alpha");
  EXPECT_EQ(result->message, "Echo #1: first question alpha");
  EXPECT_TRUE(result->detail.contains("usage"));
  EXPECT_TRUE(result->detail.contains("durationMs"));
  const auto state = sink->last();
  const auto claude_session = str(state, "claudeSessionId");
  EXPECT_FALSE(claude_session.empty());
  EXPECT_EQ(str(state, "permissionMode"), "default");
  EXPECT_FALSE(str(state, "model").empty());
  EXPECT_FALSE(state.at("tools").as_array().empty());
  EXPECT_EQ(str(state, "process"), "running");

  auto second = run(session, "second question beta");
  EXPECT_EQ(second.stop_reason, StopReason::end_turn);
  EXPECT_EQ(second.message, "Echo #2: second question beta");
  // One process for both turns (the CLI sends HEAD / once at start), and the second
  // request carried the first exchange.
  EXPECT_EQ(head_requests(), 1u);
  const auto requests = fake_->message_requests();
  ASSERT_EQ(requests.size(), 2u);
  const auto history = tether::test::conversation_text(requests[1].as_object());
  EXPECT_NE(history.find("first question alpha"), std::string::npos) << history;
  EXPECT_NE(history.find("Echo #1: first question alpha"), std::string::npos) << history;
  EXPECT_EQ(str(sink->last(), "claudeSessionId"), claude_session);
}

TEST_F(ClaudeCodeLive, ThinkingArrivesAsThinkingEvents) {
  auto& session = open(std::make_shared<RecordingSink>());
  auto observer = start(session, "ponder [[scenario:thinking]]");
  auto result = observer->wait_result();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->message, "Thought about: ponder");
  const auto thinking = observer->events(MessageType::thinking);
  ASSERT_GE(thinking.size(), 2u);
  std::string deltas;
  for (const auto& event : thinking) deltas += str(event.payload, "delta");
  EXPECT_EQ(deltas, "Let me think about this. ");
  EXPECT_TRUE(thinking.back().payload.at("isComplete").as_bool());
  EXPECT_EQ(str(thinking.back().payload, "text"), "Let me think about this. ");
}

TEST_F(ClaudeCodeLive, PermissionAllowRunsTheTool) {
  auto sink = std::make_shared<RecordingSink>();
  auto& session = open(sink);
  auto observer = start(session, "make a file [[scenario:tool_bash|touch allowed.txt]]");
  auto request = observer->wait_event(MessageType::permission_request);
  ASSERT_TRUE(request) << "no permission_request";
  EXPECT_EQ(str(*request, "toolName"), "Bash");
  EXPECT_EQ(str(request->at("input").as_object(), "command"), "touch allowed.txt");
  const auto id = str(*request, "permissionId");
  ASSERT_FALSE(id.empty());
  // The open prompt is part of the session's state (a client joining now sees it).
  ASSERT_TRUE(sink->wait_for([&](const json::object& state) {
    const auto& pending = state.at("pendingPermissions").as_array();
    return pending.size() == 1 && pending[0].as_string() == id;
  }));
  EXPECT_FALSE(fs::exists(workspace_ / "allowed.txt"));

  ASSERT_TRUE(session.handle_control(control(MessageType::permission_response, {{"permissionId", id}, {"behavior", "allow"}})));
  // A second answer (another tab) loses the race quietly.
  EXPECT_TRUE(session.handle_control(control(MessageType::permission_response, {{"permissionId", id}, {"behavior", "deny"}})));
  auto result = observer->wait_result();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stop_reason, StopReason::end_turn);
  EXPECT_TRUE(fs::exists(workspace_ / "allowed.txt"));
  const auto resolved = observer->events(MessageType::permission_resolved);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(str(resolved[0].payload, "behavior"), "allow");
  const auto uses = observer->events(MessageType::tool_use);
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(str(uses[0].payload, "name"), "Bash");
  const auto results = observer->events(MessageType::tool_result);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(str(results[0].payload, "toolUseId"), str(uses[0].payload, "toolUseId"));
  EXPECT_FALSE(results[0].payload.at("isError").as_bool());
  EXPECT_EQ(result->message, "I will run a tool.\n\nTool finished (is_error=False): (Bash completed with no output)");
  EXPECT_TRUE(sink->last().at("pendingPermissions").as_array().empty());
}

TEST_F(ClaudeCodeLive, PermissionDenyReachesTheModel) {
  auto& session = open(std::make_shared<RecordingSink>());
  auto observer = start(session, "make a file [[scenario:tool_bash|touch denied.txt]]");
  auto request = observer->wait_event(MessageType::permission_request);
  ASSERT_TRUE(request);
  ASSERT_TRUE(session.handle_control(control(
      MessageType::permission_response,
      {{"permissionId", str(*request, "permissionId")}, {"behavior", "deny"}, {"message", "not in my repo"}})));
  auto result = observer->wait_result();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stop_reason, StopReason::end_turn);
  EXPECT_FALSE(fs::exists(workspace_ / "denied.txt"));
  const auto results = observer->events(MessageType::tool_result);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].payload.at("isError").as_bool());
  EXPECT_EQ(str(results[0].payload, "content"), "not in my repo");
  EXPECT_NE(result->message->find("Tool finished (is_error=True): not in my repo"), std::string::npos) << *result->message;
  const auto history = tether::test::conversation_text(fake_->message_requests().back().as_object());
  EXPECT_NE(history.find("not in my repo"), std::string::npos);
  ASSERT_TRUE(result->detail.contains("permissionDenials"));
}

TEST_F(ClaudeCodeLive, AskUserQuestionIsAnsweredThroughUpdatedInput) {
  auto& session = open(std::make_shared<RecordingSink>());
  auto observer = start(session, "ask me [[scenario:ask_user]]");
  auto request = observer->wait_event(MessageType::permission_request);
  ASSERT_TRUE(request);
  EXPECT_EQ(str(*request, "toolName"), "AskUserQuestion");
  json::object input = request->at("input").as_object();
  input["answers"] = {{"Which color do you prefer?", "Blue"}};
  ASSERT_TRUE(session.handle_control(control(
      MessageType::permission_response,
      {{"permissionId", str(*request, "permissionId")}, {"behavior", "allow"}, {"updatedInput", input}})));
  auto result = observer->wait_result();
  ASSERT_TRUE(result);
  EXPECT_NE(result->message->find("Answer received:"), std::string::npos) << *result->message;
  EXPECT_NE(result->message->find("Blue"), std::string::npos) << *result->message;
}

TEST_F(ClaudeCodeLive, BadControlsAreRejected) {
  auto& session = open(std::make_shared<RecordingSink>());
  EXPECT_FALSE(session.handle_control(control(MessageType::permission_response, {{"permissionId", "nope"}, {"behavior", "allow"}})));
  EXPECT_FALSE(session.handle_control(control(MessageType::permission_response, {{"behavior", "allow"}})));
  EXPECT_FALSE(session.handle_control(control(MessageType::set_permission_mode, {{"mode", "bypassPermissions"}})));
  EXPECT_FALSE(session.handle_control(control(MessageType::set_permission_mode, {{"mode", 3}})));
  EXPECT_FALSE(session.handle_control(control(MessageType::set_permission_mode, {{"mode", "yolo"}})));
}

TEST_F(ClaudeCodeLive, AcceptEditsSetWhileRunningSkipsThePrompt) {
  auto sink = std::make_shared<RecordingSink>();
  auto& session = open(sink);
  EXPECT_EQ(run(session, "hello").stop_reason, StopReason::end_turn);
  ASSERT_TRUE(session.handle_control(control(MessageType::set_permission_mode, {{"mode", "acceptEdits"}})));
  ASSERT_TRUE(sink->wait_for([](const json::object& state) { return str(state, "permissionMode") == "acceptEdits"; }));
  auto observer = start(session, "make a file [[scenario:tool_bash|touch accepted.txt]]");
  auto result = observer->wait_result();
  ASSERT_TRUE(result);
  EXPECT_TRUE(observer->events(MessageType::permission_request).empty());
  EXPECT_TRUE(fs::exists(workspace_ / "accepted.txt"));
  EXPECT_EQ(head_requests(), 1u);  // changed on the running process
}

TEST_F(ClaudeCodeLive, CancelKeepsThePartialReplyAndTheProcess) {
  auto& session = open(std::make_shared<RecordingSink>());
  auto observer = start(session, "count slowly [[scenario:slow|200|50]]");
  ASSERT_TRUE(observer->wait_deltas(9));  // "w1 w2 w3 "
  session.cancel();
  auto result = observer->wait_result(15s);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stop_reason, StopReason::cancelled);
  EXPECT_TRUE(result->message->starts_with("w1 w2 w3 ")) << *result->message;
  EXPECT_LT(result->message->size(), std::string("w1 ").size() * 200);
  EXPECT_EQ(*result->message, observer->deltas());

  auto next = run(session, "and now? [[scenario:echo]]");
  EXPECT_EQ(next.stop_reason, StopReason::end_turn);
  EXPECT_EQ(next.message, "Echo #2: and now?");
  EXPECT_EQ(head_requests(), 1u);  // the process stayed
  const auto history = tether::test::conversation_text(fake_->message_requests().back().as_object());
  EXPECT_NE(history.find("w1 w2 w3 "), std::string::npos) << "the partial reply is not in the history";
}

TEST_F(ClaudeCodeLive, CancelWhileAPromptIsOpenResolvesItAsCancelled) {
  auto& session = open(std::make_shared<RecordingSink>());
  auto observer = start(session, "make a file [[scenario:tool_bash|touch never.txt]]");
  auto request = observer->wait_event(MessageType::permission_request);
  ASSERT_TRUE(request);
  session.cancel();
  auto result = observer->wait_result(15s);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stop_reason, StopReason::cancelled);
  const auto resolved = observer->events(MessageType::permission_resolved);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(str(resolved[0].payload, "behavior"), "cancelled");
  EXPECT_FALSE(fs::exists(workspace_ / "never.txt"));
}

TEST_F(ClaudeCodeLive, StallWatchdogInterruptsAndExplains) {
  options_.turn_stall_timeout = 4s;  // more than a CLI start takes on a busy machine
  auto sink = std::make_shared<RecordingSink>();
  auto& session = open(sink);
  auto observer = start(session, "hang [[scenario:stall]]");
  auto result = observer->wait_result(60s);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stop_reason, StopReason::error);
  EXPECT_NE(str(result->detail, "error").find("no output for 4 s"), std::string::npos) << json::serialize(result->detail);
  EXPECT_EQ(*result->message, "Starting to ");
  EXPECT_TRUE(sink->wait_for([](const json::object& state) { return str(state, "notice").find("stalled") != std::string::npos; }, 1s));

  auto next = run(session, "again [[scenario:echo]]");
  EXPECT_EQ(next.stop_reason, StopReason::end_turn);
  EXPECT_EQ(next.message, "Echo #2: again");
}

TEST_F(ClaudeCodeLive, ApiErrorTextReachesTheUserAndRetriesAreAnnounced) {
  auto sink = std::make_shared<RecordingSink>();
  auto& session = open(sink);
  auto result = run(session, "fail [[scenario:error|529]]");
  EXPECT_EQ(result.stop_reason, StopReason::error);
  EXPECT_NE(str(result.detail, "error").find("529"), std::string::npos) << json::serialize(result.detail);
  EXPECT_NE(result.message->find("API Error"), std::string::npos) << *result.message;
  EXPECT_EQ(result.detail.at("apiErrorStatus").as_int64(), 529);
  auto retry = sink->wait_for([](const json::object& state) { return state.contains("retry"); }, 1s);
  ASSERT_TRUE(retry);
  EXPECT_TRUE(str(*retry, "notice").starts_with("Anthropic API overloaded, retry 1 of 1 in ")) << str(*retry, "notice");
  EXPECT_FALSE(sink->last().contains("retry"));  // over with the turn
  EXPECT_FALSE(sink->last().contains("notice"));

  auto next = run(session, "recover [[scenario:echo]]");
  EXPECT_EQ(next.stop_reason, StopReason::end_turn);
}

TEST_F(ClaudeCodeLive, KilledMidTurnFailsTheTurnAndTheNextMessageResumes) {
  auto& session = open(std::make_shared<RecordingSink>());
  auto observer = start(session, "count slowly [[scenario:slow|200|50]]");
  ASSERT_TRUE(observer->wait_deltas(9));
  // Killed at its very first delta, the CLI may not have written its transcript yet, and
  // --resume is then refused (RefusedResumeStartsFreshAndSaysSo covers that case).
  std::this_thread::sleep_for(1s);
  const auto children = claude_children();
  ASSERT_EQ(children.size(), 1u);
  ::kill(children[0], SIGKILL);
  auto result = observer->wait_result(15s);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stop_reason, StopReason::error);
  EXPECT_EQ(result->detail.at("exitCode").as_int64(), 128 + SIGKILL);
  EXPECT_NE(str(result->detail, "error").find("exited with code 137"), std::string::npos);
  EXPECT_TRUE(result->message->starts_with("w1 w2 w3 "));

  auto next = run(session, "still there? [[scenario:echo]]");
  EXPECT_EQ(next.stop_reason, StopReason::end_turn);
  EXPECT_EQ(next.message, "Echo #2: still there?") << tether::test::conversation_text(fake_->message_requests().back().as_object());  // the first prompt came back with --resume
  EXPECT_EQ(head_requests(), 2u);
}

TEST_F(ClaudeCodeLive, ANewBackendResumesFromSavedState) {
  json::object saved;
  {
    auto sink = std::make_shared<RecordingSink>();
    auto& session = open(sink);
    EXPECT_EQ(run(session, "remember alpha").message, "Echo #1: remember alpha");
    saved = sink->last();
    sessions_.clear();
    backend_.reset();
  }
  // As after a restart of `tether serve`: a new backend, the persisted state.
  auto sink = std::make_shared<RecordingSink>();
  auto& session = open(sink, saved);
  auto result = run(session, "and beta");
  EXPECT_EQ(result.stop_reason, StopReason::end_turn);
  EXPECT_EQ(result.message, "Echo #2: and beta");
  EXPECT_EQ(str(sink->last(), "claudeSessionId"), str(saved, "claudeSessionId"));
}

TEST_F(ClaudeCodeLive, RefusedResumeStartsFreshAndSaysSo) {
  auto sink = std::make_shared<RecordingSink>();
  auto& session = open(sink, {{"claudeSessionId", "00000000-1111-2222-3333-444444444444"}});
  auto result = run(session, "hello again");
  EXPECT_EQ(result.stop_reason, StopReason::end_turn) << json::serialize(result.detail);
  EXPECT_EQ(result.message, "Echo #1: hello again");
  const auto state = sink->last();
  EXPECT_NE(str(state, "notice").find("Could not resume"), std::string::npos) << json::serialize(state);
  EXPECT_NE(str(state, "claudeSessionId"), "00000000-1111-2222-3333-444444444444");
}

TEST_F(ClaudeCodeLive, IdleProcessStopsAndTheConversationContinues) {
  options_.idle_process_timeout = 500ms;
  auto sink = std::make_shared<RecordingSink>();
  auto& session = open(sink);
  EXPECT_EQ(run(session, "one").message, "Echo #1: one");
  ASSERT_TRUE(sink->wait_for([](const json::object& state) { return str(state, "process") == "stopped"; }, 10s));
  for (int i = 0; i < 100 && !claude_children().empty(); ++i) std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(claude_children().empty());
  EXPECT_EQ(run(session, "two").message, "Echo #2: two");
  EXPECT_EQ(head_requests(), 2u);
}

TEST_F(ClaudeCodeLive, ModelPerMessage) {
  auto& session = open(std::make_shared<RecordingSink>());
  EXPECT_EQ(run(session, "first").stop_reason, StopReason::end_turn);
  auto observer = start(session, "second", "claude-sonnet-4-5");
  ASSERT_TRUE(observer->wait_result());
  const auto requests = fake_->message_requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].at("body").at("model").as_string(), "claude-sonnet-4-5");
}

TEST_F(ClaudeCodeLive, MissingCliIsBackendUnavailable) {
  options_.claude_path = (temp_.path() / "no-such-claude").string();
  EXPECT_FALSE(backend().available());
  EXPECT_NE(backend().reason()->find("not found"), std::string::npos);
  auto& session = open(std::make_shared<RecordingSink>());
  auto result = run(session, "hello");
  EXPECT_EQ(result.stop_reason, StopReason::error);
  EXPECT_EQ(str(result.detail, "code"), "backend_unavailable");
  EXPECT_NE(str(result.detail, "hint").find("npm install -g @anthropic-ai/claude-code"), std::string::npos);
}

TEST_F(ClaudeCodeLive, CliThatCannotStartFailsTheTurnClearly) {
  // Found at lookup time, gone when the turn starts.
  const auto fake_cli = temp_.path() / "claude";
  std::ofstream(fake_cli) << "#!/bin/sh\nexit 0\n";
  fs::permissions(fake_cli, fs::perms::owner_all);
  options_.claude_path = fake_cli.string();
  auto& session = open(std::make_shared<RecordingSink>());
  fs::remove(fake_cli);
  auto result = run(session, "hello");
  EXPECT_EQ(result.stop_reason, StopReason::error);
  EXPECT_EQ(str(result.detail, "code"), "backend_unavailable");
}

TEST_F(ClaudeCodeLive, ACliThatExitsAtOnceFailsWithItsStderr) {
  const auto fake_cli = temp_.path() / "claude";
  std::ofstream(fake_cli) << "#!/bin/sh\necho 'Error: something is wrong with this install' >&2\nexit 3\n";
  fs::permissions(fake_cli, fs::perms::owner_all);
  options_.claude_path = fake_cli.string();
  auto& session = open(std::make_shared<RecordingSink>());
  auto result = run(session, "hello");
  EXPECT_EQ(result.stop_reason, StopReason::error);
  EXPECT_EQ(result.detail.at("exitCode").as_int64(), 3);
  EXPECT_NE(str(result.detail, "error").find("something is wrong with this install"), std::string::npos)
      << json::serialize(result.detail);
}
