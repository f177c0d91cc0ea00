// Limits and hostile input at the server's edges: message rate, token guessing,
// path traversal, security headers. After each, the server still serves normally.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace tether::testing {
namespace {

using protocol::MessageType;

TEST(Hardening, AFloodIsRateLimitedThenClosedWith1008) {
  ServerProcess server{ServerOptions{{"--max-messages-per-second", "50"}}};
  WsTestClient client(server.port(), WsOptions{server.token(), std::nullopt, {}});
  client.read();  // connection_status
  // 100 burst + 1000 consecutive rejects close the connection; send them in big frames.
  std::string frame;
  for (int i = 0; i < 200; ++i) frame += R"({"id":"f)" + std::to_string(i) + R"(","type":"ping"})" "\n";
  bool limited = false;
  for (int i = 0; i < 10 && !limited; ++i) {
    client.send_text(frame);
    try {
      client.read_until([&](const protocol::Envelope& e) {
        if (e.type == MessageType::error && protocol::error_from_json(e.payload).code == protocol::ErrorCode::rate_limited) {
          limited = true;
        }
        return limited;
      }, std::chrono::seconds(2));
    } catch (const std::exception&) {
    }
  }
  EXPECT_TRUE(limited);
  for (int i = 0; i < 10 && client.close_code() == 0; ++i) {
    try {
      client.send_text(frame);
    } catch (const std::exception&) {
      break;
    }
  }
  EXPECT_TRUE(client.wait_closed(std::chrono::seconds(5)));
  EXPECT_EQ(client.close_code(), 1008);
  WsTestClient other(server.port(), WsOptions{server.token(), std::nullopt, {}});
  const auto id = other.send(MessageType::ping, {});
  EXPECT_EQ(other.read_reply(id).type, MessageType::pong);
}

TEST(Hardening, TokenGuessingIsThrottledWithRetryAfterButNeverLocksOutTheRightToken) {
  ServerProcess server;
  unsigned last = 0;
  std::string retry_after;
  for (int i = 0; i < 25; ++i) {
    auto result = http_request(server.port(), "GET", "/api/sessions", "", {{"Authorization", "Bearer guess" + std::to_string(i)}});
    last = result.status;
    retry_after = result.headers["retry-after"];
  }
  EXPECT_EQ(last, 429u);
  EXPECT_FALSE(retry_after.empty());
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200u);
  // The same address with the right token (another user behind the same proxy): not locked out.
  const std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + server.token()}};
  EXPECT_EQ(http_request(server.port(), "GET", "/api/sessions", "", bearer).status, 200u);
  WsTestClient tab(server.port(), WsOptions{server.token(), std::nullopt, {}});
  const auto id = tab.send(MessageType::ping, {});
  EXPECT_EQ(tab.read_reply(id).type, MessageType::pong);
  // And the flood goes on being refused, with the wait.
  const auto flood = http_request(server.port(), "GET", "/api/sessions", "", {{"Authorization", "Bearer guess"}});
  EXPECT_EQ(flood.status, 429u);
  EXPECT_NE(flood.body.find("\"hint\""), std::string::npos) << flood.body;
}

// A script that hammers the API over HTTP (REST, the fallback's POSTs, SSE opens) gets
// 429 with Retry-After and a hint; the web UI's files, /healthz and WebSockets are not
// counted; after the wait, the same client gets through.
TEST(Hardening, AnHttpFloodIsAnswered429WithRetryAfterUntilTheClientWaits) {
  ServerProcess server{ServerOptions{{"--max-requests-per-second", "5"}}};  // bursts of 50
  const std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + server.token()}};
  int served = 0;
  HttpResult refused;
  for (int i = 0; i < 100 && refused.status == 0; ++i) {
    auto result = http_request(server.port(), "GET", "/api/sessions", "", bearer);
    if (result.status == 200) ++served;
    if (result.status == 429) refused = result;
  }
  EXPECT_GE(served, 45);
  EXPECT_LE(served, 55);
  ASSERT_EQ(refused.status, 429u);
  EXPECT_NE(refused.body.find("\"rate_limited\""), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("\"hint\""), std::string::npos) << refused.body;
  const int wait = std::stoi(refused.headers["retry-after"]);
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 2);

  auto fallback_post = http_request(server.port(), "POST", "/api/claude/messages",
                                    R"({"id":"p1","type":"ping"})", bearer);
  EXPECT_EQ(fallback_post.status, 429u) << fallback_post.body;
  auto sse_open = http_request(server.port(), "GET", "/api/claude/stream?sessionId=s_none", "", bearer);
  EXPECT_EQ(sse_open.status, 429u) << sse_open.body;
  EXPECT_FALSE(sse_open.headers["retry-after"].empty());

  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200u);
  WsTestClient tab(server.port(), WsOptions{server.token(), std::nullopt, {}});
  const auto id = tab.send(MessageType::ping, {});
  EXPECT_EQ(tab.read_reply(id).type, MessageType::pong);

  std::this_thread::sleep_for(std::chrono::seconds(wait));
  EXPECT_EQ(http_request(server.port(), "GET", "/api/sessions", "", bearer).status, 200u);
}

TEST(Hardening, StaticFilesNeverEscapeTheWebRoot) {
  const auto root = make_temp_dir("tether-web");
  std::ofstream(root / "index.html") << "<!doctype html><title>ok</title>";
  std::filesystem::create_directories(root / "assets");
  std::ofstream(root / "assets" / "app.js") << "console.log(1)";
  const auto outside = make_temp_dir("tether-secret");
  std::ofstream(outside / "secret.txt") << "secret";
  std::filesystem::create_symlink(outside / "secret.txt", root / "link.txt");

  ServerProcess server{ServerOptions{{"--web-root", root.string()}}};
  auto index = http_request(server.port(), "GET", "/");
  EXPECT_EQ(index.status, 200u);
  EXPECT_NE(index.body.find("<title>ok</title>"), std::string::npos);
  const auto csp = index.headers["content-security-policy"];
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(index.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(index.headers["referrer-policy"], "no-referrer");
  EXPECT_EQ(http_request(server.port(), "GET", "/assets/app.js").headers["content-type"],
            "text/javascript; charset=utf-8");
  EXPECT_EQ(http_request(server.port(), "GET", "/some/ui/route").status, 200u) << "the UI's own routes";

  for (const std::string& target : std::vector<std::string>{"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/%2e%2e/etc/passwd", "/link.txt",
                                   "/assets/../../" + outside.filename().string() + "/secret.txt",
                                   "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt"}) {
    SCOPED_TRACE(target);
    auto result = http_request(server.port(), "GET", target);
    EXPECT_EQ(result.body.find("secret"), std::string::npos);
    EXPECT_EQ(result.body.find("root:"), std::string::npos);
    EXPECT_NE(result.status, 200u);
  }
  std::filesystem::remove_all(root);
  std::filesystem::remove_all(outside);
}

}  // namespace
}  // namespace tether::testing
