// Claude Code's own sessions, end to end: the real `claude` CLI run as a person runs it in a
// terminal (`claude -p`, `--continue`, `--resume`, a private CLAUDE_CONFIG_DIR), the real
// `tether serve` reading its transcripts, the fake Messages API seeing what each turn sent.
// A terminal conversation is listed, opens with its history and continues from Tether;
// a Tether session continues in a terminal and its new turns appear in Tether; neither
// side's turns are ever shown twice. Also: images reach the model, and the CLI's own
// model and command lists (a project's .claude/commands included).
#include "support/e2e_fixture.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

extern char** environ;

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using namespace tether::test::e2e;

class ClaudeProjectsE2E : public ClaudeCodeE2E {
 protected:
  void SetUp() override {
    ClaudeCodeE2E::SetUp();
    shop_ = workspace_ / "shop";
    fs::create_directories(shop_);
  }

  // `claude ARGS…` in `cwd`, as typed in a terminal; its stdout.
  std::string terminal(const fs::path& cwd, std::vector<std::string> args) {
    std::vector<std::string> env;
    const auto offline = tether::test::offline_cli_env(*fake_, config_dir());
    for (char** entry = environ; *entry; ++entry) {
      const std::string text(*entry);
      if (!offline.contains(text.substr(0, text.find('=')))) env.push_back(text);
    }
    for (const auto& [name, value] : offline) env.push_back(name + "=" + value);
    args.insert(args.begin(), tether::test::claude_cli_path().string());
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    std::vector<char*> argv, envp;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    for (auto& entry : env) envp.push_back(entry.data());
    envp.push_back(nullptr);
    pid_t pid = -1;
    EXPECT_EQ(::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string output;
    char buffer[4096];
    for (ssize_t got; (got = ::read(out[0], buffer, sizeof buffer)) > 0;) output.append(buffer, static_cast<std::size_t>(got));
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "claude " << args[2] << ": " << output;
    return output;
  }

  fs::path config_dir() const { return temp_.path() / "config"; }

  json::object get(const std::string& target, unsigned expected = 200) {
    auto reply = http(server_->port(), server_->token(), "GET", target);
    EXPECT_EQ(reply.status, expected) << target << ": " << json::serialize(reply.body);
    return reply.body.is_object() ? reply.body.as_object() : json::object{};
  }

  // Every envelope a new tab gets when it joins from the start.
  std::vector<json::object> history(const std::string& session) {
    auto tab = connect();
    join(*tab, session);
    return tab->seen();
  }

  static std::vector<std::string> prompts(const std::vector<json::object>& events) {
    std::vector<std::string> found;
    for (const auto& e : events)
      if (is(e, "chat_request")) found.push_back(payload_str(e, "message"));
    return found;
  }

  // The text of the last model call's conversation (what the model saw).
  std::string last_conversation() {
    const auto calls = fake_->message_requests();
    return calls.empty() ? std::string() : tether::test::conversation_text(calls.back().as_object());
  }

  fs::path shop_;
};

TEST_F(ClaudeProjectsE2E, ATerminalConversationIsListedOpensWithItsHistoryAndContinuesInTether) {
  EXPECT_EQ(terminal(shop_, {"-p", "first words from the terminal"}), "Echo #1: first words from the terminal\n");
  // The prompt before --allowedTools, which takes every word after it.
  terminal(shop_, {"-p", "--continue", "then run it [[scenario:tool_bash|echo from-bash]]", "--allowedTools", "Bash"});
  start_server();

  auto listed = get("/api/claude/transcripts");
  ASSERT_TRUE(listed.contains("transcripts"));
  ASSERT_EQ(listed.at("transcripts").as_array().size(), 1u) << json::serialize(listed);
  const auto transcript = listed.at("transcripts").as_array()[0].as_object();
  const std::string claude_id(transcript.at("claudeSessionId").as_string());
  EXPECT_EQ(transcript.at("cwd").as_string(), shop_.string());
  EXPECT_EQ(transcript.at("title").as_string(), "first words from the terminal");
  EXPECT_EQ(transcript.at("messageCount").as_int64(), 5);  // 2 prompts, 3 assistant messages
  bool project_listed = false;
  const auto projects = get("/api/projects");
  for (const auto& project : projects.at("projects").as_array())
    project_listed = project_listed || (project.at("path").as_string() == shop_.string() &&
                                        project.at("terminalCount").as_int64() == 1);
  EXPECT_TRUE(project_listed);

  auto opened = http(server_->port(), server_->token(), "POST", "/api/sessions",
                     json::object{{"claudeSessionId", claude_id}});
  ASSERT_EQ(opened.status, 201u) << json::serialize(opened.body);
  const auto& session = opened.body.at("session").as_object();
  const std::string id(session.at("id").as_string());
  EXPECT_EQ(session.at("origin").as_string(), "terminal");
  EXPECT_EQ(session.at("cwd").as_string(), shop_.string());
  EXPECT_EQ(session.at("resumeCommand").as_string(), "cd '" + shop_.string() + "' && claude --resume " + claude_id);
  // Opening it again finds the same session; it is no longer listed as a transcript.
  auto again = http(server_->port(), server_->token(), "POST", "/api/sessions", json::object{{"claudeSessionId", claude_id}});
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(again.body.at("session").at("id").as_string(), id);
  EXPECT_TRUE(get("/api/claude/transcripts").at("transcripts").as_array().empty());

  // The history, as a live turn would have made it.
  auto events = history(id);
  EXPECT_EQ(prompts(events), (std::vector<std::string>{"first words from the terminal",
                                                        "then run it [[scenario:tool_bash|echo from-bash]]"}));
  std::vector<std::string> kinds;
  for (const auto& e : events) {
    if (is(e, "tool_use")) kinds.push_back("tool_use " + std::string(payload(e).at("input").at("command").as_string()));
    if (is(e, "tool_result")) kinds.push_back("tool_result " + payload_str(e, "content"));
    if (is(e, "chat_response")) kinds.push_back("reply " + payload_str(e, "message"));
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"reply Echo #1: first words from the terminal", "tool_use echo from-bash",
                                             "tool_result from-bash",
                                             "reply I will run a tool.\n\nTool finished (is_error=False): from-bash"}));

  // Continuing it from Tether sends the earlier turns to the model (--resume).
  auto tab = connect();
  join(*tab, id);
  const auto third = chat(*tab, id, "third, from Tether [[scenario:echo]]");
  const auto reply = response(*tab, third);
  EXPECT_EQ(payload_str(reply, "stopReason"), "end_turn") << json::serialize(reply);
  const auto seen_by_model = last_conversation();
  EXPECT_NE(seen_by_model.find("first words from the terminal"), std::string::npos) << seen_by_model;
  EXPECT_NE(seen_by_model.find("from-bash"), std::string::npos);

  // Back to the terminal; the next time Tether opens the session, the new turn is there,
  // and Tether's own turn is not imported a second time.
  tab->close();
  server_->stop();
  terminal(shop_, {"-p", "--resume", claude_id, "fourth, typed in the terminal"});
  server_->restart();
  for (int reopen = 0; reopen < 2; ++reopen) {
    EXPECT_EQ(prompts(history(id)),
              (std::vector<std::string>{"first words from the terminal", "then run it [[scenario:tool_bash|echo from-bash]]",
                                        "third, from Tether [[scenario:echo]]", "fourth, typed in the terminal"}))
        << "reopen " << reopen;
  }
}

TEST_F(ClaudeProjectsE2E, ATetherSessionContinuesInTheTerminalAndItsNewTurnsAppearInTether) {
  start_server();
  auto created = http(server_->port(), server_->token(), "POST", "/api/sessions", json::object{{"cwd", "shop"}});
  ASSERT_EQ(created.status, 201u) << json::serialize(created.body);
  const std::string id(created.body.at("session").at("id").as_string());
  auto tab = connect();
  join(*tab, id);
  const auto first = chat(*tab, id, "started in Tether");
  EXPECT_EQ(payload_str(response(*tab, first), "message"), "Echo #1: started in Tether");
  const auto session = get("/api/sessions/" + id).at("session").as_object();
  ASSERT_TRUE(session.contains("claudeSessionId")) << json::serialize(session);
  const std::string claude_id(session.at("claudeSessionId").as_string());
  EXPECT_EQ(session.at("resumeCommand").as_string(), "cd '" + shop_.string() + "' && claude --resume " + claude_id);

  // While Tether's process is still warm: the terminal continues the same conversation.
  EXPECT_EQ(terminal(shop_, {"-p", "--resume", claude_id, "continued in the terminal"}),
            "Echo #2: continued in the terminal\n");
  // Tether's transcript turn is its own (by uuid); only the terminal's is new.
  const auto events = history(id);
  EXPECT_EQ(prompts(events), (std::vector<std::string>{"started in Tether", "continued in the terminal"}));
  bool answered = false;
  for (const auto& e : events)
    answered = answered || (is(e, "chat_response") && payload_str(e, "message") == "Echo #2: continued in the terminal");
  EXPECT_TRUE(answered);
  // And Tether's next turn includes it: the warm process was replaced by one that resumes.
  const auto third = chat(*tab, id, "back in Tether");
  EXPECT_EQ(payload_str(response(*tab, third), "message"), "Echo #3: back in Tether");
  EXPECT_EQ(prompts(history(id)).size(), 3u);
}

TEST_F(ClaudeProjectsE2E, ImagesReachTheModelAndTheCliSaysWhatItOffers) {
  fs::create_directories(shop_ / ".claude" / "commands");
  std::ofstream(shop_ / ".claude" / "commands" / "ship-it.md") << "---\ndescription: Ship the shop\n---\nShip it now.\n";
  start_server();
  auto caps = get("/api/claude/capabilities?cwd=" + shop_.string());
  EXPECT_EQ(caps.at("backend").as_string(), "claude-code");
  EXPECT_FALSE(caps.at("models").as_array().empty()) << json::serialize(caps);
  bool project_command = false;
  for (const auto& command : caps.at("commands").as_array())
    project_command = project_command || command.at("name").as_string() == "ship-it";
  EXPECT_TRUE(project_command) << json::serialize(caps.at("commands"));
  // The probe leaves no conversation behind.
  EXPECT_TRUE(get("/api/claude/transcripts").at("transcripts").as_array().empty());

  auto created = http(server_->port(), server_->token(), "POST", "/api/sessions", json::object{{"cwd", "shop"}});
  const std::string id(created.body.at("session").at("id").as_string());
  auto tab = connect();
  join(*tab, id);
  const std::string png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
  const auto sent = tab->send("chat_request", {{"sessionId", id},
                                               {"message", "what is in this picture?"},
                                               {"images", json::array{{{"mediaType", "image/png"}, {"data", png}}}}});
  response(*tab, sent);
  const auto calls = fake_->message_requests();
  ASSERT_FALSE(calls.empty());
  const auto body = json::serialize(calls.back());
  EXPECT_NE(body.find(png), std::string::npos) << "the image did not reach the model";
  EXPECT_NE(body.find("\"media_type\":\"image/png\""), std::string::npos);
}

}  // namespace
