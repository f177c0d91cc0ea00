#include "server/transport/websocket_handshake.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>

namespace tether::server::websocket_handshake {

namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // RFC 6455 §1.3

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// The key must be the base64 of 16 bytes: 22 characters and "==".
bool is_valid_key(std::string_view key) {
  if (key.size() != 24 || !key.ends_with("==")) return false;
  for (std::size_t i = 0; i < 22; ++i)
    if (!is_base64_char(key[i])) return false;
  // The last character before the padding carries 2 bits; the other 4 must be zero.
  constexpr std::string_view kTwoBitEndings = "AQgw";
  return kTwoBitEndings.find(key[21]) != std::string_view::npos;
}

}  // namespace

std::optional<Problem> check(std::string_view version, std::string_view key) {
  if (version != "13") return Problem::unsupported_version;
  if (!is_valid_key(key)) return Problem::bad_key;
  return std::nullopt;
}

std::string accept_key(std::string_view client_key) {
  std::string text(client_key);
  text += kGuid;
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest;
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  std::array<unsigned char, 4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1> encoded;
  const int size = EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest.size()));
  return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(size));
}

std::string switching_protocols(std::string_view client_key) {
  std::string response =
      "HTTP/1.1 101 Switching Protocols\r\n"
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Server: tether\r\n"
      "Sec-WebSocket-Accept: ";
  response += accept_key(client_key);
  response += "\r\n\r\n";
  return response;
}

}  // namespace tether::server::websocket_handshake
