// One WebSocket connection. It owns its stream, its read buffer and its bounded write
// queue; its lifetime is that of its coroutines, which hold it by shared_ptr: the reader,
// for as long as the connection is open, and the writer, only while there is something
// to write (an idle connection keeps no writer, no timer, no write buffer). Everything
// runs on the stream's strand.
//
// The same session serves ws:// and wss://: it is a template on the stream under the
// WebSocket, made for PlainStream and TlsStream (streams.hpp).
//
// Writes are coalesced: when several frames are queued, they leave as one WebSocket
// message (envelopes separated by '\n', docs/protocol.md §2) in one write call, and
// the event bytes are the shared ones the session serialized once.
#include "server/transport/websocket_session.hpp"

#include "server/hub/hub.hpp"
#include "server/transport/frame_queue.hpp"
#include "server/transport/rate_limiter.hpp"
#include "server/transport/server_context.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>  // the TLS teardown of a closing WebSocket
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace tether::server {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::use_awaitable;

namespace {

// One coalesced write carries at most this much, so one huge backlog does not
// become one huge message.
constexpr std::size_t kMaxBatchBytes = 256 * 1024;
constexpr std::size_t kReadChunk = 16 * 1024;
// An idle chat connection waits for pings of ~100 bytes with this much prepared: start
// small (every idle connection holds it), double with a longer message, and give a large
// buffer back once its message is handled.
constexpr std::size_t kSmallReadChunk = 256;
constexpr std::size_t kKeepReadCapacity = 4 * 1024;
// The joined write buffer is kept between writes up to this size.
constexpr std::size_t kKeepWriteCapacity = 64 * 1024;
const std::string kSeparator = "\n";
// The most event-loop turns a write waits for the reader's burst (bounds its delay).
constexpr int kMaxBurstTurns = 16;

bool is_benign(const boost::system::error_code& ec) {
  return ec == websocket::error::closed || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::operation_aborted || ec == beast::error::timeout || ec == asio::error::broken_pipe ||
         ec == asio::error::not_connected;
}

template <class Stream>
class WebSocketSession final : public Subscriber,
                               public Closable,
                               public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  WebSocketSession(Stream stream, ServerContext& context)
      : ws_(std::move(stream)),
        context_(context),
        connection_id_(protocol::generate_id()),
        limiter_(RateLimiter::Options{context.config.max_messages_per_second,
                                      context.config.max_messages_per_second * 2, 1000},
                 RateLimiter::Clock::now()) {}

  void start(UpgradeRequest upgrade) {
    asio::co_spawn(ws_.get_executor(), run(std::move(upgrade)), asio::detached);
  }

  void deliver(SharedBatch batch) override {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this(), batch = std::move(batch)] {
      // A batch fits one message as it is; a long replay goes event by event, so that
      // the write loop can cut it into messages of kMaxBatchBytes.
      if (batch->joined.size() <= kMaxBatchBytes) {
        self->enqueue(joined_frame(batch));
      } else {
        for (const auto& event : batch->events) self->enqueue(event);
      }
    });
  }

  void close_for_shutdown() override {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this()] {
      self->request_close(websocket::close_code::going_away, "server stopping");
    });
  }

 private:
  awaitable<void> run(UpgradeRequest upgrade) {
    auto self = shared_from_this();
    // client_.subscriber is this session itself (read_loop sets it). However run() ends,
    // also when its frame is destroyed unfinished because the server stopped, that
    // cycle must be broken or the session outlives everything.
    struct ForgetSelf {
      ClientContext& client;
      ~ForgetSelf() { client.subscriber.reset(); }
    } forget_self{client_};
    if constexpr (!std::is_same_v<Stream, asio::ip::tcp::socket>) beast::get_lowest_layer(ws_).expires_never();
    // The server never pings on its own: clients ping every heartbeatIntervalMs, and a
    // connection silent for four intervals is dead (half-open sockets included).
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(10);
    timeouts.idle_timeout = context_.config.heartbeat_interval * 4;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(beast::http::field::server, "tether"); }));
    ws_.read_message_max(0);  // enforced by read_message() so that the client gets an error first
    ws_.auto_fragment(false);

    boost::system::error_code ec;
    co_await ws_.async_accept(upgrade, asio::redirect_error(use_awaitable, ec));
    upgrade = {};  // this frame lives as long as the connection: do not keep the request's heap
    if (ec) {
      spdlog::debug("websocket handshake failed: {}", ec.message());
      co_return;
    }
    if (!context_.websockets.add(self, context_.config.max_connections)) {
      co_await ws_.async_close(websocket::close_reason(websocket::close_code::try_again_later, "server full"),
                               asio::redirect_error(use_awaitable, ec));
      co_return;
    }
    spdlog::debug("websocket {} open", connection_id_);
    enqueue(make_frame(protocol::encode(protocol::make_envelope(
        protocol::MessageType::connection_status,
        protocol::to_json(protocol::ConnectionStatus{connection_id_, TETHER_VERSION,
                                                     context_.config.heartbeat_interval.count()})))));
    if (context_.stopping) request_close(websocket::close_code::going_away, "server stopping");

    try {
      co_await read_loop();
    } catch (const std::exception& error) {
      spdlog::error("websocket {}: {}", connection_id_, error.what());
      request_close(websocket::close_code::internal_error, "internal error");
    }
    co_await context_.dispatcher.detach(client_);
    client_.subscriber.reset();  // also done by forget_self; here, before anything else waits
    context_.websockets.remove(this);
    closed_ = true;
    spdlog::debug("websocket {} closed", connection_id_);
  }

  awaitable<void> read_loop() {
    beast::flat_buffer buffer;
    client_.subscriber = shared_from_this();
    const auto limit = context_.config.max_message_bytes;
    for (;;) {
      buffer.clear();
      boost::system::error_code ec;
      bool too_large = false;
      do {
        const auto chunk = std::clamp(buffer.size(), kSmallReadChunk, kReadChunk);
        co_await ws_.async_read_some(buffer, chunk, asio::redirect_error(use_awaitable, ec));
        if (ec) break;
        too_large = buffer.size() > limit;
      } while (!too_large && !ws_.is_message_done());
      if (ec) {
        if (!is_benign(ec)) spdlog::info("websocket {}: read failed: {}", connection_id_, ec.message());
        co_return;
      }
      if (too_large) {
        send(Dispatcher::error_answer(protocol::make_error(
            protocol::ErrorCode::message_too_large,
            "A message is at most " + std::to_string(limit) + " bytes.")).frame);
        request_close(websocket::close_code::too_big, "message too large");
        co_return;
      }
      if (ws_.got_binary()) {
        send(Dispatcher::error_answer(protocol::make_error(protocol::ErrorCode::invalid_message,
                                                           "Binary frames are not part of the protocol; send text."))
                 .frame);
        continue;
      }
      const std::string text = beast::buffers_to_string(buffer.data());
      if (buffer.capacity() > kKeepReadCapacity) {
        buffer.clear();
        buffer.shrink_to_fit();
      }
      for (const auto part : protocol::split_frame(text)) {
        const auto verdict = limiter_.on_message(RateLimiter::Clock::now());
        if (verdict == RateLimiter::Verdict::disconnect) {
          spdlog::warn("websocket {}: kept sending past the rate limit; closing with 1008", connection_id_);
          request_close(websocket::close_code::policy_error, "rate limit");
          co_return;
        }
        if (verdict == RateLimiter::Verdict::reject) {
          send(rate_limited(part));
          continue;
        }
        auto answer = co_await context_.dispatcher.handle(part, client_);
        if (answer.frame) send(std::move(answer.frame));
      }
      if (close_requested_) co_return;
    }
  }

  // Started by start_writer() when the queue gets its first frame; ends once it has
  // written everything (and the close frame, when a close was requested).
  awaitable<void> write_loop() {
    auto self = shared_from_this();
    // One contiguous buffer per write: a std::vector<const_buffer> is copied by Beast's
    // buffers_suffix at every layer of the write (an allocation each time), and asio
    // splits more than 64 buffers over several sendmsg. Copying the bytes is cheaper.
    std::string out;
    for (;;) {
      if (queue_.empty()) {
        if (close_requested_) {
          boost::system::error_code ec;
          co_await ws_.async_close(close_reason_, asio::redirect_error(use_awaitable, ec));
        }
        writing_ = false;
        co_return;
      }
      co_await let_the_reader_finish_its_burst();
      std::size_t bytes = 0;
      Frame single;  // one frame alone is written as it is, without a copy
      out.clear();
      while (!queue_.empty() && (bytes == 0 || bytes + queue_.front()->size() <= kMaxBatchBytes)) {
        auto frame = queue_.pop_front();
        bytes += frame->size();
        if (!single && out.empty()) {
          single = std::move(frame);
        } else {
          if (single) {
            out += *single;
            single.reset();
          }
          out += kSeparator;
          out += *frame;
        }
      }
      boost::system::error_code ec;
      const auto message = single ? asio::buffer(*single) : asio::buffer(out);
      co_await ws_.async_write(message, asio::redirect_error(use_awaitable, ec));
      queued_bytes_ -= bytes;
      if (out.capacity() > kKeepWriteCapacity) std::string().swap(out);
      if (ec) {
        if (!is_benign(ec)) spdlog::info("websocket {}: write failed: {}", connection_id_, ec.message());
        closed_ = true;
        queue_.clear();
        writing_ = false;
        co_return;
      }
    }
  }

  // Pings read in one recv are answered in one write: while the reader adds answers
  // turn after turn (messages Beast already holds, no I/O between them), the writer
  // yields instead of writing each pong alone. Broadcasts never wait here.
  awaitable<void> let_the_reader_finish_its_burst() {
    for (int turn = 0; turn < kMaxBurstTurns && answers_sent_ != answers_written_; ++turn) {
      answers_written_ = answers_sent_;
      co_await asio::post(ws_.get_executor(), use_awaitable);
    }
  }

  // An answer from the reader (pong, ack, error): see let_the_reader_finish_its_burst.
  void send(Frame frame) {
    ++answers_sent_;
    enqueue(std::move(frame));
  }

  // The answer to a message refused by the rate limiter: it was not processed.
  Frame rate_limited(std::string_view text) const {
    auto object = protocol::parse_object(text);
    std::optional<std::string> id;
    if (object) id = protocol::peek_id(*object);
    return Dispatcher::error_answer(protocol::make_error(protocol::ErrorCode::rate_limited,
                                                         "Too many messages; this one was not processed. "
                                                         "Send it again (same id) in a moment."),
                                    std::move(id))
        .frame;
  }

  void enqueue(Frame frame) {
    if (closed_ || close_requested_) return;
    queued_bytes_ += frame->size();
    queue_.push_back(std::move(frame));
    if (queued_bytes_ > context_.config.max_queued_bytes) {
      // This reader fell too far behind. Closing (1013) bounds our memory; the client
      // rejoins with its last seq and misses nothing.
      spdlog::warn("websocket {}: {} bytes queued, over the limit; closing with 1013", connection_id_, queued_bytes_);
      queue_.clear();
      request_close(websocket::close_code::try_again_later, "too far behind; rejoin with your last seq");
      return;
    }
    start_writer();
  }

  void start_writer() {
    if (writing_) return;
    writing_ = true;
    asio::co_spawn(ws_.get_executor(), write_loop(), asio::detached);
  }

  void request_close(websocket::close_code code, std::string_view reason) {
    if (close_requested_ || closed_) return;
    close_requested_ = true;
    close_reason_ = websocket::close_reason(code, reason);
    start_writer();
  }

  using std::enable_shared_from_this<WebSocketSession<Stream>>::shared_from_this;

  websocket::stream<Stream> ws_;
  ServerContext& context_;
  std::string connection_id_;
  ClientContext client_;
  RateLimiter limiter_;
  FrameQueue queue_;
  std::size_t queued_bytes_ = 0;
  std::uint64_t answers_sent_ = 0;
  std::uint64_t answers_written_ = 0;
  bool close_requested_ = false;
  bool closed_ = false;
  bool writing_ = false;  // a write_loop is running
  websocket::close_reason close_reason_;
};

}  // namespace

// A plain WebSocket runs on the bare socket: the WebSocket's own timeouts are all it
// needs, and tcp_stream's layer (two timers, an executor copy per operation) would
// cost every read and write and every idle connection.
void start_websocket_session(PlainStream stream, UpgradeRequest upgrade, ServerContext& context) {
  std::make_shared<WebSocketSession<asio::ip::tcp::socket>>(stream.release_socket(), context)
      ->start(std::move(upgrade));
}

void start_websocket_session(TlsStream stream, UpgradeRequest upgrade, ServerContext& context) {
  std::make_shared<WebSocketSession<TlsStream>>(std::move(stream), context)->start(std::move(upgrade));
}

}  // namespace tether::server
