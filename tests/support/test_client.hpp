// A raw protocol client for tests of the server: a WebSocket that can send anything
// (bad JSON, binary, oversized frames) and read envelopes one by one with a timeout,
// plus plain HTTP requests. Every wait has a deadline; a timeout throws.
#pragma once

#include "tether/protocol.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace tether::testing {

using namespace std::chrono_literals;

struct HttpResult {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

HttpResult http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body = "", const std::map<std::string, std::string>& headers = {});

// Creates a session over REST; returns its id.
std::string create_session(unsigned short port, const std::string& token, const std::string& title = "test");

struct WsOptions {
  std::string token;                    // sent as Authorization: Bearer
  std::optional<std::string> origin;    // Origin header
  std::map<std::string, std::string> headers;
};

// Thrown when the upgrade is refused: carries the HTTP status.
struct UpgradeRefused : std::runtime_error {
  UpgradeRefused(unsigned status, std::string body);
  unsigned status;
  std::string body;
};

class WsTestClient {
 public:
  WsTestClient(unsigned short port, WsOptions options);
  ~WsTestClient();
  WsTestClient(const WsTestClient&) = delete;
  WsTestClient& operator=(const WsTestClient&) = delete;

  void send_text(const std::string& text);
  void send_binary(const std::string& bytes);
  // Sends an envelope built from type and payload; returns its id.
  std::string send(protocol::MessageType type, boost::json::object payload, std::string id = "");

  // The next envelope (frames with several envelopes are split).
  protocol::Envelope read(std::chrono::milliseconds timeout = 5s);
  // Reads until pred holds; returns that envelope. Others read meanwhile are kept in seen().
  protocol::Envelope read_until(const std::function<bool(const protocol::Envelope&)>& pred,
                                std::chrono::milliseconds timeout = 10s);
  // The answer (replyTo == id) to a message.
  protocol::Envelope read_reply(const std::string& id, std::chrono::milliseconds timeout = 10s);
  // True if the server closed the connection within timeout; close_code() tells how.
  bool wait_closed(std::chrono::milliseconds timeout = 5s);
  int close_code() const { return close_code_; }
  // Frames received, as raw text, in order (for tests of batching).
  std::size_t frames_received() const { return frames_; }
  const std::vector<protocol::Envelope>& seen() const { return seen_; }

  // Drops the TCP connection without a close handshake.
  void drop();
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::deque<protocol::Envelope> pending_;
  std::vector<protocol::Envelope> seen_;
  int close_code_ = 0;
  std::size_t frames_ = 0;
  int next_id_ = 0;
};

// Joins a session and reads until the join's answer; returns the events replayed.
std::vector<protocol::Envelope> join(WsTestClient& client, const std::string& session_id, std::int64_t last_seq = 0);

}  // namespace tether::testing
