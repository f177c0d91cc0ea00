// WebSocketClient against endpoints that need no Tether server: a listener that never
// answers (connect timeout), a bad URL, a full outbox, a TLS endpoint with a
// self-signed certificate that must be refused by default.
#include "conversation.hpp"
#include "fault_proxy.hpp"
#include "fault_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

namespace tether::test {
namespace {
using namespace std::chrono_literals;
namespace asio = boost::asio;

TEST(ClientShell, ConnectTimeoutAgainstAServerThatAcceptsButNeverAnswers) {
  asio::io_context io;
  // Listening is enough: the kernel completes the TCP handshake, nobody ever answers.
  asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
  auto config = fast_config(silent.local_endpoint().port(), "t");
  config.timeout = 300ms;
  config.max_retries = 0;
  config.enable_fallback = false;
  Conversation chat(config);
  const auto start = std::chrono::steady_clock::now();
  chat.client().connect();
  ASSERT_TRUE(chat.wait_state(
      [](const ClientState& s) {
        return s.status == ConnectionStatus::disconnected && !s.is_reconnecting && !s.last_error.empty();
      },
      5s));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 290ms);
  EXPECT_LT(elapsed, 2s);
  EXPECT_NE(chat.state().last_error.find("connect timeout"), std::string::npos) << chat.state().last_error;
}

TEST(ClientShell, OutboxFullFailsLoudly) {
  auto config = fast_config(1, "t");
  config.max_queued_messages = 3;
  WebSocketClient client(config);
  EXPECT_NO_THROW(client.send_chat("s1", "one"));
  EXPECT_NO_THROW(client.send_chat("s1", "two"));
  EXPECT_NO_THROW(client.send_chat("s1", "three"));
  EXPECT_THROW(client.send_chat("s1", "four"), OutboxFullError);
  EXPECT_EQ(client.queued(), 3u);
}

TEST(ClientShell, ABadUrlIsAnErrorState) {
  auto config = fast_config(1, "t");
  config.url = "ftp://127.0.0.1/";
  Conversation chat(config);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_state([](const ClientState& s) { return s.status == ConnectionStatus::error; }, 5s));
  EXPECT_NE(chat.state().last_error.find("ws://"), std::string::npos) << chat.state().last_error;
}

TEST(ClientShell, SelfSignedCertificateIsRefusedByDefault) {
  const auto folder = std::filesystem::temp_directory_path() / ("tether-tls-" + std::to_string(::getpid()));
  const auto certificate = make_self_signed_certificate(folder);
  FaultProxy tls({.upstream_port = 1,
                  .tls_certificate_file = certificate.certificate.string(),
                  .tls_key_file = certificate.key.string()});
  Conversation chat(fast_config(tls.port(), "t", true));
  chat.client().connect();
  ASSERT_TRUE(chat.wait_state([](const ClientState& s) { return s.status == ConnectionStatus::error; }, 5s));
  EXPECT_NE(chat.state().last_error.find("TLS"), std::string::npos) << chat.state().last_error;
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace tether::test
