// What survives a crash (kill -9) and a clean stop (SIGTERM), with a real SQLite file.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <gtest/gtest.h>

namespace tether::testing {
namespace {

using protocol::MessageType;
namespace field = protocol::field;

boost::json::object chat(const std::string& session, const std::string& message) {
  return protocol::to_json(protocol::ChatRequest{session, message, std::nullopt});
}

TEST(Durability, KillNineMidReplyThenRestartKeepsHistoryAndMarksTheReplyInterrupted) {
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "10"}}};
  const WsOptions auth{server.token(), std::nullopt, {}};
  const auto session = create_session(server.port(), server.token());
  std::string first;
  std::string cut;
  Transcript before;
  {
    WsTestClient client(server.port(), auth);
    join(client, session);
    first = client.send(MessageType::chat_request, chat(session, "a short one"));
    client.read_until([&](const protocol::Envelope& e) {
      before.apply(e);
      return is_response_to(e, first);
    });
    cut = client.send(MessageType::chat_request, chat(session, words(300)));
    client.read_until([&](const protocol::Envelope& e) {
      before.apply(e);
      return e.type == MessageType::chat_stream && before.replies[cut].size() > 50;
    });
    server.kill9();
  }
  server.restart();

  WsTestClient client(server.port(), auth);
  Transcript after;
  const auto replayed = join(client, session);
  for (const auto& event : replayed) after.apply(event);
  EXPECT_EQ(after.replies[first], "a short one");
  EXPECT_EQ(after.stop_reasons[first], "end_turn");
  EXPECT_EQ(after.user_messages[cut], words(300));
  EXPECT_EQ(after.stop_reasons[cut], "interrupted");
  // The interrupted reply keeps what was streamed and stored before the crash.
  EXPECT_GE(after.replies[cut].size(), before.replies[cut].size());
  EXPECT_EQ(words(300).substr(0, after.replies[cut].size()), after.replies[cut]);

  // seq goes on after the restart, never reusing a number.
  EXPECT_GE(after.last_seq, before.last_seq);
  const auto next = client.send(MessageType::chat_request, chat(session, "after the crash"));
  std::int64_t next_seq = 0;
  auto response = client.read_until([&](const protocol::Envelope& e) {
    if (e.seq && next_seq == 0) next_seq = *e.seq;
    return is_response_to(e, next);
  });
  EXPECT_GT(next_seq, after.last_seq);
  EXPECT_EQ(response.payload.at(field::message).as_string(), "after the crash");
}

TEST(Durability, AnAcknowledgedMessageSurvivesAnImmediateCrash) {
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "50"}}};
  const auto session = create_session(server.port(), server.token());
  {
    WsTestClient client(server.port(), WsOptions{server.token(), std::nullopt, {}});
    const auto id = client.send(MessageType::chat_request, chat(session, "remember me"), "durable-1");
    ASSERT_EQ(client.read_reply(id).type, MessageType::ack);
    server.kill9();
  }
  server.restart();
  auto details = http_request(server.port(), "GET", "/api/sessions/" + session, "",
                              {{"Authorization", "Bearer " + server.token()}});
  ASSERT_EQ(details.status, 200u);
  auto body = protocol::parse_object(details.body);
  const auto& messages = body->at("messages").as_array();
  ASSERT_GE(messages.size(), 1u);
  EXPECT_EQ(messages[0].at("content").as_string(), "remember me");
  EXPECT_EQ(messages[0].at("requestId").as_string(), "durable-1");

  // And resending it after the crash is recognized as a duplicate.
  WsTestClient client(server.port(), WsOptions{server.token(), std::nullopt, {}});
  client.send(MessageType::chat_request, chat(session, "remember me"), "durable-1");
  auto ack = client.read_reply("durable-1");
  EXPECT_TRUE(ack.payload.at(field::duplicate).as_bool());
}

TEST(Durability, SigtermClosesConnectionsWith1001AndExitsZero) {
  ServerProcess server;
  WsTestClient client(server.port(), WsOptions{server.token(), std::nullopt, {}});
  client.read();  // connection_status
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(std::chrono::seconds(5)), 0) << server.log();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_TRUE(client.wait_closed(std::chrono::seconds(2)));
  EXPECT_EQ(client.close_code(), 1001);
}

}  // namespace
}  // namespace tether::testing

namespace tether::testing {
namespace {

// Regression: a resend of a message whose reply is complete was answered `internal "The
// message could not be stored."` when a later turn's events were still in group commit:
// the duplicate waited for the durability of the session's head, not of the original. A
// slow store (--store-delay-ms) while another reply streams made it happen every time; the
// reply streams for ~6 s, longer than a chat_request's answer waits for durability (5 s),
// so waiting for the head would end in that error.
TEST(Durability, AResendIsAcknowledgedAsADuplicateWhileALaterReplyIsStillBeingStored) {
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "2", "--store-delay-ms", "20"}}};
  const WsOptions auth{server.token(), std::nullopt, {}};
  const auto session = create_session(server.port(), server.token());
  WsTestClient client(server.port(), auth);
  join(client, session);
  const auto first = client.send(MessageType::chat_request, chat(session, "a short one"));
  client.read_until([&](const protocol::Envelope& e) { return is_response_to(e, first); });
  const auto streaming = client.send(MessageType::chat_request, chat(session, words(3000)));
  client.read_until([&](const protocol::Envelope& e) { return e.type == MessageType::chat_stream; });
  for (int resend = 0; resend < 10; ++resend) {
    client.send(MessageType::chat_request, chat(session, "a short one"), first);
    const auto answer = client.read_until([&](const protocol::Envelope& e) {
      return e.reply_to == first && (e.type == MessageType::ack || e.type == MessageType::error);
    });
    ASSERT_EQ(answer.type, MessageType::ack) << "resend " << resend << ": " << protocol::encode(answer);
    EXPECT_TRUE(protocol::ack_from_json(answer.payload)->duplicate);
  }
  client.read_until([&](const protocol::Envelope& e) { return is_response_to(e, streaming); }, std::chrono::seconds(30));
}

}  // namespace
}  // namespace tether::testing
