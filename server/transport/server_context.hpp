// What every connection of one server shares: configuration, access policy, hub,
// dispatcher and the registry of open WebSockets (for /healthz, limits and shutdown).
#pragma once

#include "server/projects/conversation_catalog.hpp"
#include "server/projects/workspace.hpp"
#include "server/transport/access_policy.hpp"
#include "server/transport/auth_throttle.hpp"
#include "server/transport/dispatcher.hpp"
#include "server/transport/request_throttle.hpp"
#include "server/transport/transport_config.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace tether::server {

class Hub;

// A connection the server can ask to close when it stops, and sweeps for silence.
class Closable {
 public:
  virtual ~Closable() = default;
  virtual void close_for_shutdown() = 0;
  // Called every heartbeat interval, from any thread. A WebSocket pings a silent client
  // and drops a dead one here (one sweep for every connection, instead of a timer
  // each); an SSE stream has nothing to do: it writes its own keep-alives.
  virtual void check_silence(std::chrono::steady_clock::time_point) {}
  // An SSE stream (else a WebSocket), for /metrics.
  virtual bool is_sse() const noexcept { return false; }
};

class ConnectionRegistry {
 public:
  // False when the limit is reached.
  bool add(const std::shared_ptr<Closable>& connection, std::size_t limit);
  void remove(const Closable* connection);
  std::size_t size() const;
  // How many are SSE streams (the rest are WebSockets).
  std::size_t sse_count() const;
  void close_all();
  void check_silence(std::chrono::steady_clock::time_point now);

 private:
  std::vector<std::shared_ptr<Closable>> open_connections() const;

  mutable std::mutex mutex_;
  std::unordered_map<const Closable*, std::weak_ptr<Closable>> connections_;
};

struct ServerContext {
  TransportConfig config;
  AccessPolicy access;
  Hub& hub;
  Dispatcher dispatcher;
  ConnectionRegistry websockets;
  AuthThrottle auth_throttle{AuthThrottle::Options{}};
  RequestThrottle request_throttle{
      RequestThrottle::Options{config.max_requests_per_second, config.max_requests_per_second * 10}};
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::atomic<bool> stopping{false};
  // Set when the server has a certificate: every connection is then TLS.
  std::shared_ptr<boost::asio::ssl::context> tls;
  // The workspace roots, resolved once at start-up; every client path is checked here.
  const Workspace* workspace = nullptr;
  // Claude Code's own conversations on this machine (null: none are read).
  ConversationCatalog* conversations = nullptr;
  // Where blocking work runs (file system, probing the CLI): never a network thread.
  boost::asio::any_io_executor blocking;
};

}  // namespace tether::server
