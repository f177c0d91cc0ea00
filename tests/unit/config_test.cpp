#include "server/config.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

ServerConfig valid() {
  ServerConfig config;
  config.token = "0123456789abcdef0123456789abcdef";
  return config;
}

TEST(ServerConfig, MetricsListenIsAnIpAddressAndAPort) {
  const auto v4 = parse_listen_address("127.0.0.1:9464");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 9464);
  const auto v6 = parse_listen_address("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  for (const auto* bad : {"localhost:9464", "127.0.0.1", "127.0.0.1:", ":9464", "127.0.0.1:65536", "127.0.0.1:9x"}) {
    EXPECT_FALSE(parse_listen_address(bad)) << bad;
  }
  auto config = valid();
  config.metrics_listen = "localhost:9464";
  ASSERT_TRUE(config.validate());
  EXPECT_NE(config.validate()->find("--metrics-listen"), std::string::npos);
  config.metrics_listen = "127.0.0.1:9464";
  EXPECT_FALSE(config.validate());
}

TEST(ServerConfig, TlsNeedsBothTheCertificateAndTheKey) {
  auto config = valid();
  EXPECT_FALSE(config.validate());
  config.tls_cert = "cert.pem";
  ASSERT_TRUE(config.validate());
  EXPECT_NE(config.validate()->find("--tls-cert needs --tls-key"), std::string::npos);
  config.tls_key = "key.pem";
  EXPECT_FALSE(config.validate()) << "the files are checked at start, when they are loaded";
  config.tls_cert.clear();
  ASSERT_TRUE(config.validate());
  EXPECT_NE(config.validate()->find("--tls-key needs --tls-cert"), std::string::npos);
}

TEST(ServerConfig, BeyondLoopbackNeedsTlsOrTheInsecureFlag) {
  auto config = valid();
  config.host = "0.0.0.0";
  ASSERT_TRUE(config.validate());
  EXPECT_NE(config.validate()->find("--tls-cert"), std::string::npos);
  config.insecure_allow_remote = true;
  EXPECT_FALSE(config.validate());
  config.insecure_allow_remote = false;
  config.tls_cert = "cert.pem";
  config.tls_key = "key.pem";
  EXPECT_FALSE(config.validate());
}

TEST(ServerConfig, ClaudeEnvNamesMustBeVariableNames) {
  auto config = valid();
  config.claude_env = {"SSH_AUTH_SOCK", "DISABLE_AUTOUPDATER"};
  EXPECT_FALSE(config.validate());
  // TETHER_* is a valid name: it is refused with a warning when the backend starts, not here.
  config.claude_env = {"TETHER_TOKEN"};
  EXPECT_FALSE(config.validate());
  for (const std::string& bad : {std::string(), std::string("A=B"), std::string("A\0B", 3)}) {
    config.claude_env = {"PATH", bad};
    ASSERT_TRUE(config.validate()) << bad;
    EXPECT_NE(config.validate()->find("--claude-env"), std::string::npos);
  }
}

}  // namespace
}  // namespace tether::server
