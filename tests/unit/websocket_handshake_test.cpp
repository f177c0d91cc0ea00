#include "server/transport/websocket_handshake.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tether::server::websocket_handshake {
namespace {

constexpr std::string_view rfc_key = "dGhlIHNhbXBsZSBub25jZQ==";  // RFC 6455 §1.3's example nonce

TEST(WebSocketHandshake, TheAcceptKeyIsRfc6455sExample) {
  // RFC 6455 §1.3: base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
  EXPECT_EQ(accept_key(rfc_key), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  EXPECT_EQ(accept_key("x3JJHMbDL1EzLkh9GBhXDw=="), "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
}

TEST(WebSocketHandshake, Version13WithASixteenByteKeyIsFine) {
  EXPECT_EQ(check("13", rfc_key), std::nullopt);
  EXPECT_EQ(check("13", "AAAAAAAAAAAAAAAAAAAAAA=="), std::nullopt) << "sixteen zero bytes";
  EXPECT_EQ(check("13", "/////////////////////w=="), std::nullopt) << "the / of base64's alphabet";
  EXPECT_EQ(check("13", "+++++++++++++++++++++g=="), std::nullopt) << "and its +";
}

TEST(WebSocketHandshake, AnyOtherVersionIsUnsupported) {
  // RFC 6455 §4.2.2: answered with 426 and the version the server speaks.
  for (const std::string_view version : {"8", "", "12", "14", "130", "1"})
    EXPECT_EQ(check(version, rfc_key), Problem::unsupported_version) << '"' << version << '"';
}

TEST(WebSocketHandshake, AKeyThatIsNotSixteenBytesInBase64IsBad) {
  // RFC 6455 §4.1: "a randomly selected 16-byte value that has been base64-encoded".
  EXPECT_EQ(check("13", ""), Problem::bad_key) << "missing";
  EXPECT_EQ(check("13", "not a base64 key at all!"), Problem::bad_key) << "24 characters, not base64";
  EXPECT_EQ(check("13", "dGhlIHNhbXBsZSBub25jZQ=!"), Problem::bad_key) << "a character outside the alphabet";
  EXPECT_EQ(check("13", "AAAAAAAAAAAAAAAAAAAA"), Problem::bad_key) << "15 bytes";
  EXPECT_EQ(check("13", "AAAAAAAAAAAAAAAAAAAAAAA="), Problem::bad_key) << "17 bytes";
  EXPECT_EQ(check("13", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), Problem::bad_key) << "32 bytes";
  EXPECT_EQ(check("13", "dGhlIHNhbXBsZSBub25jZQ==dGhlIHNhbXBsZSBub25jZQ=="), Problem::bad_key) << "two keys";
  EXPECT_EQ(check("13", "dGhlIHNhbXBsZSBub25jZQ="), Problem::bad_key) << "cut short";
}

TEST(WebSocketHandshake, TheResponseSwitchesToWebSocket) {
  const auto response = switching_protocols(rfc_key);
  EXPECT_TRUE(response.starts_with("HTTP/1.1 101 Switching Protocols\r\n")) << response;
  EXPECT_NE(response.find("\r\nUpgrade: websocket\r\n"), std::string::npos) << response;
  EXPECT_NE(response.find("\r\nConnection: Upgrade\r\n"), std::string::npos) << response;
  EXPECT_NE(response.find("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos) << response;
  EXPECT_TRUE(response.ends_with("\r\n\r\n")) << response;
  EXPECT_EQ(response.find("\r\n\r\n"), response.size() - 4) << "headers only, no body";
}

}  // namespace
}  // namespace tether::server::websocket_handshake
