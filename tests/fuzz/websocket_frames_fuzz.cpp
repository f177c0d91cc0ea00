// libFuzzer target: the RFC 6455 frame reader (every byte a client sends reaches it) and
// the incremental UTF-8 validator under it.
//
// Input: two bytes that choose where to split the rest, then the bytes from the client.
// The reader must give the same events whether they come at once, in two parts or one
// byte at a time, and the events must keep the reader's promises (see check_events).
// The validator must agree with a plain decoder on the whole input, fed in any pieces.
#include "server/transport/utf8_validator.hpp"
#include "server/transport/websocket_frames.hpp"
#include "tests/support/utf8_reference.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

using tether::server::Utf8Validator;
using namespace tether::server::websocket_frames;

constexpr std::size_t kMaxMessage = 4096;
constexpr std::size_t kMaxControl = 125;

[[noreturn]] void fail() { __builtin_trap(); }


// Where the bytes stop being the start of valid UTF-8, by RFC 3629 §4's table of
// well-formed sequences: `bad` is the length of the shortest prefix that no bytes
// after it can make valid (size + 1 when there is none); `boundary` whether the bytes
// end between characters. `ends[j]` is set when a character ends after j bytes.
struct TableWalk {
  std::size_t bad;
  bool boundary;
};

TableWalk table_walk(std::string_view text, std::vector<bool>& ends) {
  const std::size_t n = text.size();
  ends.assign(n + 1, false);
  ends[0] = true;
  std::size_t i = 0;
  while (i < n) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ends[++i] = true;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3, low = 0xA0;
    } else if (lead == 0xED) {
      length = 3, high = 0x9F;
    } else if (lead >= 0xE1 && lead <= 0xEF) {
      length = 3;
    } else if (lead == 0xF0) {
      length = 4, low = 0x90;
    } else if (lead == 0xF4) {
      length = 4, high = 0x8F;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else {
      return {i + 1, false};
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= n) return {n + 1, false};
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return {i + k + 1, false};
    }
    i += length;
    ends[i] = true;
  }
  return {n + 1, true};
}

void fuzz_utf8(std::string_view text, std::size_t split) {
  const bool valid = tether::testing::reference_utf8_valid(text);
  std::vector<bool> ends;
  const auto walk = table_walk(text, ends);
  if (valid != (walk.bad > text.size() && walk.boundary)) fail();  // the two references agree

  Utf8Validator whole;
  if ((whole.feed(text) && whole.complete()) != valid) fail();
  if (whole.complete() != valid) fail();

  Utf8Validator halves;
  const bool first = halves.feed(text.substr(0, split));
  if (first != (walk.bad > split)) fail();
  const bool second = halves.feed(text.substr(split));
  if (second != (walk.bad > text.size())) fail();
  if (halves.complete() != valid) fail();

  // One byte at a time, feed() turns false at exactly the byte that makes the bytes
  // invalid, and stays false.
  Utf8Validator bytes;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (bytes.feed(text.substr(i, 1)) != (walk.bad > i + 1)) fail();
    if (bytes.complete() != (walk.bad > i + 1 && ends[i + 1])) fail();
  }
  if (bytes.complete() != valid) fail();
}

bool is_end(const Event& event) { return event.kind == Event::Kind::close || event.kind == Event::Kind::failure; }

// What the reader promises about the events it gives.
void check_events(const std::vector<Event>& events, bool ended) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& event = events[i];
    if (is_end(event) && i + 1 != events.size()) fail();  // nothing after a close or a failure
    switch (event.kind) {
      case Event::Kind::text: {
        if (event.payload.size() > kMaxMessage) fail();
        if (!tether::testing::reference_utf8_valid(event.payload)) fail();
        Utf8Validator validator;
        if (!validator.feed(event.payload) || !validator.complete()) fail();
        break;
      }
      case Event::Kind::binary:
        if (event.payload.size() > kMaxMessage) fail();
        break;
      case Event::Kind::ping:
      case Event::Kind::pong:
        if (event.payload.size() > kMaxControl) fail();
        break;
      case Event::Kind::close:
        if (event.payload.size() > kMaxControl - 2) fail();
        if (event.code == 1005 ? !event.payload.empty() : !is_valid_close_code(event.code)) fail();
        if (!tether::testing::reference_utf8_valid(event.payload)) fail();
        break;
      case Event::Kind::failure:
        if (event.code != 1002 && event.code != 1007 && event.code != 1009) fail();
        break;
    }
  }
  if (ended != (!events.empty() && is_end(events.back()))) fail();
}

// The same events, a failure's free-text reason aside.
bool same(const std::vector<Event>& a, const std::vector<Event>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].code != b[i].code) return false;
    if (a[i].kind != Event::Kind::failure && a[i].payload != b[i].payload) return false;
  }
  return true;
}

void fuzz_frames(std::string_view bytes, std::size_t split) {
  FrameReader at_once(kMaxMessage);
  std::vector<Event> expected;
  at_once.consume(bytes, expected);
  check_events(expected, at_once.ended());
  if (!at_once.ended() && at_once.buffered() > kMaxMessage + kMaxControl) fail();
  if (at_once.ended()) {
    // Whatever comes after a close or a failure is ignored, valid frames included.
    const auto count = expected.size();
    at_once.consume(bytes, expected);
    at_once.consume("\x81\x80\x00\x00\x00\x00", expected);  // an empty masked text frame
    if (expected.size() != count || !at_once.ended()) fail();
  }

  FrameReader halves(kMaxMessage);
  std::vector<Event> events;
  halves.consume(bytes.substr(0, split), events);
  const auto after_first = events.size();
  if (halves.ended() != (after_first > 0 && is_end(events.back()))) fail();
  const bool ended_early = halves.ended();
  halves.consume(bytes.substr(split), events);
  if (ended_early && events.size() != after_first) fail();
  if (!same(events, expected) || halves.ended() != at_once.ended()) fail();

  FrameReader one_by_one(kMaxMessage);
  events.clear();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto before = events.size();
    const bool was_ended = one_by_one.ended();
    one_by_one.consume(bytes.substr(i, 1), events);
    if (was_ended && events.size() != before) fail();
    if (!one_by_one.ended() && one_by_one.buffered() > kMaxMessage + kMaxControl) fail();
  }
  if (!same(events, expected) || one_by_one.ended() != at_once.ended()) fail();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t head = size < 2 ? size : 2;
  std::size_t split = 0;
  for (std::size_t i = 0; i < head; ++i) split = split << 8 | data[i];
  const auto bytes = input.substr(head);
  split %= bytes.size() + 1;
  fuzz_frames(bytes, split);
  fuzz_utf8(bytes, split);
  return 0;
}
