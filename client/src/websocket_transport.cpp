// The WebSocket transport: Beast over TCP or TLS. One coroutine connects, upgrades with
// the bearer token and reads; one write loop at a time drains the queue (Beast forbids
// overlapping writes). Liveness is the core's business (protocol pings), not Beast's.
#include "http_connect.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>

namespace tether::detail {
namespace websocket = beast::websocket;
namespace http = beast::http;

TransportFailure failure_from(const boost::system::error_code& ec, const std::string& what) {
  if (ec.category() == asio::error::get_ssl_category()) {
    return {TransportFailure::Kind::fatal, what + ": TLS failed (" + ec.message() + ")."};
  }
  if (ec == asio::ssl::error::stream_truncated) {
    // Also what a TLS client gets from a server speaking plain HTTP on that port (it drops
    // the ClientHello). Retried like a network fault: a restart can cut a handshake too.
    return {TransportFailure::Kind::network,
            what + ": the server cut the TLS connection off (if that port serves plain http, use ws:// or http://)."};
  }
  return {TransportFailure::Kind::network, what + ": " + ec.message() + "."};
}

namespace {

template <class Stream>
class WebSocketTransport final : public Transport, public std::enable_shared_from_this<WebSocketTransport<Stream>> {
 public:
  WebSocketTransport(const TransportContext& context, TransportEvents events)
      : context_(context), events_(std::move(events)), ws_(make_stream(context)) {}

  void start() override {
    asio::co_spawn(context_.executor, run(this->shared_from_this()), asio::detached);
  }

  void send(std::string text) override {
    if (closed_) return;
    queue_.push_back(std::move(text));
    if (open_ && !writing_) asio::co_spawn(context_.executor, write_loop(this->shared_from_this()), asio::detached);
  }

  void close() override {
    if (closed_) return;
    closed_ = true;
    close_stream(ws_->next_layer());
  }

 private:
  using Self = std::shared_ptr<WebSocketTransport>;

  static std::unique_ptr<websocket::stream<Stream>> make_stream(const TransportContext& context) {
    if constexpr (is_tls<Stream>) {
      return std::make_unique<websocket::stream<Stream>>(context.executor, *context.tls);
    } else {
      return std::make_unique<websocket::stream<Stream>>(context.executor);
    }
  }

  static asio::awaitable<void> run(Self self) {
    websocket::response_type response;
    try {
      co_await open_stream(self->ws_->next_layer(), self->context_.endpoint);
      if (self->closed_) co_return;
      auto& ws = *self->ws_;
      ws.set_option(websocket::stream_base::timeout{websocket::stream_base::none(), websocket::stream_base::none(),
                                                    false});
      ws.set_option(websocket::stream_base::decorator([token = self->context_.token](websocket::request_type& req) {
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        req.set(http::field::user_agent, "libtether");
      }));
      ws.read_message_max(self->context_.max_message_bytes);
      co_await ws.async_handshake(response, self->context_.endpoint.host_header(),
                                  self->context_.endpoint.websocket_path, asio::use_awaitable);
      if (self->closed_) co_return;
      self->open_ = true;
      if (!self->queue_.empty() && !self->writing_) {
        asio::co_spawn(self->context_.executor, write_loop(self), asio::detached);
      }
      beast::flat_buffer buffer;
      for (;;) {
        co_await ws.async_read(buffer, asio::use_awaitable);
        if (self->closed_) co_return;
        if (ws.got_text()) self->events_.frame(beast::buffers_to_string(buffer.data()));
        buffer.consume(buffer.size());
      }
    } catch (const boost::system::system_error& e) {
      self->finish(classify(e.code(), response));
    }
  }

  static asio::awaitable<void> write_loop(Self self) {
    self->writing_ = true;
    try {
      while (!self->queue_.empty() && !self->closed_) {
        self->ws_->text(true);
        co_await self->ws_->async_write(asio::buffer(self->queue_.front()), asio::use_awaitable);
        self->queue_.pop_front();
      }
    } catch (const boost::system::system_error& e) {
      self->writing_ = false;
      self->finish(failure_from(e.code(), "Sending failed"));
      co_return;
    }
    self->writing_ = false;
  }

  static TransportFailure classify(const boost::system::error_code& ec, const websocket::response_type& response) {
    if (ec == websocket::error::upgrade_declined) {
      const auto status = response.result_int();
      const auto text = "The server answered the WebSocket upgrade with HTTP " + std::to_string(status);
      if (status == 401) return {TransportFailure::Kind::unauthorized, text + ": the token was refused."};
      if (status == 503 || status == 429) {
        return {TransportFailure::Kind::network, text + " (busy).",
                parse_retry_after(response[beast::http::field::retry_after])};
      }
      return {TransportFailure::Kind::upgrade_refused, text + "."};
    }
    if (ec == websocket::error::closed) {
      return {TransportFailure::Kind::network, "The server closed the WebSocket."};
    }
    return failure_from(ec, "WebSocket");
  }

  void finish(TransportFailure failure) {
    if (closed_) return;
    closed_ = true;
    close_stream(ws_->next_layer());
    events_.closed(std::move(failure));
  }

  TransportContext context_;
  TransportEvents events_;
  std::unique_ptr<websocket::stream<Stream>> ws_;
  std::deque<std::string> queue_;
  bool open_ = false;
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<Transport> make_websocket_transport(const TransportContext& context, TransportEvents events) {
  if (context.endpoint.secure) return std::make_shared<WebSocketTransport<TlsStream>>(context, std::move(events));
  return std::make_shared<WebSocketTransport<PlainStream>>(context, std::move(events));
}

}  // namespace tether::detail
