// `tether serve --tls-cert --tls-key`: the real binary with a certificate made at test
// time, reached over https and wss (libtether with the test CA), and everything that
// must fail cleanly: plain clients on the TLS port, unverifiable certificates, a TLS
// client on a plain port, silent sockets, and bad configurations.
#include "tests/faults/conversation.hpp"
#include "tests/faults/fault_support.hpp"
#include "tests/support/https_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

namespace tether::testing {
namespace {

using test::Certificate;
using test::Conversation;

class Tls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = make_temp_dir("tether-tls");
    certificate_ = test::make_self_signed_certificate(folder_ / "server");
    other_ = test::make_self_signed_certificate(folder_ / "other");
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(folder_); }

  static ServerOptions tls_server(std::vector<std::string> more = {}) {
    ServerOptions options;
    options.extra_args = {"--backend", "echo", "--echo-delay-ms", "1", "--tls-cert", cert(), "--tls-key", key()};
    options.extra_args.insert(options.extra_args.end(), more.begin(), more.end());
    return options;
  }
  static std::string cert() { return certificate_.certificate.string(); }
  static std::string key() { return certificate_.key.string(); }

  static ClientConfig wss_config(const ServerProcess& server) {
    auto config = test::fast_config(server.port(), server.token(), true);
    config.ca_file = cert();
    return config;
  }

  static std::map<std::string, std::string> bearer(const ServerProcess& server) {
    return {{"Authorization", "Bearer " + server.token()}};
  }

  // `tether serve` with these arguments, which should refuse to start.
  static test::CommandResult serve_refused(const std::string& arguments) {
    const auto data = folder_ / ("data-" + std::to_string(++runs_));
    // `timeout`: a server that starts after all must not hang the test.
    return test::run_command("timeout 20 " + std::string(TETHER_BINARY) + " serve --port 0 --backend echo --data-dir '" +
                             data.string() + "' " + arguments + " </dev/null >/dev/null");
  }

  static inline std::filesystem::path folder_;
  static inline Certificate certificate_;
  static inline Certificate other_;
  static inline int runs_ = 0;
};

TEST_F(Tls, HttpsAnswersHealthAndTheApiAndTheCookieIsSecure) {
  ServerProcess server{tls_server()};
  const auto health = https_request(server.port(), cert(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200u);
  EXPECT_NE(health.body.find("\"status\":\"ok\""), std::string::npos) << health.body;
  EXPECT_EQ(health.headers.count("strict-transport-security"), 0u) << "no HSTS for a loopback name";

  EXPECT_EQ(https_request(server.port(), cert(), "GET", "/api/sessions").status, 401u);
  EXPECT_EQ(https_request(server.port(), cert(), "GET", "/api/sessions", "", bearer(server)).status, 200u);

  auto landing = https_request(server.port(), cert(), "GET", "/?token=" + server.token());
  EXPECT_EQ(landing.status, 303u);
  const auto cookie = landing.headers["set-cookie"];
  EXPECT_NE(cookie.find("tether_token="), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
}

TEST_F(Tls, TheOriginMustBeHttps) {
  ServerProcess server{tls_server()};
  const auto host = "127.0.0.1:" + std::to_string(server.port());
  auto headers = bearer(server);
  headers["Origin"] = "https://" + host;
  EXPECT_EQ(https_request(server.port(), cert(), "GET", "/api/sessions", "", headers).status, 200u);
  headers["Origin"] = "http://" + host;
  EXPECT_EQ(https_request(server.port(), cert(), "GET", "/api/sessions", "", headers).status, 403u);
}

TEST_F(Tls, WssCarriesAWholeChatWithTheLibraryTrustingTheTestCa) {
  ServerProcess server{tls_server()};
  const auto config = wss_config(server);
  const auto session = RestClient(config).create_session("over tls").id;  // REST over https
  Conversation chat(config);
  chat.client().join(session);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_connected(10s)) << chat.state().last_error;
  const auto message = test::words(20, "tls");
  const auto id = chat.client().send_chat(session, message);
  ASSERT_TRUE(chat.wait_reply(id, 15s)) << chat.recent();
  EXPECT_EQ(chat.reply_text(id), message);
  EXPECT_TRUE(chat.violations().empty());

  // Stopping closes the wss connection (1001, then the TLS close) within the grace period.
  EXPECT_EQ(server.stop(), 0) << server.log();
  EXPECT_TRUE(chat.wait_state([](const ClientState& s) { return s.status != ConnectionStatus::connected; }, 5s));
}

TEST_F(Tls, SseStreamsOverHttps) {
  ServerProcess server{tls_server()};
  const auto session = RestClient(wss_config(server)).create_session("sse").id;
  const auto text = https_read_until(server.port(), cert(), "/api/claude/stream?sessionId=" + session, bearer(server),
                                     "connection_status");
  EXPECT_NE(text.find("text/event-stream"), std::string::npos) << text;
}

TEST_F(Tls, TheClientRefusesACertificateItCannotVerify) {
  ServerProcess server{tls_server()};
  auto config = wss_config(server);
  config.ca_file.clear();  // the system store does not know the test CA
  Conversation chat(config);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_state([](const ClientState& s) { return s.status == ConnectionStatus::error; }, 10s))
      << chat.state().last_error;
  EXPECT_NE(chat.state().last_error.find("TLS"), std::string::npos) << chat.state().last_error;

  config.ca_file = other_.certificate.string();  // a CA, but not the one that signed
  Conversation other(config);
  other.client().connect();
  ASSERT_TRUE(other.wait_state([](const ClientState& s) { return s.status == ConnectionStatus::error; }, 10s));
  EXPECT_EQ(https_request(server.port(), cert(), "GET", "/healthz").status, 200u) << "the server still serves";
}

TEST_F(Tls, PlainClientsOnTheTlsPortFailFastAndTheServerCarriesOn) {
  ServerProcess server{tls_server()};
  const auto started = std::chrono::steady_clock::now();
  EXPECT_ANY_THROW(http_request(server.port(), "GET", "/healthz"));
  EXPECT_ANY_THROW(WsTestClient(server.port(), WsOptions{server.token(), std::nullopt, {}}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "dropped at the handshake, not by a timeout";
  EXPECT_EQ(https_request(server.port(), cert(), "GET", "/healthz").status, 200u);
  EXPECT_TRUE(server.running());
}

TEST_F(Tls, ASilentConnectionIsDroppedAfterTheHandshakeTimeout) {
  ServerProcess server{tls_server()};
  boost::asio::io_context io;
  boost::beast::tcp_stream silent(io);
  silent.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server.port()));
  // Another client is not held up meanwhile.
  EXPECT_EQ(https_request(server.port(), cert(), "GET", "/healthz").status, 200u);

  const auto started = std::chrono::steady_clock::now();
  silent.expires_after(25s);
  boost::system::error_code result = boost::asio::error::would_block;
  char byte = 0;
  silent.async_read_some(boost::asio::buffer(&byte, 1), [&](boost::system::error_code ec, std::size_t) { result = ec; });
  io.run();
  EXPECT_TRUE(result == boost::asio::error::eof || result == boost::asio::error::connection_reset) << result.message();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 15s);
  EXPECT_TRUE(server.running());
}

TEST_F(Tls, ATlsClientOnAPlainPortFailsCleanly) {
  ServerProcess server{ServerOptions{{"--backend", "echo"}}};
  auto config = test::fast_config(server.port(), server.token(), true);
  config.ca_file = cert();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_ANY_THROW(https_request(server.port(), cert(), "GET", "/healthz"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "the server drops a ClientHello it cannot parse";

  // The server's EOF mid-handshake may be a restart too, so the client retries; its error
  // says what else it may be.
  Conversation chat(config);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_state([](const ClientState& s) { return s.reconnect_attempts >= 2; }, 10s))
      << chat.state().last_error;
  EXPECT_NE(chat.state().status, ConnectionStatus::connected);
  EXPECT_NE(chat.state().last_error.find("plain http"), std::string::npos) << chat.state().last_error;
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200u);
}

TEST_F(Tls, BindsBeyondLoopbackWithACertificate) {
  auto options = tls_server();
  options.host = "0.0.0.0";
  ServerProcess server{options};
  EXPECT_EQ(https_request(server.port(), cert(), "GET", "/healthz").status, 200u);
  EXPECT_EQ(server.log().find("without TLS"), std::string::npos) << server.log();

  const auto refused = serve_refused("--host 0.0.0.0");
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("--tls-cert"), std::string::npos) << refused.err;
}

TEST_F(Tls, HalfAConfigurationIsRefused) {
  const auto cert_only = serve_refused("--tls-cert '" + cert() + "'");
  EXPECT_EQ(cert_only.exit_code, 2) << cert_only.err;
  EXPECT_NE(cert_only.err.find("--tls-cert needs --tls-key"), std::string::npos) << cert_only.err;

  const auto key_only = serve_refused("--tls-key '" + key() + "'");
  EXPECT_EQ(key_only.exit_code, 2) << key_only.err;
  EXPECT_NE(key_only.err.find("--tls-key needs --tls-cert"), std::string::npos) << key_only.err;
}

TEST_F(Tls, UnusableFilesAreNamedAtStart) {
  const auto missing = (folder_ / "missing.pem").string();
  const auto no_cert = serve_refused("--tls-cert '" + missing + "' --tls-key '" + key() + "'");
  EXPECT_EQ(no_cert.exit_code, 2) << no_cert.err;
  EXPECT_NE(no_cert.err.find("--tls-cert " + missing), std::string::npos) << no_cert.err;
  EXPECT_NE(no_cert.err.find("No such file"), std::string::npos) << no_cert.err;

  const auto garbage = (folder_ / "garbage.pem").string();
  std::ofstream(garbage) << "not a certificate\n";
  const auto bad_cert = serve_refused("--tls-cert '" + garbage + "' --tls-key '" + key() + "'");
  EXPECT_EQ(bad_cert.exit_code, 2) << bad_cert.err;
  EXPECT_NE(bad_cert.err.find("--tls-cert " + garbage + " cannot be used"), std::string::npos) << bad_cert.err;

  const auto bad_key = serve_refused("--tls-cert '" + cert() + "' --tls-key '" + garbage + "'");
  EXPECT_EQ(bad_key.exit_code, 2) << bad_key.err;
  EXPECT_NE(bad_key.err.find("--tls-key " + garbage + " cannot be used"), std::string::npos) << bad_key.err;

  const auto mismatch = serve_refused("--tls-cert '" + cert() + "' --tls-key '" + other_.key.string() + "'");
  EXPECT_EQ(mismatch.exit_code, 2) << mismatch.err;
  EXPECT_NE(mismatch.err.find("--tls-key " + other_.key.string()), std::string::npos) << mismatch.err;
}

}  // namespace
}  // namespace tether::testing
