#include "server/transport/access_policy.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

const std::string kToken = "0123456789abcdef0123456789abcdef";

TEST(AccessPolicy, AcceptsTheTokenAsBearerOrCookie) {
  AccessPolicy policy(kToken, "127.0.0.1", {}, {});
  EXPECT_TRUE(policy.authorized("Bearer " + kToken, ""));
  EXPECT_TRUE(policy.authorized("bearer " + kToken, ""));
  EXPECT_TRUE(policy.authorized("", "theme=dark; tether_token=" + kToken + "; x=y"));
  EXPECT_FALSE(policy.authorized("", ""));
  EXPECT_FALSE(policy.authorized("Bearer " + kToken + "x", ""));
  EXPECT_FALSE(policy.authorized("Bearer " + kToken.substr(1), ""));
  EXPECT_FALSE(policy.authorized("Basic " + kToken, ""));
  EXPECT_FALSE(policy.authorized("", "other_token=" + kToken));
  EXPECT_FALSE(policy.authorized("Bearer wrong", "tether_token=" + kToken)) << "a wrong header is not rescued";
}

TEST(AccessPolicy, OriginMustBeWhereTheRequestWentUnlessAllowed) {
  AccessPolicy policy(kToken, "127.0.0.1", {}, {"https://app.example:8443"});
  EXPECT_TRUE(policy.origin_allowed("http://127.0.0.1:3000", "127.0.0.1:3000"));
  EXPECT_TRUE(policy.origin_allowed("http://localhost:3000", "localhost:3000"));
  EXPECT_TRUE(policy.origin_allowed("http://127.0.0.1:4567", "127.0.0.1:4567")) << "a loopback proxy";
  EXPECT_TRUE(policy.origin_allowed("https://app.example:8443", "127.0.0.1:3000"));
  EXPECT_FALSE(policy.origin_allowed("http://127.0.0.1:5173", "127.0.0.1:3000")) << "another local page";
  EXPECT_FALSE(policy.origin_allowed("http://evil.example", "127.0.0.1:3000"));
  EXPECT_FALSE(policy.origin_allowed("http://evil.example:3000", "evil.example:3000")) << "DNS rebinding";
  EXPECT_FALSE(policy.origin_allowed("null", "127.0.0.1:3000"));
  EXPECT_FALSE(policy.origin_allowed("http://localhost.evil.example:3000", "127.0.0.1:3000"));
}

TEST(AccessPolicy, HostMustNameThisServer) {
  AccessPolicy policy(kToken, "127.0.0.1", {"tether.lan"}, {});
  EXPECT_TRUE(policy.host_allowed("127.0.0.1:3000"));
  EXPECT_TRUE(policy.host_allowed("LOCALHOST:3000"));
  EXPECT_TRUE(policy.host_allowed("[::1]:3000"));
  EXPECT_TRUE(policy.host_allowed("tether.lan:3000"));
  EXPECT_TRUE(policy.host_allowed("127.0.0.1"));
  EXPECT_FALSE(policy.host_allowed("attacker.example:3000"));
  EXPECT_FALSE(policy.host_allowed(""));
  EXPECT_FALSE(policy.host_allowed("127.0.0.1.evil.example"));
}

TEST(AccessPolicy, CookieIsHttpOnlyAndStrict) {
  AccessPolicy policy(kToken, "127.0.0.1", {}, {});
  const auto cookie = policy.session_cookie();
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("tether_token=" + kToken), 0u);
}

TEST(AccessPolicy, UnderTlsTheCookieIsSecureAndTheOriginHttps) {
  AccessPolicy plain(kToken, "127.0.0.1", {}, {});
  EXPECT_EQ(plain.session_cookie().find("Secure"), std::string::npos);
  EXPECT_TRUE(plain.origin_allowed("https://127.0.0.1:3000", "127.0.0.1:3000")) << "a loopback TLS proxy";

  AccessPolicy tls(kToken, "127.0.0.1", {}, {}, true);
  EXPECT_NE(tls.session_cookie().find("; Secure"), std::string::npos);
  EXPECT_TRUE(tls.origin_allowed("https://127.0.0.1:3000", "127.0.0.1:3000"));
  EXPECT_FALSE(tls.origin_allowed("http://127.0.0.1:3000", "127.0.0.1:3000"));
}

TEST(AccessPolicy, GeneratedTokensAre256BitsOfHex) {
  const auto a = generate_token();
  const auto b = generate_token();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace tether::server
