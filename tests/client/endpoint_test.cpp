// URL handling: schemes, default ports and paths, the token of a pasted serve link.
#include "tether/client/endpoint.hpp"

#include <gtest/gtest.h>

namespace {
TEST(Endpoint, WebSocketUrlWithPath) {
  const auto e = tether::parse_endpoint("ws://127.0.0.1:4000/api/claude/ws");
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->secure);
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, "4000");
  EXPECT_EQ(e->websocket_path, "/api/claude/ws");
  EXPECT_EQ(e->host_header(), "127.0.0.1:4000");
}

TEST(Endpoint, ServeLinkGivesDefaultPathAndToken) {
  const auto e = tether::parse_endpoint("http://localhost:8080/?token=abc123");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->websocket_path, "/api/claude/ws");
  EXPECT_EQ(e->token_in_url, "abc123");
}

TEST(Endpoint, SecureSchemesDefaultTo443) {
  const auto e = tether::parse_endpoint("wss://chat.example.org");
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->secure);
  EXPECT_EQ(e->port, "443");
  EXPECT_EQ(e->host_header(), "chat.example.org");
  EXPECT_TRUE(tether::parse_endpoint("https://h:9/")->secure);
}

TEST(Endpoint, RejectsOtherSchemesAndGarbageWithAReason) {
  std::string error;
  EXPECT_FALSE(tether::parse_endpoint("ftp://h/", &error));
  EXPECT_NE(error.find("ws://"), std::string::npos);
  EXPECT_FALSE(tether::parse_endpoint("not a url", &error));
  EXPECT_FALSE(error.empty());
}
}  // namespace
