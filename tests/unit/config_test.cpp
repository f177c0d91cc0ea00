#include "server/config.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

ServerConfig valid() {
  ServerConfig config;
  config.token = "0123456789abcdef0123456789abcdef";
  return config;
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
