// Memory follows the active sessions: a session nobody uses leaves memory after
// --unload-idle-sessions-after and comes back, whole, when next used; one with a tab
// joined or a turn running (also with nobody watching) stays.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace tether::testing {
namespace {

using protocol::MessageType;
using namespace std::chrono_literals;

class Unload : public ::testing::Test {
 protected:
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "2", "--unload-idle-sessions-after", "1"}}};
  const WsOptions auth{server.token(), std::nullopt, {}};

  std::int64_t loaded() {
    auto health = http_request(server.port(), "GET", "/healthz", "", {});
    return protocol::parse_object(health.body).value().at("sessions").as_int64();
  }
  // Waits up to `limit` for the loaded count to become `count`.
  bool settles_at(std::int64_t count, std::chrono::milliseconds limit = 6s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (loaded() == count) return true;
      std::this_thread::sleep_for(100ms);
    }
    return loaded() == count;
  }
  boost::json::object chat(const std::string& session, const std::string& text) {
    return protocol::to_json(protocol::ChatRequest{session, text, std::nullopt});
  }
};

TEST_F(Unload, QuietSessionsLeaveMemoryAndComeBackWhole) {
  std::vector<std::string> sessions;
  {
    WsTestClient tab(server.port(), auth);
    for (int i = 0; i < 5; ++i) {
      sessions.push_back(create_session(server.port(), server.token()));
      join(tab, sessions.back());
      const auto id = tab.send(MessageType::chat_request, chat(sessions.back(), "reply number " + std::to_string(i)));
      tab.read_until([&](const protocol::Envelope& e) { return is_response_to(e, id); });
    }
    EXPECT_EQ(loaded(), 5);
    // Joined: they stay, however long.
    std::this_thread::sleep_for(2500ms);
    EXPECT_EQ(loaded(), 5);
  }
  ASSERT_TRUE(settles_at(0)) << loaded() << " still loaded";
  WsTestClient later(server.port(), auth);
  Transcript history;
  for (const auto& event : join(later, sessions[3])) history.apply(event);
  ASSERT_EQ(history.replies.size(), 1u);
  EXPECT_EQ(history.replies.begin()->second, "reply number 3");
  EXPECT_EQ(loaded(), 1);
  // Its seqs go on where they were.
  const auto id = later.send(MessageType::chat_request, chat(sessions[3], "after the reload"));
  const auto response = later.read_until([&](const protocol::Envelope& e) { return is_response_to(e, id); });
  EXPECT_GT(*response.seq, history.last_seq);
}

TEST_F(Unload, ARunningTurnKeepsItsSessionInMemoryWithNobodyWatching) {
  const auto session = create_session(server.port(), server.token());
  std::string id;
  {
    WsTestClient tab(server.port(), auth);
    id = tab.send(MessageType::chat_request, chat(session, words(1500)));  // ~3 s of reply
    EXPECT_EQ(tab.read_reply(id).type, MessageType::ack);
  }
  std::this_thread::sleep_for(1800ms);
  EXPECT_EQ(loaded(), 1) << "unloaded while its turn ran";
  ASSERT_TRUE(settles_at(0, 10s));
  WsTestClient later(server.port(), auth);
  Transcript history;
  for (const auto& event : join(later, session)) history.apply(event);
  EXPECT_EQ(history.replies[id], words(1500));
  EXPECT_EQ(history.stop_reasons[id], "end_turn");
}

}  // namespace
}  // namespace tether::testing
