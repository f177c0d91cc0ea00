// The one interface behind which the WebSocket and the HTTP fallback sit, so that the
// client shell drives both the same way. Every method is called on the client's strand
// and every event is delivered on it. A transport reports `closed` at most once, and
// never after close() was called: the shell has forgotten it by then.
#pragma once

#include "tether/client/config.hpp"
#include "tether/client/core.hpp"
#include "tether/client/endpoint.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace tether::detail {

struct TransportEvents {
  std::function<void()> ready;                   // usable without a connection_status frame
  std::function<void(std::string)> frame;        // one text frame: one or more envelopes
  std::function<void(TransportFailure)> closed;  // the transport ended by itself
};

struct TransportContext {
  boost::asio::any_io_executor executor;  // the client's strand
  Endpoint endpoint;
  std::string token;
  std::shared_ptr<boost::asio::ssl::context> tls;  // set when endpoint.secure
  std::size_t max_message_bytes = 1 << 20;
  // Bound on one HTTP exchange of the fallback (connect + request + answer).
  std::chrono::milliseconds request_timeout{10'000};
  // An SSE stream that shows no bytes for this long is dead (the server sends a
  // keepalive comment every 15 s).
  std::chrono::milliseconds stream_idle_timeout{45'000};
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void start() = 0;
  // One encoded envelope; queued in order, one write at a time.
  virtual void send(std::string text) = 0;
  virtual void close() = 0;
};

std::shared_ptr<Transport> make_websocket_transport(const TransportContext& context, TransportEvents events);
std::shared_ptr<Transport> make_http_fallback_transport(const TransportContext& context, TransportEvents events);

}  // namespace tether::detail
