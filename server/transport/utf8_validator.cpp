#include "server/transport/utf8_validator.hpp"

#include <cstring>

namespace tether::server {

namespace {

// Eight ASCII bytes at a time: chat text is mostly ASCII.
bool all_ascii(const unsigned char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  return (word & 0x8080808080808080ull) == 0;
}

}  // namespace

bool Utf8Validator::feed(std::string_view text) {
  if (failed_) return false;
  const auto* byte = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = byte + text.size();
  while (byte != end) {
    if (pending_ == 0) {
      while (end - byte >= 8 && all_ascii(byte)) byte += 8;
      if (byte == end) break;
      const unsigned char lead = *byte++;
      if (lead < 0x80) continue;
      next_low_ = 0x80;
      next_high_ = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        pending_ = 1;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        pending_ = 2;
        if (lead == 0xE0) next_low_ = 0xA0;   // below: overlong
        if (lead == 0xED) next_high_ = 0x9F;  // above: UTF-16 surrogates
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        pending_ = 3;
        if (lead == 0xF0) next_low_ = 0x90;   // below: overlong
        if (lead == 0xF4) next_high_ = 0x8F;  // above: beyond U+10FFFF
      } else {
        failed_ = true;  // a continuation byte, C0/C1 (overlong) or F5..FF
        return false;
      }
      continue;
    }
    const unsigned char next = *byte++;
    if (next < next_low_ || next > next_high_) {
      failed_ = true;
      return false;
    }
    next_low_ = 0x80;
    next_high_ = 0xBF;
    --pending_;
  }
  return true;
}

}  // namespace tether::server
