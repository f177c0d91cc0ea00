// RFC 6455 framing, server side, apart from any I/O: a reader that turns the bytes a
// client sends into messages and control frames, and the writers of the frames the
// server sends. No extensions are negotiated, so any RSV bit is a protocol error.
//
// The reader keeps only what an unfinished frame needs (its header, the message so far),
// so a connection can read into a buffer it shares with others and hand every byte over
// at once: an idle connection holds no read buffer of its own.
#pragma once

#include "server/transport/utf8_validator.hpp"
#include "tether/protocol/vocabulary.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server::websocket_frames {

enum class Opcode : std::uint8_t { continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA };

// Close codes the server sends: the protocol's (RFC 6455 §7.4.1 as Tether uses them).
using CloseCode = protocol::CloseCode;

// What the reader found, in the order the client sent it.
struct Event {
  enum class Kind {
    text,     // a whole text message (valid UTF-8) in `payload`
    binary,   // a whole binary message
    ping,     // answer with a pong carrying `payload`
    pong,     // nothing to do but note the peer is alive
    close,    // the client's close frame: `code` (1005 when it gave none) and `payload`, its reason
    failure,  // the client broke the protocol: close with `code`; `payload` says why
  };
  Kind kind;
  std::string payload;
  std::uint16_t code = 0;
};

class FrameReader {
 public:
  // Messages longer than max_message_bytes (all fragments together) fail with 1009 as
  // soon as a frame header announces it, before any of it is stored.
  explicit FrameReader(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

  // Consumes every byte and appends what it completes to `events`. After a close or a
  // failure event it ignores everything: nothing may follow a close frame, and after a
  // protocol error the bytes can't be trusted to be frames.
  void consume(std::string_view bytes, std::vector<Event>& events);

  bool ended() const { return ended_; }
  // Bytes held for an unfinished message (for memory accounting and tests).
  std::size_t buffered() const { return message_.size() + control_.size(); }

 private:
  std::size_t header_complete_size() const;
  bool accept_first_bytes(std::vector<Event>& events);
  bool start_frame(std::vector<Event>& events);
  void finish_frame(std::vector<Event>& events);
  void finish_close(std::vector<Event>& events);
  bool fail(CloseCode code, std::string reason, std::vector<Event>& events);  // false
  void end_with(Event event, std::vector<Event>& events);

  std::size_t max_message_bytes_;
  // The header of the current frame, 2 to 14 bytes, while it arrives.
  std::array<std::uint8_t, 14> header_{};
  std::uint8_t header_size_ = 0;
  // Decoded from a complete header:
  bool in_payload_ = false;
  bool fin_ = false;  // from the first two bytes, checked as soon as they arrive
  Opcode opcode_ = Opcode::continuation;
  std::array<std::uint8_t, 4> mask_{};
  std::uint64_t payload_left_ = 0;
  std::uint64_t payload_offset_ = 0;  // payload bytes of this frame already unmasked (mask phase)
  // The data message in progress (text or binary), over one frame or several.
  bool in_message_ = false;
  bool message_is_text_ = false;
  std::string message_;
  Utf8Validator utf8_;
  std::string control_;  // the payload of a control frame, at most 125 bytes
  bool ended_ = false;
};

// The header of an unmasked, final server frame carrying `payload_size` bytes: 2, 4 or
// 10 bytes at the start of `out`; returns how many.
std::size_t write_header(Opcode opcode, std::uint64_t payload_size, std::array<char, 10>& out);

// A whole control frame (payload at most 125 bytes, longer ones are cut).
std::string control_frame(Opcode opcode, std::string_view payload);

// A close frame with a code and a reason (cut to fit 125 bytes); CloseCode::no_status
// gives a close frame with an empty body.
std::string close_frame(std::uint16_t code, std::string_view reason);

// Whether a client may send this code in a close frame (RFC 6455 §7.4).
bool is_valid_close_code(std::uint16_t code);

}  // namespace tether::server::websocket_frames
