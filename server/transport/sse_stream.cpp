// The SSE connection owns its stream, its bounded queue, and two timers (wake-up and
// keepalive); its coroutine holds it alive. Like the WebSocket, it coalesces queued
// events into one write. A template on the stream: over plain TCP or TLS.
#include "server/transport/sse_stream.hpp"

#include "server/hub/hub.hpp"
#include "server/transport/graceful_close.hpp"
#include "server/transport/replay_marks.hpp"
#include "server/transport/server_context.hpp"
#include "server/transport/sse_format.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <functional>

namespace tether::server {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;

namespace {

constexpr auto kKeepalive = std::chrono::seconds(15);

template <class Stream>
class SseStream final : public Subscriber, public Closable, public std::enable_shared_from_this<SseStream<Stream>> {
 public:
  SseStream(Stream stream, ServerContext& context)
      : stream_(std::move(stream)), context_(context), wake_(stream_.get_executor()) {}

  void start(unsigned version, std::string session_id, std::int64_t last_seq) {
    asio::co_spawn(stream_.get_executor(), run(version, std::move(session_id), last_seq), asio::detached);
  }

  void deliver(SharedEventBatch batch) override {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this(), batch = std::move(batch)] {
      for (const auto& event : batch->events) self->push(sse_event(*event));
    });
  }

  void deliver_replay(SharedEventBatch batch, std::function<void()> written) override {
    asio::dispatch(stream_.get_executor(),
                   [self = shared_from_this(), batch = std::move(batch), written = std::move(written)]() mutable {
                     if (self->done_) return;
                     std::vector<std::string> events;
                     std::size_t bytes = 0;
                     for (const auto& event : batch->events) bytes += events.emplace_back(sse_event(*event)).size();
                     self->replay_.piece_queued(bytes, std::move(written));
                     for (auto& text : events) self->push(std::move(text));
                   });
  }

  bool is_sse() const noexcept override { return true; }
  void close_for_shutdown() override {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->done_ = true;
      self->wake_.cancel();
    });
  }

 private:
  awaitable<void> run(unsigned version, std::string session_id, std::int64_t last_seq) {
    auto self = shared_from_this();
    boost::system::error_code ec;
    http::response<http::empty_body> header{http::status::ok, version};
    header.set(http::field::server, "tether");
    header.set(http::field::content_type, "text/event-stream");
    header.set(http::field::cache_control, "no-store");
    header.set("X-Content-Type-Options", "nosniff");
    header.set("X-Accel-Buffering", "no");  // proxies must not hold events back
    header.keep_alive(false);               // the body ends when the connection does
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    http::response_serializer<http::empty_body> serializer{header};
    co_await http::async_write_header(stream_, serializer, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    beast::get_lowest_layer(stream_).expires_never();

    if (!context_.websockets.add(self, context_.config.max_connections)) co_return;
    push(sse_event(protocol::encode(protocol::make_envelope(
        protocol::MessageType::connection_status,
        protocol::to_json(protocol::ConnectionStatus{protocol::generate_id(), TETHER_VERSION,
                                                     context_.config.heartbeat_interval.count()}),
        protocol::stamp_now()))));
    auto session = co_await context_.hub.find(session_id);
    if (session) {
      co_await session->join(self, last_seq, protocol::generate_id());
    } else {
      push(sse_event(protocol::encode(protocol::make_envelope(
          protocol::MessageType::error,
          protocol::to_json(protocol::make_error(protocol::ErrorCode::session_not_found,
                                                 "There is no session \"" + session_id + "\".")),
          protocol::stamp_now()))));
      done_ = true;
    }

    co_await write_loop();
    if (session) co_await session->leave(self);
    context_.websockets.remove(this);
    co_await close_gracefully(stream_);
  }

  awaitable<void> write_loop() {
    std::string batch;
    for (;;) {
      if (queue_.empty()) {
        if (done_) co_return;
        wake_.expires_after(kKeepalive);
        boost::system::error_code ec;
        co_await wake_.async_wait(asio::redirect_error(use_awaitable, ec));
        if (!ec && queue_.empty()) queue_.push_back(": keepalive\n\n");  // timer ran out: idle
        continue;
      }
      while (!queue_.empty()) {
        batch += queue_.front();
        queue_.pop_front();
      }
      queued_bytes_ = 0;
      boost::system::error_code ec;
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(60));  // a reader that stopped reading
      co_await asio::async_write(stream_, asio::buffer(batch), asio::redirect_error(use_awaitable, ec));
      beast::get_lowest_layer(stream_).expires_never();
      const auto written = batch.size();
      batch.clear();
      if (ec) co_return;
      replay_.written(written);
    }
  }

  void push(std::string event) {
    if (done_) return;
    queued_bytes_ += event.size();
    replay_.queued(event.size());
    queue_.push_back(std::move(event));
    // A join's replay does not count: it comes a piece at a time, at the socket's pace.
    if (replay_.live(queued_bytes_) > context_.config.max_queued_bytes) {
      // Too far behind: end the stream; EventSource reconnects with Last-Event-ID.
      queue_.clear();
      done_ = true;
    }
    wake_.cancel();
  }

  using std::enable_shared_from_this<SseStream<Stream>>::shared_from_this;

  Stream stream_;
  ServerContext& context_;
  asio::steady_timer wake_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  ReplayMarks replay_;  // join replays in the queue (deliver_replay)
  bool done_ = false;
};

}  // namespace

void start_sse_stream(PlainStream stream, const Request& request, std::string session_id, std::int64_t last_seq,
                      ServerContext& context) {
  std::make_shared<SseStream<PlainStream>>(std::move(stream), context)
      ->start(request.version(), std::move(session_id), last_seq);
}

void start_sse_stream(TlsStream stream, const Request& request, std::string session_id, std::int64_t last_seq,
                      ServerContext& context) {
  std::make_shared<SseStream<TlsStream>>(std::move(stream), context)
      ->start(request.version(), std::move(session_id), last_seq);
}

}  // namespace tether::server
