// No Claude Code process outlives Tether: the real binary, the real CLI (against the fake
// Messages API), a Bash tool running `sleep 60`, and the server killed with SIGKILL in the
// middle of it. Within a second nothing it started is left; started again, the server
// records the cut turn as interrupted and the session goes on. When the supervisor is
// killed too (`pkill -9 tether`), what is left is ended by the next start.
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

// Every pid of `pids` that still runs after `within`.
std::vector<pid_t> still_running(std::vector<pid_t> pids, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!pids.empty() && std::chrono::steady_clock::now() < deadline) {
    std::erase_if(pids, [](pid_t pid) { return !running(pid); });
    std::this_thread::sleep_for(20ms);
  }
  std::erase_if(pids, [](pid_t pid) { return !running(pid); });
  for (const auto pid : pids) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    ADD_FAILURE() << "still running: " << line;
    ::kill(pid, SIGKILL);  // never leave them to the next test
  }
  return pids;
}

}  // namespace

class Orphans : public ClaudeCodeE2E {
 protected:
  struct Running {
    std::string session, request;
    std::vector<pid_t> sleeping, claude, supervisors;
  };

  // A turn whose Bash tool runs `sleep 60`, with the processes it started.
  Running start_a_sleeping_tool() {
    Running turn;
    turn.session = create_session();
    auto tab = connect();
    join(*tab, turn.session);
    turn.request = chat(*tab, turn.session, "wait a minute [[scenario:tool_bash|sleep 60]]");
    // The CLI may count `sleep` as harmless and run it unasked.
    auto first = tab->wait_for([&](const json::object& e) { return is(e, "permission_request") || is(e, "tool_use"); });
    EXPECT_TRUE(first) << server_->log();
    if (first && is(*first, "permission_request")) {
      const auto allow = tab->send("permission_response", {{"sessionId", turn.session},
                                                           {"permissionId", payload_str(*first, "permissionId")},
                                                           {"behavior", "allow"}});
      EXPECT_TRUE(tab->wait_reply(allow));
    }
    for (int i = 0; i < 200 && turn.sleeping.empty(); ++i) {
      turn.sleeping = tether::test::descendants_named(server_->pid(), "sleep");
      if (turn.sleeping.empty()) std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(turn.sleeping.size(), 1u) << "the tool never started";
    turn.claude = claude_children();
    EXPECT_EQ(turn.claude.size(), 1u);
    turn.supervisors = tether::test::descendants_named(server_->pid(), "tether");
    EXPECT_EQ(turn.supervisors.size(), 1u) << "one supervisor between the server and its CLI";
    return turn;
  }

  // Started again: the cut turn is interrupted and the session goes on.
  void expect_the_session_goes_on(const Running& cut_short) {
    auto tab = connect();
    join(*tab, cut_short.session);
    const auto cut = response(*tab, cut_short.request, 10s);
    EXPECT_EQ(payload_str(cut, "stopReason"), "interrupted") << json::serialize(cut);
    const auto next = chat(*tab, cut_short.session, "still there? [[scenario:echo]]");
    EXPECT_EQ(payload_str(response(*tab, next), "stopReason"), "end_turn") << server_->log();
  }
};

TEST_F(Orphans, ServerKilledMidToolLeavesNoProcessAndTheTurnComesBackInterrupted) {
  start_server();
  const auto turn = start_a_sleeping_tool();
  ASSERT_FALSE(HasFailure());
  auto started = turn.sleeping;
  started.insert(started.end(), turn.claude.begin(), turn.claude.end());
  started.insert(started.end(), turn.supervisors.begin(), turn.supervisors.end());

  server_->kill9();
  EXPECT_TRUE(still_running(started, 1s).empty()) << "process(es) outlived the server by a second";

  server_->restart();
  expect_the_session_goes_on(turn);
}

// `pkill -9 tether` kills the supervisor as well: the tool, in a session of its own, runs on
// as init's child. The next start ends it, from the record in the data dir.
TEST_F(Orphans, WhatADoubleKillLeavesIsEndedByTheNextStart) {
  start_server();
  const auto turn = start_a_sleeping_tool();
  ASSERT_FALSE(HasFailure());
  // Stopped first, so that it cannot act on Tether's death before it dies itself.
  ::kill(turn.supervisors.front(), SIGSTOP);
  server_->kill9();
  ::kill(turn.supervisors.front(), SIGKILL);
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(running(turn.sleeping.front())) << "the tool did not outlive both: nothing to test";

  server_->restart();
  EXPECT_TRUE(still_running(turn.sleeping, 1s).empty()) << "the next start left the tool running";
  EXPECT_NE(server_->log().find("an earlier run left behind"), std::string::npos) << server_->log();
  expect_the_session_goes_on(turn);
}
