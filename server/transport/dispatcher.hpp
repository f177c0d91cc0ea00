// Turns one client envelope (text) into hub calls and an answer for the sender. Shared
// by the WebSocket session and the HTTP fallback (POST /api/claude/messages), so both
// transports behave identically. No Beast here.
#pragma once

#include "server/hub/event_batch.hpp"
#include "tether/protocol.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace tether::server {

class Hub;
class Session;

// One client's view: who receives its session events, and what it has joined.
struct ClientContext {
  std::shared_ptr<Subscriber> subscriber;  // null: this transport cannot join (HTTP POST)
  // Names the client in what it decides (permission_resolved.answeredBy): the WebSocket's
  // connectionId, or the SSE stream's that an HTTP POST names in X-Tether-Connection.
  std::string connection_id;
  std::vector<std::shared_ptr<Session>> joined;
};

struct Answer {
  EncodedText frame;                                  // null when the answer travels with the events (join)
  std::optional<protocol::ErrorCode> error;     // set when the answer is an error
};

class Dispatcher {
 public:
  Dispatcher(Hub& hub, protocol::DecodeLimits limits) : hub_(hub), limits_(limits) {}

  boost::asio::awaitable<Answer> handle(std::string_view text, ClientContext& client);
  // Leaves every joined session (the connection is gone).
  boost::asio::awaitable<void> detach(ClientContext& client);

  static Answer error_answer(protocol::Error error, std::optional<std::string> reply_to = std::nullopt);

 private:
  Hub& hub_;
  protocol::DecodeLimits limits_;
};

}  // namespace tether::server
