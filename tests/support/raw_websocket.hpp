// Bytes on a plain TCP socket, for the hostile-input tests: an HTTP request that never
// finishes, an upgrade with odd headers, RFC 6455 frames that Beast refuses to send
// (invalid UTF-8, misplaced control frames, continuations without a start, reserved
// bits). Every wait has a deadline; nothing sleeps.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::testing {

// A blocking TCP connection to 127.0.0.1:port with poll()-based deadlines.
class RawSocket {
 public:
  explicit RawSocket(unsigned short port, std::optional<int> receive_buffer = std::nullopt);
  ~RawSocket();
  RawSocket(RawSocket&& other) noexcept;
  RawSocket& operator=(RawSocket&&) = delete;
  RawSocket(const RawSocket&) = delete;

  // Sends every byte; false when the peer is gone (EPIPE, ECONNRESET).
  bool send(std::string_view bytes);
  // Whatever arrives within timeout (empty on timeout); nullopt once the peer has closed.
  std::optional<std::string> receive(std::chrono::milliseconds timeout);
  // Reads (and appends to *received) until the peer closes; false on timeout.
  bool wait_closed(std::chrono::milliseconds timeout, std::string* received = nullptr);
  int fd() const { return fd_; }
  void close();

 private:
  int fd_ = -1;
};

struct RawHttpResponse {
  unsigned status = 0;                          // 0: the server closed without answering
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// Reads one HTTP response (Content-Length bodies) from the socket. `rest` gets bytes that
// came after it (the first WebSocket frames after a 101).
RawHttpResponse read_http_response(RawSocket& socket, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                   std::string* rest = nullptr);

// A WebSocket upgrade request for target, with the given extra header lines.
std::string upgrade_request(unsigned short port, const std::string& target,
                            const std::map<std::string, std::string>& headers);

namespace opcode {
inline constexpr std::uint8_t continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA;
}

struct FrameSpec {
  std::uint8_t opcode = opcode::text;
  std::string payload;
  bool fin = true;
  bool masked = true;         // clients must mask (RFC 6455 §5.3)
  std::uint8_t rsv = 0;       // the RSV1-3 bits, 0..7
};

// The bytes of one client frame (masked with a fixed key unless spec.masked is false).
std::string encode_frame(const FrameSpec& spec);
std::string text_frame(std::string_view payload, bool fin = true);
std::string frame(std::uint8_t op, std::string_view payload, bool fin = true);
// A close frame with a code (and reason).
std::string close_frame(std::uint16_t code, std::string_view reason = {});

struct ServerFrame {
  bool fin = true;
  std::uint8_t opcode = 0;
  std::string payload;
  int close_code() const;  // for close frames: the code, 1005 when there is none
};

// A WebSocket opened over a RawSocket (upgrade with the token as a Bearer header).
class RawWebSocket {
 public:
  RawWebSocket(unsigned short port, const std::string& token, std::optional<int> receive_buffer = std::nullopt);

  bool send(std::string_view bytes) { return socket_.send(bytes); }
  // The next frame from the server; nullopt if the connection ended or timeout passed.
  std::optional<ServerFrame> read_frame(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads frames until one satisfies pred; nullopt on close or timeout.
  template <class Pred>
  std::optional<ServerFrame> read_until(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto frame = read_frame(left);
      if (!frame) return std::nullopt;
      if (pred(*frame)) return frame;
    }
  }
  // The close code the server sent before ending the connection: 0 when the TCP
  // connection ended without a close frame, -1 when nothing ended within timeout.
  int wait_close_code(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool ended() const { return ended_; }
  RawSocket& socket() { return socket_; }

 private:
  RawSocket socket_;
  std::string buffer_;
  bool ended_ = false;
};

}  // namespace tether::testing
