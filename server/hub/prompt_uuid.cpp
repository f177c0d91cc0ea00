// Prompt uuids; see prompt_uuid.hpp.
#include "server/hub/prompt_uuid.hpp"

#include <openssl/evp.h>

#include <array>

namespace tether::server {

std::string prompt_uuid(std::string_view session_id, std::string_view request_id) {
  std::string name;
  name.reserve(session_id.size() + 1 + request_id.size());
  name.append(session_id).append("/").append(request_id);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(name.data(), name.size(), digest.data(), &length, EVP_sha1(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string uuid;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid += '-';
    uuid += kHex[digest[i] >> 4];
    uuid += kHex[digest[i] & 0xF];
  }
  return uuid;
}

}  // namespace tether::server
