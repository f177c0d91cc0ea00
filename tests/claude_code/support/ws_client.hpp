// A synchronous client of the Tether protocol for end-to-end tests: one WebSocket (send
// an envelope, wait for the next envelope matching a condition, with a deadline) and
// plain HTTP requests for the REST routes. Beast stays inside ws_client.cpp.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tether::test {

struct HttpReply {
  int status = 0;
  boost::json::value body;
};

// One REST call with the bearer token; the body is JSON (or null).
HttpReply http_request(int port, const std::string& token, const std::string& method, const std::string& target,
                       const std::optional<boost::json::object>& body = std::nullopt);

class WsClient {
 public:
  WsClient(int port, const std::string& token);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // Sends {id, type, payload, timestamp}; returns the id.
  std::string send(const std::string& type, boost::json::object payload);
  // The oldest envelope satisfying `match` that no earlier wait returned (envelopes
  // passed over stay available to later waits), or nullopt after the timeout.
  std::optional<boost::json::object> wait_for(const std::function<bool(const boost::json::object&)>& match,
                                              std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // The next envelope of this type (and, for session events, this requestId if given).
  std::optional<boost::json::object> wait_type(const std::string& type, std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // The answer (ack or error) to the message with this id.
  std::optional<boost::json::object> wait_reply(const std::string& id, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Every envelope received so far, in order.
  const std::vector<boost::json::object>& seen() const noexcept { return seen_; }
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<boost::json::object> seen_;
  std::vector<bool> taken_;  // seen_[i] was already returned by a wait
};

// Field of an envelope's payload as a string ("" if absent).
std::string payload_str(const boost::json::object& envelope, const std::string& key);

}  // namespace tether::test
