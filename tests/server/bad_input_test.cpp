// Bad input gets a precise error and never breaks the connection, the server, or
// another client's stream; access control refuses the wrong callers.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace tether::testing {
namespace {

using protocol::MessageType;
namespace field = protocol::field;

class BadInput : public ::testing::Test {
 protected:
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "1"}}};
  WsOptions auth{server.token(), std::nullopt, {}};
  std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + server.token()}};

  // Sends raw text and returns the error that answers it.
  protocol::Error error_for(WsTestClient& client, const std::string& text) {
    client.send_text(text);
    auto answer = client.read_until([](const protocol::Envelope& e) { return e.type == MessageType::error; });
    return protocol::error_from_json(answer.payload);
  }

  void expect_still_works(WsTestClient& client) {
    const auto id = client.send(MessageType::ping, {});
    EXPECT_EQ(client.read_reply(id).type, MessageType::pong);
  }
};

struct BadFrame {
  std::string name;
  std::string text;
  protocol::ErrorCode code;
};

TEST_F(BadInput, EachBadFrameGetsItsErrorAndTheConnectionKeepsWorking) {
  const std::vector<BadFrame> cases{
      {"not json", "hello", protocol::ErrorCode::invalid_json},
      {"truncated json", R"({"id":"x","type":)", protocol::ErrorCode::invalid_json},
      {"json array", R"([1,2,3])", protocol::ErrorCode::invalid_json},
      {"json string", R"("ping")", protocol::ErrorCode::invalid_json},
      {"missing id", R"({"type":"ping","payload":{}})", protocol::ErrorCode::invalid_message},
      {"id not a string", R"({"id":7,"type":"ping"})", protocol::ErrorCode::invalid_message},
      {"id too long", R"({"id":")" + std::string(200, 'a') + R"(","type":"ping"})", protocol::ErrorCode::invalid_message},
      {"missing type", R"({"id":"a1","payload":{}})", protocol::ErrorCode::invalid_message},
      {"unknown type", R"({"id":"a2","type":"teleport","payload":{}})", protocol::ErrorCode::unknown_type},
      {"server-only type", R"({"id":"a3","type":"chat_stream","payload":{}})", protocol::ErrorCode::unknown_type},
      {"payload not an object", R"({"id":"a4","type":"ping","payload":[]})", protocol::ErrorCode::invalid_message},
      {"join without session", R"({"id":"a5","type":"session_join","payload":{}})", protocol::ErrorCode::invalid_message},
      {"chat without message", R"({"id":"a6","type":"chat_request","payload":{"sessionId":"abc"}})",
       protocol::ErrorCode::invalid_message},
      {"chat with empty message", R"({"id":"a7","type":"chat_request","payload":{"sessionId":"abc","message":""}})",
       protocol::ErrorCode::invalid_message},
      {"lastSeq negative", R"({"id":"a8","type":"session_join","payload":{"sessionId":"abc","lastSeq":-1}})",
       protocol::ErrorCode::invalid_message},
      {"bad session id", R"({"id":"a9","type":"session_join","payload":{"sessionId":"../etc"}})",
       protocol::ErrorCode::invalid_message},
      {"unknown session", R"({"id":"b1","type":"session_join","payload":{"sessionId":"nosuchsession"}})",
       protocol::ErrorCode::session_not_found},
      {"deep nesting", std::string(100, '[') + std::string(100, ']'), protocol::ErrorCode::invalid_json},
  };
  WsTestClient client(server.port(), auth);
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.name);
    const auto error = error_for(client, bad.text);
    EXPECT_EQ(error.code, bad.code) << error.message;
    EXPECT_FALSE(error.message.empty());
    EXPECT_FALSE(error.hint.empty());
    expect_still_works(client);
  }
}

TEST_F(BadInput, AnErrorAnsweringAMessageCarriesReplyTo) {
  WsTestClient client(server.port(), auth);
  client.send_text(R"({"id":"mine-1","type":"teleport"})");
  auto answer = client.read_reply("mine-1");
  EXPECT_EQ(answer.type, MessageType::error);
}

TEST_F(BadInput, BinaryFramesAreRefusedWithAnError) {
  WsTestClient client(server.port(), auth);
  client.send_binary(std::string("\x01\x02\x03", 3));
  auto answer = client.read_until([](const protocol::Envelope& e) { return e.type == MessageType::error; });
  EXPECT_EQ(protocol::error_from_json(answer.payload).code, protocol::ErrorCode::invalid_message);
  expect_still_works(client);
}

TEST_F(BadInput, AFrameOverTheLimitGetsMessageTooLargeAndClose1009) {
  WsTestClient client(server.port(), auth);
  client.read();  // connection_status
  client.send_text(R"({"id":"big","type":"ping","payload":{"x":")" + std::string(9 << 20, 'x') + "\"}}");  // over the 8 MiB default
  auto answer = client.read_until([](const protocol::Envelope& e) { return e.type == MessageType::error; });
  EXPECT_EQ(protocol::error_from_json(answer.payload).code, protocol::ErrorCode::message_too_large);
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(client.close_code(), 1009);
  // The server is fine.
  WsTestClient other(server.port(), auth);
  expect_still_works(other);
}

TEST_F(BadInput, SeveralEnvelopesInOneFrameAreEachAnswered) {
  WsTestClient client(server.port(), auth);
  client.send_text(R"({"id":"p1","type":"ping"})" "\n" R"({"id":"p2","type":"ping"})" "\n");
  EXPECT_EQ(client.read_reply("p1").type, MessageType::pong);
  EXPECT_EQ(client.read_reply("p2").type, MessageType::pong);
}

TEST_F(BadInput, ABadClientDoesNotDisturbAnotherClientsStream) {
  const auto session = create_session(server.port(), server.token());
  WsTestClient good(server.port(), auth);
  WsTestClient bad(server.port(), auth);
  join(good, session);
  const auto id = good.send(MessageType::chat_request,
                            protocol::to_json(protocol::ChatRequest{session, words(100), std::nullopt}));
  for (int i = 0; i < 50; ++i) bad.send_text("{{{ not json");
  Transcript transcript;
  good.read_until([&](const protocol::Envelope& e) {
    transcript.apply(e);
    return is_response_to(e, id);
  });
  EXPECT_EQ(transcript.replies[id], words(100));
}

TEST_F(BadInput, WrongOrMissingTokenIs401) {
  EXPECT_EQ(http_request(server.port(), "GET", "/api/sessions").status, 401u);
  auto wrong = http_request(server.port(), "GET", "/api/sessions", "", {{"Authorization", "Bearer wrong"}});
  EXPECT_EQ(wrong.status, 401u);
  auto body = protocol::parse_object(wrong.body);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->at("error").at("code").as_string(), "unauthorized");
  try {
    WsTestClient client(server.port(), WsOptions{"not-the-token", std::nullopt, {}});
    FAIL() << "upgrade accepted with a wrong token";
  } catch (const UpgradeRefused& refused) {
    EXPECT_EQ(refused.status, 401u);
  }
}

TEST_F(BadInput, ForeignOriginIs403AndOwnOriginIsFine) {
  try {
    WsTestClient client(server.port(), WsOptions{server.token(), "http://evil.example", {}});
    FAIL() << "upgrade accepted from a foreign origin";
  } catch (const UpgradeRefused& refused) {
    EXPECT_EQ(refused.status, 403u);
  }
  WsTestClient own(server.port(), WsOptions{server.token(), server.http_url(), {}});
  expect_still_works(own);
}

TEST_F(BadInput, AForeignHostHeaderIs403AgainstDnsRebinding) {
  auto rebound = http_request(server.port(), "GET", "/api/sessions", "",
                              {{"Authorization", "Bearer " + server.token()}, {"Host", "attacker.example:80"}});
  EXPECT_EQ(rebound.status, 403u);
  EXPECT_EQ(protocol::parse_object(rebound.body)->at("error").at("code").as_string(), "forbidden");
  try {
    WsTestClient client(server.port(), WsOptions{server.token(), "http://attacker.example",
                                                 {{"Host", "attacker.example"}}});
    FAIL() << "upgrade accepted under a foreign host name";
  } catch (const UpgradeRefused& refused) {
    EXPECT_EQ(refused.status, 403u);
  }
}

TEST_F(BadInput, APlainGetOfTheWebSocketRouteIs426) {
  auto result = http_request(server.port(), "GET", "/api/claude/ws", "", bearer);
  EXPECT_EQ(result.status, 426u);
  EXPECT_EQ(protocol::parse_object(result.body)->at("error").at("code").as_string(), "upgrade_required");
}

TEST_F(BadInput, TheLinkWithTheTokenSetsACookieAndRedirects) {
  auto landing = http_request(server.port(), "GET", "/?token=" + server.token());
  EXPECT_EQ(landing.status, 303u);
  EXPECT_EQ(landing.headers["location"], "/");
  const auto cookie = landing.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  // The cookie alone authorizes the API.
  auto with_cookie = http_request(server.port(), "GET", "/api/sessions", "",
                                  {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  EXPECT_EQ(with_cookie.status, 200u);
  EXPECT_EQ(http_request(server.port(), "GET", "/?token=wrong").status, 401u);
}

TEST_F(BadInput, HealthzAnswersWithoutAToken) {
  auto health = http_request(server.port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200u);
  auto body = protocol::parse_object(health.body);
  ASSERT_TRUE(body);
  // The test server runs with --backend auto and no Claude Code on PATH: it works (echo),
  // and says what an operator should fix.
  EXPECT_EQ(body->at("status").as_string(), "degraded");
  EXPECT_EQ(body->at("checks").at("database").at("status").as_string(), "ok");
  EXPECT_EQ(body->at("checks").at("backend").at("status").as_string(), "degraded");
  EXPECT_NE(std::string(body->at("checks").at("backend").at("detail").as_string()).find("claude"), std::string::npos);
  EXPECT_TRUE(body->contains("uptimeSeconds"));
  EXPECT_TRUE(body->contains("connections"));
}

}  // namespace
TEST_F(BadInput, EveryRequestHasAnAccessLineThatNeverHoldsTheToken) {
  http_request(server.port(), "GET", "/api/sessions?token=" + server.token());
  http_request(server.port(), "GET", "/api/sessions", "", {{"Authorization", "Bearer " + server.token()}});
  {
    WsTestClient tab(server.port(), WsOptions{server.token(), std::nullopt, {}});
    const auto id = tab.send(MessageType::ping, {});
    tab.read_reply(id);
  }
  std::string log;
  for (int i = 0; i < 50 && log.find("closed after") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    log = server.log();
  }
  EXPECT_NE(log.find("access: GET /api/sessions 401 "), std::string::npos) << log;
  EXPECT_NE(log.find("access: GET /api/sessions 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("access: GET /api/claude/ws 101 "), std::string::npos) << log;
  EXPECT_NE(log.find("closed after"), std::string::npos) << log;
  EXPECT_EQ(log.find(server.token()), std::string::npos) << "the token is in the log";
}

}  // namespace tether::testing
