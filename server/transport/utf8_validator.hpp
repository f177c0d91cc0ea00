// Incremental UTF-8 validation (RFC 3629) for WebSocket text messages, whose bytes may
// arrive split anywhere, across reads and across fragments (RFC 6455 §8.1). Rejects
// overlong forms, UTF-16 surrogates and code points above U+10FFFF as soon as the byte
// that makes them invalid is seen.
#pragma once

#include <cstdint>
#include <string_view>

namespace tether::server {

class Utf8Validator {
 public:
  // False once the bytes so far can no longer be the start of valid UTF-8.
  bool feed(std::string_view bytes);
  // True when the bytes so far are valid and end on a character boundary.
  bool complete() const { return !failed_ && pending_ == 0; }
  void reset() { *this = Utf8Validator(); }

 private:
  std::uint8_t pending_ = 0;  // continuation bytes still expected
  // The range of the next continuation byte: narrower than 0x80..0xBF right after the
  // lead bytes whose second byte decides overlong forms, surrogates and the upper limit.
  std::uint8_t next_low_ = 0x80;
  std::uint8_t next_high_ = 0xBF;
  bool failed_ = false;
};

}  // namespace tether::server
