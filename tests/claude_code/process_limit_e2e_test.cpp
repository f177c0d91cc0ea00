// --max-claude-processes against the real binary and CLI: four sessions send at once to
// a server that runs at most two Claude Code processes. Two run; the other two say they
// wait for a free slot (session_update: process "waiting", a notice), get one as soon as
// an idle process makes room, and every turn ends with its whole reply.
#include "support/e2e_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <thread>

namespace json = boost::json;
using namespace std::chrono_literals;
using namespace tether::test::e2e;

TEST_F(ClaudeCodeE2E, PastTheProcessLimitATurnWaitsVisiblyAndEveryTurnFinishes) {
  start_server({"--backend", "claude-code", "--claude-path", tether::test::claude_cli_path().string(),
                "--max-claude-processes", "2"});
  constexpr int kSessions = 4;
  std::vector<std::string> sessions;
  std::vector<std::unique_ptr<Tab>> tabs;
  std::vector<std::string> requests;
  for (int i = 0; i < kSessions; ++i) {
    sessions.push_back(create_session());
    tabs.push_back(connect());
    join(*tabs.back(), sessions.back());
  }
  for (int i = 0; i < kSessions; ++i) {
    requests.push_back(chat(*tabs[i], sessions[i], "count " + std::to_string(i) + " [[scenario:slow|20|50]]"));
  }
  int waited = 0;
  for (int i = 0; i < kSessions; ++i) {
    const auto reply = response(*tabs[i], requests[i], 90s);
    EXPECT_EQ(payload_str(reply, "stopReason"), "end_turn") << json::serialize(reply) << server_->log();
    EXPECT_FALSE(payload_str(reply, "message").empty());
    // Did this session say it waited? (Its updates came before its reply.)
    for (const auto& event : tabs[i]->seen()) {
      if (!is(event, "session_update")) continue;
      const auto* detail = payload(event).if_contains("detail");
      if (detail && detail->is_object() && detail->as_object().contains("process") &&
          detail->as_object().at("process") == "waiting") {
        EXPECT_NE(std::string(detail->as_object().at("notice").as_string()).find("free Claude Code slot"),
                  std::string::npos);
        ++waited;
        break;
      }
    }
  }
  EXPECT_EQ(waited, kSessions - 2) << server_->log();
  EXPECT_LE(claude_children().size(), 2u);
}
