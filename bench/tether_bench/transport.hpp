// The load generator's view of the network: a target parsed from --url, one
// WebSocket connection with whole-frame send/receive, and one-shot HTTP requests.
// The WebSocket client and Beast's HTTP stay in transport.cpp; scenarios see only this
// interface and Asio.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tether::bench {

struct Target {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string ws_path = "/api/claude/ws";
  std::string token;
};

// Accepts ws://host:port/path, http://host:port/ (the WebSocket route is then
// /api/claude/ws) and the URL `tether serve` prints (its ?token= fills the token).
Target parse_target(std::string_view url, std::string token);

struct HttpResult {
  unsigned status = 0;
  std::string body;
};

class WsConnection {
 public:
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;
  ~WsConnection();

  // TCP connect + upgrade with the bearer token, bounded by `timeout`. The connection
  // lives on `executor`: with several threads, a strand of its own.
  static boost::asio::awaitable<std::unique_ptr<WsConnection>> connect(boost::asio::any_io_executor executor,
                                                                       const Target& target,
                                                                       std::chrono::milliseconds timeout,
                                                                       boost::system::error_code& ec);

  // One text frame.
  boost::asio::awaitable<void> send(std::string_view text, boost::system::error_code& ec);
  // The next whole frame; the view is valid until the next receive().
  boost::asio::awaitable<std::string_view> receive(boost::system::error_code& ec);
  // Normal close handshake (1000), bounded.
  boost::asio::awaitable<void> close(boost::system::error_code& ec);
  // Drops the TCP connection at once (no close handshake).
  void abort() noexcept;

  // Where every coroutine that uses this connection runs (one at a time, or the reader
  // and a sender of push's first tab, interleaved on it, never in parallel).
  boost::asio::any_io_executor executor() const;

 private:
  struct Impl;
  explicit WsConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

boost::asio::awaitable<HttpResult> http_request(boost::asio::any_io_executor executor, const Target& target,
                                                std::string_view method, std::string_view path, std::string body,
                                                boost::system::error_code& ec);

}  // namespace tether::bench
