#include "tests/support/raw_websocket.hpp"

#include "tests/support/test_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace tether::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds left_until(Clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

RawSocket::RawSocket(unsigned short port, std::optional<int> receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (receive_buffer) {
    // Before connect, so that the window the server sees is small from the start.
    int size = *receive_buffer;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error(std::string("connect: ") + std::strerror(error));
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawSocket::RawSocket(RawSocket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

RawSocket::~RawSocket() { close(); }

void RawSocket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawSocket::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<std::string> RawSocket::receive(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready == 0) return std::string();
  if (ready < 0) return errno == EINTR ? std::optional<std::string>(std::string()) : std::nullopt;
  char buffer[16384];
  const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n <= 0) return std::nullopt;  // EOF or reset
  return std::string(buffer, static_cast<std::size_t>(n));
}

bool RawSocket::wait_closed(std::chrono::milliseconds timeout, std::string* received) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = left_until(deadline);
    if (left.count() == 0) return false;
    auto bytes = receive(left);
    if (!bytes) return true;
    if (received) *received += *bytes;
  }
}

RawHttpResponse read_http_response(RawSocket& socket, std::chrono::milliseconds timeout, std::string* rest) {
  const auto deadline = Clock::now() + timeout;
  std::string data;
  RawHttpResponse response;
  std::size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    const auto left = left_until(deadline);
    if (left.count() == 0) throw std::runtime_error("no HTTP response in time");
    auto bytes = socket.receive(left);
    if (!bytes) return response;  // closed without (a whole) answer: status 0
    data += *bytes;
  }
  const std::string_view head(data.data(), header_end);
  const auto first_line_end = head.find("\r\n");
  const auto status_line = head.substr(0, first_line_end);
  const auto space = status_line.find(' ');
  if (space == std::string_view::npos) throw std::runtime_error("bad status line");
  response.status = static_cast<unsigned>(std::stoi(std::string(status_line.substr(space + 1, 3))));
  std::string_view lines = first_line_end == std::string_view::npos ? std::string_view() : head.substr(first_line_end + 2);
  while (!lines.empty()) {
    const auto end = lines.find("\r\n");
    const auto line = lines.substr(0, end);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      response.headers[lower(std::string(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
    if (end == std::string_view::npos) break;
    lines.remove_prefix(end + 2);
  }
  std::string body = data.substr(header_end + 4);
  std::size_t length = 0;
  if (auto it = response.headers.find("content-length"); it != response.headers.end()) length = std::stoul(it->second);
  while (body.size() < length) {
    const auto left = left_until(deadline);
    if (left.count() == 0) throw std::runtime_error("HTTP body not complete in time");
    auto bytes = socket.receive(left);
    if (!bytes) break;
    body += *bytes;
  }
  response.body = body.substr(0, length);
  if (rest) *rest = body.substr(std::min(length, body.size()));
  return response;
}

std::string upgrade_request(unsigned short port, const std::string& target,
                            const std::map<std::string, std::string>& headers) {
  std::string request = "GET " + target + " HTTP/1.1\r\n";
  request += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  request += "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  return request;
}

std::string encode_frame(const FrameSpec& spec) {
  static constexpr unsigned char kKey[4] = {0x37, 0xfa, 0x21, 0x3d};
  std::string out;
  out += static_cast<char>((spec.fin ? 0x80 : 0) | ((spec.rsv & 7) << 4) | (spec.opcode & 0x0f));
  const auto size = spec.payload.size();
  const unsigned char mask_bit = spec.masked ? 0x80 : 0;
  if (size < 126) {
    out += static_cast<char>(mask_bit | size);
  } else if (size <= 0xffff) {
    out += static_cast<char>(mask_bit | 126);
    out += static_cast<char>((size >> 8) & 0xff);
    out += static_cast<char>(size & 0xff);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xff);
  }
  if (!spec.masked) return out + spec.payload;
  out.append(reinterpret_cast<const char*>(kKey), 4);
  for (std::size_t i = 0; i < size; ++i) out += static_cast<char>(spec.payload[i] ^ static_cast<char>(kKey[i % 4]));
  return out;
}

std::string text_frame(std::string_view payload, bool fin) {
  return encode_frame(FrameSpec{opcode::text, std::string(payload), fin});
}

std::string frame(std::uint8_t op, std::string_view payload, bool fin) {
  return encode_frame(FrameSpec{op, std::string(payload), fin});
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload += static_cast<char>(code >> 8);
  payload += static_cast<char>(code & 0xff);
  payload += reason;
  return frame(opcode::close, payload);
}

int ServerFrame::close_code() const {
  if (payload.size() < 2) return 1005;
  return (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
}

RawWebSocket::RawWebSocket(unsigned short port, const std::string& token, std::optional<int> receive_buffer)
    : socket_(port, receive_buffer) {
  if (!socket_.send(upgrade_request(port, "/api/claude/ws", {{"Authorization", "Bearer " + token}}))) {
    throw std::runtime_error("upgrade request not sent");
  }
  auto response = read_http_response(socket_, std::chrono::seconds(10), &buffer_);
  if (response.status != 101) throw UpgradeRefused(response.status, response.body);
}

std::optional<ServerFrame> RawWebSocket::read_frame(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    // A whole frame in the buffer?
    if (buffer_.size() >= 2) {
      const auto b0 = static_cast<unsigned char>(buffer_[0]);
      const auto b1 = static_cast<unsigned char>(buffer_[1]);
      std::size_t header = 2;
      std::uint64_t length = b1 & 0x7f;
      if (length == 126) {
        header = 4;
      } else if (length == 127) {
        header = 10;
      }
      const bool masked = (b1 & 0x80) != 0;
      if (buffer_.size() >= header + (masked ? 4 : 0)) {
        if (header == 4) {
          length = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
        } else if (header == 10) {
          length = 0;
          for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<unsigned char>(buffer_[i]);
        }
        const std::size_t start = header + (masked ? 4 : 0);
        if (buffer_.size() >= start + length) {
          ServerFrame frame;
          frame.fin = (b0 & 0x80) != 0;
          frame.opcode = b0 & 0x0f;
          frame.payload = buffer_.substr(start, length);
          if (masked) {
            for (std::size_t i = 0; i < length; ++i) frame.payload[i] ^= buffer_[header + i % 4];
          }
          buffer_.erase(0, start + length);
          return frame;
        }
      }
    }
    if (ended_) return std::nullopt;
    const auto left = left_until(deadline);
    if (left.count() == 0) return std::nullopt;
    auto bytes = socket_.receive(left);
    if (!bytes) {
      ended_ = true;
      continue;  // frames still buffered are returned first
    }
    buffer_ += *bytes;
  }
}

int RawWebSocket::wait_close_code(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto frame = read_frame(left_until(deadline));
    if (!frame) return ended_ ? 0 : -1;
    if (frame->opcode == opcode::close) return frame->close_code();
  }
}

}  // namespace tether::testing
