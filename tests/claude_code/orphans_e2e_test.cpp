// No Claude Code process outlives Tether: the real binary, the real CLI (against the fake
// Messages API), a Bash tool running `sleep 60`, and the server killed with SIGKILL in the
// middle of it. Within a second nothing it started is left; started again, the server
// records the cut turn as interrupted and the session goes on.
#include "support/e2e_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace json = boost::json;
using namespace std::chrono_literals;
using namespace tether::test::e2e;

namespace {

// Running: /proc has it and it is not a zombie waiting for a parent that reaps late.
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

}  // namespace

TEST_F(ClaudeCodeE2E, ServerKilledMidToolLeavesNoProcessAndTheTurnComesBackInterrupted) {
  start_server();
  const auto session = create_session();
  std::string request;
  {
    auto tab = connect();
    join(*tab, session);
    request = chat(*tab, session, "wait a minute [[scenario:tool_bash|sleep 60]]");
    // The CLI may count `sleep` as harmless and run it unasked.
    auto first = tab->wait_for([&](const json::object& e) { return is(e, "permission_request") || is(e, "tool_use"); });
    ASSERT_TRUE(first) << server_->log();
    if (is(*first, "permission_request")) {
      const auto allow = tab->send("permission_response", {{"sessionId", session},
                                                           {"permissionId", payload_str(*first, "permissionId")},
                                                           {"behavior", "allow"}});
      ASSERT_TRUE(tab->wait_reply(allow));
    }
  }
  std::vector<pid_t> sleeping;
  for (int i = 0; i < 200 && sleeping.empty(); ++i) {
    sleeping = tether::test::descendants_named(server_->pid(), "sleep");
    if (sleeping.empty()) std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(sleeping.size(), 1u) << "the tool never started";
  auto started = claude_children();
  ASSERT_EQ(started.size(), 1u);
  const auto supervisors = tether::test::descendants_named(server_->pid(), "tether");
  ASSERT_EQ(supervisors.size(), 1u) << "one supervisor between the server and its CLI";
  started.insert(started.end(), sleeping.begin(), sleeping.end());
  started.insert(started.end(), supervisors.begin(), supervisors.end());

  server_->kill9();
  const auto killed_at = std::chrono::steady_clock::now();
  std::vector<pid_t> left = started;
  while (!left.empty() && std::chrono::steady_clock::now() - killed_at < 1s) {
    std::erase_if(left, [](pid_t pid) { return !running(pid); });
    std::this_thread::sleep_for(20ms);
  }
  for (const auto pid : left) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    ADD_FAILURE() << "still running: " << line;
    ::kill(pid, SIGKILL);  // never leave them to the next test
  }
  EXPECT_TRUE(left.empty()) << left.size() << " process(es) outlived the server by a second";

  server_->restart();
  auto tab = connect();
  join(*tab, session);
  const auto cut = response(*tab, request, 10s);
  EXPECT_EQ(payload_str(cut, "stopReason"), "interrupted") << json::serialize(cut);
  const auto next = chat(*tab, session, "still there? [[scenario:echo]]");
  EXPECT_EQ(payload_str(response(*tab, next), "stopReason"), "end_turn") << server_->log();
}
