// The server's streaming guarantees, against the real binary over real sockets.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace tether::testing {
namespace {

using protocol::MessageType;
namespace field = protocol::field;

boost::json::object chat(const std::string& session, const std::string& message) {
  return protocol::to_json(protocol::ChatRequest{session, message, std::nullopt});
}

class Streaming : public ::testing::Test {
 protected:
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "2"}}};
  WsOptions auth{server.token(), std::nullopt, {}};
};

TEST_F(Streaming, FirstFrameIsConnectionStatus) {
  WsTestClient client(server.port(), auth);
  auto first = client.read();
  EXPECT_EQ(first.type, MessageType::connection_status);
  auto status = protocol::connection_status_from_json(first.payload);
  ASSERT_TRUE(status);
  EXPECT_FALSE(status->connection_id.empty());
  EXPECT_GT(status->heartbeat_interval_ms, 0);
}

TEST_F(Streaming, StreamsA300WordReplyInOrder) {
  const auto session = create_session(server.port(), server.token());
  WsTestClient client(server.port(), auth);
  join(client, session);
  const auto message = words(300);
  const auto id = client.send(MessageType::chat_request, chat(session, message));

  // The ack and the first deltas may arrive in either order: the ack waits for the
  // message to be durable, the deltas for their own store job. Both are read here.
  Transcript transcript;
  std::string deltas;
  bool acked = false;
  bool saw_complete = false;
  auto response = client.read_until([&](const protocol::Envelope& e) {
    if (e.reply_to == id) acked = e.type == MessageType::ack;
    transcript.apply(e);
    if (e.type == MessageType::chat_stream) {
      EXPECT_FALSE(saw_complete) << "a delta after isComplete";
      deltas += e.payload.at(field::delta).as_string();
      saw_complete = e.payload.at(field::is_complete).as_bool();
    }
    return is_response_to(e, id);
  });
  EXPECT_TRUE(acked);
  EXPECT_TRUE(saw_complete);
  EXPECT_EQ(deltas, message);
  EXPECT_EQ(response.payload.at(field::message).as_string(), message);
  EXPECT_EQ(response.payload.at(field::stop_reason).as_string(), "end_turn");
  EXPECT_EQ(transcript.replies[id], message);
  EXPECT_EQ(transcript.duplicates, 0);
}

TEST_F(Streaming, TwoConnectionsOnOneSessionGetEveryEvent) {
  const auto session = create_session(server.port(), server.token());
  WsTestClient first(server.port(), auth);
  WsTestClient second(server.port(), auth);
  join(first, session);
  join(second, session);
  const auto id = first.send(MessageType::chat_request, chat(session, words(40)));
  std::vector<std::int64_t> seqs_first;
  std::vector<std::int64_t> seqs_second;
  first.read_until([&](const protocol::Envelope& e) {
    if (e.seq) seqs_first.push_back(*e.seq);
    return is_response_to(e, id);
  });
  second.read_until([&](const protocol::Envelope& e) {
    if (e.seq) seqs_second.push_back(*e.seq);
    return is_response_to(e, id);
  });
  EXPECT_EQ(seqs_first, seqs_second);
  EXPECT_GE(seqs_first.size(), 40u + 3u);  // request, running, 40 deltas, complete, response
  for (std::size_t i = 1; i < seqs_first.size(); ++i) EXPECT_EQ(seqs_first[i], seqs_first[i - 1] + 1);
}

TEST_F(Streaming, RejoinAfterADropReconstructsTheExactText) {
  const auto session = create_session(server.port(), server.token());
  const auto message = words(200);
  Transcript transcript;
  std::string id;
  {
    WsTestClient client(server.port(), auth);
    join(client, session);
    id = client.send(MessageType::chat_request, chat(session, message));
    // Take part of the reply, then vanish without a close handshake.
    client.read_until([&](const protocol::Envelope& e) {
      transcript.apply(e);
      return e.type == MessageType::chat_stream && transcript.replies[id].size() > 100;
    });
    client.drop();
  }
  WsTestClient again(server.port(), auth);
  for (const auto& event : join(again, session, transcript.last_seq)) transcript.apply(event);
  if (!transcript.stop_reasons.contains(id)) {
    again.read_until([&](const protocol::Envelope& e) {
      transcript.apply(e);
      return is_response_to(e, id);
    });
  }
  EXPECT_EQ(transcript.replies[id], message);
  EXPECT_EQ(transcript.duplicates, 0);
}

TEST_F(Streaming, RejoinAfterTheReplyCompletedGetsTheResponseInsteadOfDeltas) {
  const auto session = create_session(server.port(), server.token());
  const auto message = words(30);
  WsTestClient client(server.port(), auth);
  join(client, session);
  const auto id = client.send(MessageType::chat_request, chat(session, message));
  Transcript live;
  std::int64_t mid_seq = 0;
  client.read_until([&](const protocol::Envelope& e) {
    live.apply(e);
    if (e.type == MessageType::chat_stream && mid_seq == 0 && live.replies[id].size() > 20) mid_seq = *e.seq;
    return is_response_to(e, id);
  });
  ASSERT_GT(mid_seq, 0);

  WsTestClient late(server.port(), auth);
  const auto replayed = join(late, session, mid_seq);
  for (const auto& event : replayed) EXPECT_NE(event.type, MessageType::chat_stream) << "compacted deltas replayed";
  Transcript transcript;
  transcript.replies[id] = "partial text the client had";
  transcript.last_seq = mid_seq;
  for (const auto& event : replayed) transcript.apply(event);
  EXPECT_EQ(transcript.replies[id], message);
}

TEST_F(Streaming, TheSameRequestIdTwiceIsOneTurn) {
  const auto session = create_session(server.port(), server.token());
  WsTestClient client(server.port(), auth);
  join(client, session);
  // The turn's events may come before or after either ack (protocol §3): note the
  // response whenever it passes.
  bool answered = false;
  auto reply_to_same_id = [&](const protocol::Envelope& e) {
    answered = answered || is_response_to(e, "same-id");
    return e.reply_to == "same-id";
  };
  client.send(MessageType::chat_request, chat(session, "only once"), "same-id");
  client.read_until(reply_to_same_id);
  client.send(MessageType::chat_request, chat(session, "only once"), "same-id");
  auto second = client.read_until(reply_to_same_id);
  EXPECT_EQ(second.type, MessageType::ack);
  EXPECT_TRUE(second.payload.at(field::duplicate).as_bool());
  if (!answered) client.read_until([](const protocol::Envelope& e) { return is_response_to(e, "same-id"); });

  auto details = http_request(server.port(), "GET", "/api/sessions/" + session, "",
                              {{"Authorization", "Bearer " + server.token()}});
  auto body = protocol::parse_object(details.body);
  ASSERT_TRUE(body);
  const auto& messages = body->at("messages").as_array();
  EXPECT_EQ(messages.size(), 2u);  // one user message, one reply
}

TEST_F(Streaming, MessagesSentDuringAReplyWaitTheirTurnInOrder) {
  const auto session = create_session(server.port(), server.token());
  WsTestClient client(server.port(), auth);
  join(client, session);
  const auto a = client.send(MessageType::chat_request, chat(session, words(20)));
  const auto b = client.send(MessageType::chat_request, chat(session, "second message"));
  const auto c = client.send(MessageType::chat_request, chat(session, "third one"));
  std::vector<std::string> order;
  Transcript transcript;
  client.read_until([&](const protocol::Envelope& e) {
    transcript.apply(e);
    if (e.type == MessageType::chat_response) order.emplace_back(e.payload.at(field::request_id).as_string());
    return is_response_to(e, c);
  });
  EXPECT_EQ(order, (std::vector<std::string>{a, b, c}));
  EXPECT_EQ(transcript.replies[b], "second message");
  EXPECT_EQ(transcript.replies[c], "third one");
}

TEST_F(Streaming, CancelKeepsThePartialTextAndTheNextMessageWorks) {
  ServerProcess slow{ServerOptions{{"--echo-delay-ms", "20"}}};
  const auto session = create_session(slow.port(), slow.token());
  WsTestClient client(slow.port(), WsOptions{slow.token(), std::nullopt, {}});
  join(client, session);
  const auto id = client.send(MessageType::chat_request, chat(session, words(200)));
  Transcript transcript;
  client.read_until([&](const protocol::Envelope& e) {
    transcript.apply(e);
    return e.type == MessageType::chat_stream && transcript.replies[id].size() > 30;
  });
  client.send(MessageType::chat_cancel, protocol::to_json(protocol::ChatCancel{session}));
  auto response = client.read_until([&](const protocol::Envelope& e) {
    transcript.apply(e);
    return is_response_to(e, id);
  });
  EXPECT_EQ(response.payload.at(field::stop_reason).as_string(), "cancelled");
  const std::string partial(response.payload.at(field::message).as_string());
  EXPECT_FALSE(partial.empty());
  EXPECT_LT(partial.size(), words(200).size());
  EXPECT_EQ(words(200).substr(0, partial.size()), partial);

  const auto next = client.send(MessageType::chat_request, chat(session, "still here"));
  auto answer = client.read_until([&](const protocol::Envelope& e) { return is_response_to(e, next); });
  EXPECT_EQ(answer.payload.at(field::message).as_string(), "still here");
}

TEST_F(Streaming, PingIsAnsweredWithPong) {
  WsTestClient client(server.port(), auth);
  const auto id = client.send(MessageType::ping, {});
  auto pong = client.read_reply(id);
  EXPECT_EQ(pong.type, MessageType::pong);
}

TEST_F(Streaming, AReplyKeepsRunningWhenEveryClientLeaves) {
  const auto session = create_session(server.port(), server.token());
  std::string id;
  {
    WsTestClient client(server.port(), auth);
    join(client, session);
    id = client.send(MessageType::chat_request, chat(session, words(50)));
    client.read_reply(id);
    client.drop();
  }
  wait_until_idle(server.port(), server.token(), session);
  WsTestClient later(server.port(), auth);
  Transcript transcript;
  for (const auto& event : join(later, session)) transcript.apply(event);
  EXPECT_EQ(transcript.replies[id], words(50));
  EXPECT_EQ(transcript.stop_reasons[id], "end_turn");
}

}  // namespace
}  // namespace tether::testing
