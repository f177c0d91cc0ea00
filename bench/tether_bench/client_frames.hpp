// RFC 6455 framing, client side, apart from any I/O: the receive buffer of one
// connection, a reader of the frames a server sends and the writer of the frames a
// client sends. It is tether-bench's own because a load generator must outrun the
// server it measures: the reader hands out views into the receive buffer instead of
// copying each message, and it does not validate UTF-8 (the test suites check what the
// server sends; tether-bench counts it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace tether::bench::client_frames {

enum class Opcode : std::uint8_t { continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA };

// The code of a close frame without a body (RFC 6455 §7.4.1): reported, never sent.
constexpr std::uint16_t kNoStatusCode = 1005;

// One connection's received bytes. The socket reads into the free tail (prepare, then
// commit); the reader parses unparsed() and the caller drops what it used (consume).
// Views into unparsed() stay valid until the next prepare(), the only call that moves
// bytes: it moves the unparsed tail (usually part of one frame) to the front when the
// free tail is too short, and grows the storage when even that is not enough.
class ReceiveBuffer {
 public:
  // Small on purpose: thousands of idle connections each hold one.
  static constexpr std::size_t kInitialCapacity = 4 * 1024;
  // What a read asks for until one read fills what it asked for...
  static constexpr std::size_t kQuietReadSize = 2 * 1024;
  // ...and from then on: more data was waiting.
  static constexpr std::size_t kBusyReadSize = 64 * 1024;

  ReceiveBuffer();

  std::string_view unparsed() const { return {storage_.get() + begin_, end_ - begin_}; }
  void consume(std::size_t bytes);

  // Free space for the next read: the rest of a frame of `frame_size` bytes (the
  // reader's Parsed::frame_size; 0 when not known yet) or the read size, whichever is
  // larger, and no more.
  std::span<char> prepare(std::size_t frame_size);
  // `bytes` were read into the span prepare() returned.
  void commit(std::size_t bytes);

  std::size_t capacity() const { return capacity_; }

 private:
  // Moves the unparsed bytes to the front of storage with at least `free_bytes` after them.
  void make_room(std::size_t free_bytes);

  // Not value-initialized: zeroing every new buffer costs as much as filling it.
  std::unique_ptr<char[]> storage_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;  // first unparsed byte
  std::size_t end_ = 0;    // one past the last byte read
  std::size_t read_size_ = kQuietReadSize;
  std::size_t offered_ = 0;  // the size of the span prepare() last returned
};

// What the reader found. `payload` points into the bytes given to FrameReader::next()
// (a whole unfragmented message, a control frame's payload, a close reason) or, for a
// fragmented message, into the reader, which assembled it there: valid until the next
// call to next().
struct Event {
  enum class Kind {
    incomplete,  // no whole frame left: read more
    message,     // a whole text or binary message in `payload`
    ping,        // answer with a pong carrying `payload`
    pong,
    close,    // the server's close frame: `close_code` (kNoStatusCode without a body), `payload` its reason
    failure,  // the server broke the protocol: `payload` says how
  };
  Kind kind = Kind::incomplete;
  std::string_view payload;
  std::uint16_t close_code = 0;
};

struct Parsed {
  Event event;
  // Bytes at the front of the input the reader is done with (they may hold fragments it
  // stored even when the event is `incomplete`).
  std::size_t consumed = 0;
  // incomplete: the size of the next frame (after `consumed`) once its header is in, else 0.
  std::size_t frame_size = 0;
};

class FrameReader {
 public:
  // A message longer than max_message_bytes (all fragments together) is a failure as
  // soon as a frame header announces it, before its payload is read.
  explicit FrameReader(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

  // Parses whole frames from the front of `bytes` up to the first event. Nothing may be
  // parsed after a close or a failure.
  Parsed next(std::string_view bytes);

 private:
  bool in_fragmented_message_ = false;
  std::string fragments_;  // the fragmented message so far
  std::size_t max_message_bytes_;
};

using MaskKey = std::array<std::uint8_t, 4>;

// Appends one final frame, masked with `key` (RFC 6455 §5.3), to `out`.
void append_frame(Opcode opcode, std::string_view payload, MaskKey key, std::string& out);
// A close frame carrying `code`; kNoStatusCode gives a close frame without a body.
void append_close_frame(std::uint16_t code, MaskKey key, std::string& out);

}  // namespace tether::bench::client_frames
