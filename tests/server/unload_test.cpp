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

// A join that reads slowly through a history mostly on disk (the session holds 64 KiB of
// it) keeps its session loaded until it has caught up; after it leaves the session
// unloads, and after a restart it is read back the same, seq for seq.
TEST(UnloadWhileJoining, ASlowJoinKeepsItsSessionAndGetsEverythingAcrossUnloadAndRestart) {
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--unload-idle-sessions-after", "1",
                                      "--held-history-bytes", "65536"}}};
  const WsOptions auth{server.token(), std::nullopt, {}};
  auto loaded = [&] {
    auto health = http_request(server.port(), "GET", "/healthz", "", {});
    return protocol::parse_object(health.body).value().at("sessions").as_int64();
  };
  const auto session = create_session(server.port(), server.token());
  std::vector<std::int64_t> built;
  {
    WsTestClient writer(server.port(), auth);
    join(writer, session);
    for (int turn = 0; turn < 40; ++turn) {  // 40 turns of 2 x 64 KB: ~5 MB
      const auto id = writer.send(
          MessageType::chat_request,
          protocol::to_json(protocol::ChatRequest{session, std::string(64 * 1024, char('a' + turn % 26)), std::nullopt}));
      writer.read_until([&](const protocol::Envelope& e) { return is_response_to(e, id); }, 30s);
    }
    WsTestClient whole(server.port(), auth);
    for (const auto& event : join(whole, session)) built.push_back(*event.seq);
  }

  WsTestClient slow(server.port(), auth);
  const auto join_id = slow.send(MessageType::session_join, protocol::to_json(protocol::SessionJoin{session, 0}));
  std::vector<std::int64_t> seen;
  const auto started = std::chrono::steady_clock::now();
  std::optional<std::int64_t> loaded_mid_join;
  for (;;) {
    auto event = slow.read(10s);
    if (event.reply_to == join_id) break;
    if (event.seq) seen.push_back(*event.seq);
    if (seen.size() % 4 == 0) std::this_thread::sleep_for(100ms);  // a slow reader: ~3 s in all
    if (!loaded_mid_join && std::chrono::steady_clock::now() - started > 2s) loaded_mid_join = loaded();
  }
  ASSERT_TRUE(loaded_mid_join) << "the join must outlast the unload period";
  EXPECT_EQ(*loaded_mid_join, 1) << "unloaded while a join was under way";
  EXPECT_EQ(seen, built);
  slow.close();

  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (loaded() != 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(loaded(), 0);
  server.restart();
  WsTestClient again(server.port(), auth);
  std::vector<std::int64_t> reloaded;
  for (const auto& event : join(again, session)) reloaded.push_back(*event.seq);
  EXPECT_EQ(reloaded, built);
}

}  // namespace
}  // namespace tether::testing
