// WebSocketClient: the seed's client in idiomatic C++. It connects to `tether serve`,
// reconnects with backoff, detects dead connections by ping/pong, falls back to HTTP
// when a WebSocket cannot be had, and guarantees delivery both ways: every sent message
// stays in the outbox until acknowledged (resent after reconnects, deduped by the
// server), and every session event reaches the application once, in order.
//
// Threads: the client runs on its own I/O thread, or on an io_context the application
// gives it. Callbacks run on that thread, never concurrently with each other; every
// method may be called from any thread, callbacks included.
#pragma once

#include "tether/client/config.hpp"
#include "tether/client/core.hpp"
#include "tether/client/state.hpp"
#include "tether/protocol/envelope.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace tether {

class WebSocketClient {
 public:
  using MessageHandler = std::function<void(const protocol::Envelope&)>;
  using StateHandler = std::function<void(const ClientState&)>;

  // Owns an I/O thread.
  explicit WebSocketClient(ClientConfig config);
  // Runs on the application's io_context (which the application runs).
  WebSocketClient(ClientConfig config, boost::asio::io_context& context);
  // Disconnects; with an owned thread, joins it. No callback runs after it returns.
  ~WebSocketClient();

  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  // Set the handlers before connect(). Every server message reaches on_message except
  // pongs, connection_status and events already seen.
  void on_message(MessageHandler handler);
  void on_state_change(StateHandler handler);

  void connect();
  // Stops everything and does not reconnect. Queued messages stay queued for connect().
  void disconnect();
  // Resets the attempt count and tries at once (also after the client gave up).
  void reconnect();

  // Queues an application message (chat_request, chat_cancel, permission answers…) and
  // returns its id; its ack carries that id in replyTo. Works while disconnected.
  // Throws OutboxFullError when max_queued_messages are waiting for an ack.
  std::string send(protocol::MessageType type, boost::json::object payload);
  std::string send_chat(const std::string& session_id, const std::string& message);

  // Joins a session from after `last_seq` (0 = its whole history, or with tail_turns its
  // latest turns: docs/protocol.md §3.1); rejoined after every reconnect from the last
  // seq seen.
  void join(const std::string& session_id, std::int64_t last_seq = 0,
            std::optional<std::int64_t> tail_turns = std::nullopt);
  void leave(const std::string& session_id);

  ClientState state() const;
  std::size_t queued() const;
  std::int64_t last_seq(const std::string& session_id) const;

 private:
  struct Impl;
  struct OwnedThread;
  std::unique_ptr<OwnedThread> thread_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace tether
