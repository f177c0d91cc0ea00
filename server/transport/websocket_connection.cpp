// One WebSocket connection over our own RFC 6455 framing (websocket_frames.hpp). It owns
// its stream, its frame reader and its bounded write queue; its lifetime is that of its
// coroutines, which hold it by shared_ptr: the reader, for as long as the socket is open,
// and the writer, only while there is something to write. Everything runs on the
// stream's strand.
//
// Most of a server's connections are idle tabs, so an idle connection holds little: a
// 256-byte inbox for the read it waits on (the bytes that follow a full inbox are read
// into one buffer per thread and parsed before anything can suspend), no writer, no
// timer. Silence is watched by the server's sweep (check_silence), not by a timer per
// connection.
//
// Writes are coalesced: queued frames leave as one WebSocket message, and pending
// control frames with it, in one write call (write_batch.hpp); the event bytes are the
// shared ones the session serialized once.
//
// The same session serves ws:// and wss://: it is a template on the stream, made for a
// bare TCP socket and for TlsStream (streams.hpp).
#include "server/transport/websocket_connection.hpp"

#include "server/hub/hub.hpp"
#include "server/metrics/metrics.hpp"
#include "server/transport/frame_queue.hpp"
#include "server/transport/rate_limiter.hpp"
#include "server/transport/replay_marks.hpp"
#include "server/transport/server_context.hpp"
#include "server/transport/websocket_frames.hpp"
#include "server/transport/write_batch.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <deque>
#include <functional>

namespace tether::server {
namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::awaitable;
using asio::use_awaitable;
using websocket_frames::CloseCode;
using websocket_frames::Event;
using websocket_frames::Opcode;
using Clock = std::chrono::steady_clock;
using tcp = asio::ip::tcp;

namespace {

// What an idle connection reads into: a chat message (a ping is ~100 bytes) fits.
constexpr std::size_t kInboxBytes = 256;
// TLS can't read what follows without waiting, so its inbox takes a whole record's worth.
constexpr std::size_t kTlsInboxBytes = 4 * 1024;
// A full inbox means more is waiting: it is read into this per-thread buffer.
constexpr std::size_t kDrainBytes = 64 * 1024;
constexpr std::size_t kKeepEventSlots = 16;
// How long a closing connection waits for the client's close frame (or, after a
// protocol error, for it to hang up) before it drops the socket.
constexpr auto kCloseTimeout = std::chrono::seconds(5);
// The most event-loop turns a write waits for the reader's burst (bounds its delay).
constexpr int kMaxBurstTurns = 16;

bool is_benign(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == asio::error::broken_pipe || ec == asio::error::not_connected || ec == asio::error::bad_descriptor ||
         ec == asio::ssl::error::stream_truncated;
}

// The TCP socket under either stream.
tcp::socket& tcp_socket(tcp::socket& socket) { return socket; }
tcp::socket& tcp_socket(TlsStream& stream) { return beast::get_lowest_layer(stream).socket(); }

template <class Stream>
constexpr bool kIsPlain = std::is_same_v<Stream, tcp::socket>;

std::int64_t milliseconds_since_epoch(Clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

template <class Stream>
class WebSocketConnection final : public Subscriber,
                               public Closable,
                               public std::enable_shared_from_this<WebSocketConnection<Stream>> {
 public:
  WebSocketConnection(Stream stream, ServerContext& context)
      : stream_(std::move(stream)),
        context_(context),
        connection_id_(protocol::generate_id()),
        limiter_(RateLimiter::Options{context.config.max_messages_per_second,
                                      context.config.max_messages_per_second * 2, 1000},
                 RateLimiter::Clock::now()),
        reader_(context.config.max_message_bytes),
        heard_at_ms_(milliseconds_since_epoch(Clock::now())) {}

  // handshake_response: the 101 that accepts the upgrade, the first bytes written.
  void start(std::string handshake_response) {
    control_out_ = std::move(handshake_response);
    asio::co_spawn(stream_.get_executor(), run(), asio::detached);
  }

  void deliver(SharedEventBatch batch) override {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this(), batch = std::move(batch)]() mutable {
      const auto count = batch->messages.size();
      for (std::size_t i = 0; i + 1 < count; ++i) self->enqueue(batch_message(batch, i));
      if (count == 0) return;
      const auto* last = &batch->messages.back();
      self->enqueue(EncodedText(std::move(batch), last));  // no second count on the batch (100 tabs, every event)
    });
  }

  void deliver_replay(SharedEventBatch batch, std::function<void()> written) override {
    asio::dispatch(stream_.get_executor(),
                   [self = shared_from_this(), batch = std::move(batch), written = std::move(written)]() mutable {
                     if (self->socket_closed_ || self->close_requested_) return;
                     std::size_t bytes = 0;
                     for (std::size_t i = 0; i < batch->messages.size(); ++i) bytes += batch->messages[i].size();
                     self->replay_.piece_queued(bytes, std::move(written));
                     for (std::size_t i = 0; i < batch->messages.size(); ++i) self->enqueue(batch_message(batch, i));
                   });
  }

  void close_for_shutdown() override {
    asio::dispatch(stream_.get_executor(),
                   [self = shared_from_this()] { self->request_close(CloseCode::going_away, "server stopping"); });
  }

  // Clients ping every heartbeat interval; a connection silent for half the idle timeout
  // gets a WebSocket ping (browsers answer it by themselves), one silent for the whole of
  // it is dead (a half-open socket, a sleeping laptop) and is dropped.
  void check_silence(Clock::time_point now) override {
    const auto silent = std::chrono::milliseconds(milliseconds_since_epoch(now) - heard_at_ms_.load(std::memory_order_relaxed));
    if (silent < idle_timeout() / 2) return;
    asio::dispatch(stream_.get_executor(), [self = shared_from_this(), silent] {
      if (silent >= self->idle_timeout()) {
        spdlog::debug("websocket {}: silent for {} ms; dropping it", self->connection_id_, silent.count());
        self->close_socket();
      } else if (!self->pinged_) {
        self->pinged_ = true;
        self->send_control(websocket_frames::control_frame(Opcode::ping, {}));
      }
    });
  }

 private:
  std::chrono::milliseconds idle_timeout() const { return context_.config.heartbeat_interval * 4; }

  awaitable<void> run() {
    auto self = shared_from_this();
    // client_.subscriber is this session itself. However run() ends, also when its frame
    // is destroyed unfinished because the server stopped, that cycle must be broken or
    // the session outlives everything.
    struct ForgetSelf {
      ClientContext& client;
      ~ForgetSelf() { client.subscriber.reset(); }
    } forget_self{client_};
    if constexpr (kIsPlain<Stream>) {
      boost::system::error_code ignored;
      stream_.non_blocking(true, ignored);  // for drain_socket()
    } else {
      beast::get_lowest_layer(stream_).expires_never();
    }
    const auto opened = Clock::now();
    const bool registered = context_.websockets.add(self, context_.config.max_connections);
    if (!registered) {
      request_close(CloseCode::try_again_later, "server full");
    } else {
      spdlog::debug("websocket {} open", connection_id_);
      client_.subscriber = self;
      client_.connection_id = connection_id_;
      enqueue(make_encoded(protocol::encode(protocol::make_envelope(
          protocol::MessageType::connection_status,
          protocol::to_json(protocol::ConnectionStatus{connection_id_, TETHER_VERSION,
                                                       context_.config.heartbeat_interval.count()}),
          protocol::stamp_now()))));
      if (context_.stopping) request_close(CloseCode::going_away, "server stopping");
    }
    start_writer();  // the 101 response

    try {
      for (;;) {
        boost::system::error_code ec;
        const auto size = co_await stream_.async_read_some(asio::buffer(inbox_), asio::redirect_error(use_awaitable, ec));
        if (ec) {
          if (!is_benign(ec)) spdlog::info("websocket {}: read failed: {}", connection_id_, ec.message());
          break;
        }
        heard_at_ms_.store(milliseconds_since_epoch(Clock::now()), std::memory_order_relaxed);
        pinged_ = false;
        reader_.consume(std::string_view(inbox_.data(), size), events_);
        if constexpr (kIsPlain<Stream>) {
          if (size == inbox_.size()) drain_socket();
        }
        co_await handle_events();
      }
    } catch (const std::exception& error) {
      spdlog::error("websocket {}: {}", connection_id_, error.what());
      request_close(CloseCode::internal_error, "internal error");
    }
    if (registered) {
      co_await context_.dispatcher.detach(client_);
      client_.subscriber.reset();  // also done by forget_self; here, before anything else waits
      context_.websockets.remove(this);
    }
    close_socket();
    // The access log's second line for a WebSocket (the first is its 101: http_connection.cpp).
    spdlog::info("access: websocket {} closed after {:.1f}s", connection_id_,
                 std::chrono::duration<double>(Clock::now() - opened).count());
  }

  // Reads whatever else the socket holds into a buffer the thread's connections share,
  // parsed at once (nothing suspends in between), so a long message or a burst costs
  // a few large reads and no connection keeps a large buffer.
  void drain_socket() {
    thread_local std::array<char, kDrainBytes> shared_buffer;
    for (;;) {
      boost::system::error_code ec;
      const auto size = stream_.read_some(asio::buffer(shared_buffer), ec);
      if (ec) return;  // would_block: all read; anything else the next async read reports
      reader_.consume(std::string_view(shared_buffer.data(), size), events_);
      if (size < shared_buffer.size() || reader_.ended()) return;
    }
  }

  awaitable<void> handle_events() {
    for (auto& event : events_) {
      switch (event.kind) {
        case Event::Kind::text:
          if (!close_requested_) co_await handle_text(event.payload);
          break;
        case Event::Kind::binary:
          send(Dispatcher::error_answer(protocol::make_error(protocol::ErrorCode::invalid_message,
                                                             "Binary frames are not part of the protocol; send text."))
                   .frame);
          break;
        case Event::Kind::ping:
          send_control(websocket_frames::control_frame(Opcode::pong, event.payload));
          break;
        case Event::Kind::pong:
          break;
        case Event::Kind::close:
          peer_closed_ = true;
          if (close_sent_) {
            close_socket();
          } else {
            request_close(static_cast<CloseCode>(event.code), {});  // the echo; the writer then hangs up
          }
          break;
        case Event::Kind::failure:
          spdlog::info("websocket {}: closing with {}: {}", connection_id_, event.code, event.payload);
          if (event.code == static_cast<std::uint16_t>(CloseCode::too_big)) {
            send(Dispatcher::error_answer(protocol::make_error(
                protocol::ErrorCode::message_too_large,
                "A message is at most " + std::to_string(context_.config.max_message_bytes) + " bytes.")).frame);
          }
          failed_ = true;
          request_close(static_cast<CloseCode>(event.code), event.payload);
          break;
      }
    }
    events_.clear();
    if (events_.capacity() > kKeepEventSlots) std::vector<Event>().swap(events_);
  }

  awaitable<void> handle_text(std::string_view text) {
    for (const auto part : protocol::split_frame(text)) {
      const auto verdict = limiter_.on_message(RateLimiter::Clock::now());
      if (verdict == RateLimiter::Verdict::disconnect) {
        metrics::registry().refused_flooding.add();
        spdlog::warn("websocket {}: kept sending past the rate limit; closing with 1008", connection_id_);
        request_close(CloseCode::policy_violation, "rate limit");
        co_return;
      }
      if (verdict == RateLimiter::Verdict::reject) {
        send(rate_limited(part));
        continue;
      }
      auto answer = co_await context_.dispatcher.handle(part, client_);
      if (answer.frame) send(std::move(answer.frame));
      if (close_requested_) co_return;
    }
  }

  // Started by start_writer() when there is something to write; ends once it has
  // written everything (and the close frame, when a close was requested).
  awaitable<void> write_loop() {
    auto self = shared_from_this();
    WriteBatch batch;
    while (!socket_closed_) {
      if (queue_.empty() && control_out_.empty()) {
        if (!close_requested_ || close_sent_) break;
        control_out_ = std::move(close_frame_);
        close_sent_ = true;
      } else {
        co_await let_the_reader_finish_its_burst();
      }
      const auto bytes = batch.take(control_out_, queue_);
      boost::system::error_code ec;
      co_await asio::async_write(stream_, batch.buffers(), asio::redirect_error(use_awaitable, ec));
      batch.release();
      queued_bytes_ -= bytes;
      if (!ec) replay_.written(bytes);
      if (ec) {
        if (!is_benign(ec)) spdlog::info("websocket {}: write failed: {}", connection_id_, ec.message());
        close_socket();
        break;
      }
      if (close_sent_ && control_out_.empty() && queue_.empty()) after_close_sent();
    }
    writing_ = false;
  }

  // Our close frame is out. The handshake is over when the client's has come; after a
  // protocol error its frames can't be read, so we stop sending and wait for it to hang
  // up; otherwise the reader waits for its close frame (both bounded by the deadline).
  void after_close_sent() {
    if (peer_closed_) {
      close_socket();
    } else if (failed_) {
      boost::system::error_code ignored;
      if constexpr (kIsPlain<Stream>) tcp_socket(stream_).shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  // Pings that arrive together are answered in one write: once the reader has
  // answered something, the writer yields until two event-loop turns pass with no new
  // answer (the reader's next read, which asio completes in a later turn, may bring
  // more pings). Writing at the first quiet turn made one sendmsg per 1.3 pongs under
  // load instead of one per 4, and cost a fifth of ping-pong's throughput. Broadcasts
  // never wait here.
  awaitable<void> let_the_reader_finish_its_burst() {
    if (answers_sent_ == answers_written_) co_return;
    for (int turn = 0, quiet = 0; turn < kMaxBurstTurns && quiet < 2; ++turn) {
      quiet = answers_sent_ == answers_written_ ? quiet + 1 : 0;
      answers_written_ = answers_sent_;
      co_await asio::post(stream_.get_executor(), use_awaitable);
    }
  }

  // An answer from the reader (pong, ack, error): see let_the_reader_finish_its_burst.
  void send(EncodedText frame) {
    ++answers_sent_;
    enqueue(std::move(frame));
  }

  void send_control(std::string frame) {
    if (socket_closed_ || close_requested_) return;
    control_out_ += frame;
    start_writer();
  }

  // The answer to a message refused by the rate limiter: it was not processed.
  EncodedText rate_limited(std::string_view text) const {
    auto object = protocol::parse_object(text);
    std::optional<std::string> id;
    if (object) id = protocol::peek_id(*object);
    return Dispatcher::error_answer(protocol::make_error(protocol::ErrorCode::rate_limited,
                                                         "Too many messages; this one was not processed. "
                                                         "Send it again (same id) in a moment."),
                                    std::move(id))
        .frame;
  }

  void enqueue(EncodedText frame) {
    if (socket_closed_ || close_requested_) return;
    queued_bytes_ += frame->size();
    replay_.queued(frame->size());
    queue_.push_back(std::move(frame));
    // A join's replay does not count: it comes a piece at a time, at the socket's pace.
    if (replay_.live(queued_bytes_) > context_.config.max_queued_bytes) {
      // This reader fell too far behind. Closing (1013) bounds our memory; the client
      // rejoins with its last seq and misses nothing.
      spdlog::warn("websocket {}: {} bytes queued, over the limit; closing with 1013", connection_id_, queued_bytes_);
      queue_.clear();
      replay_.clear();
      request_close(CloseCode::try_again_later, "too far behind; rejoin with your last seq");
      return;
    }
    start_writer();
  }

  void start_writer() {
    if (writing_ || socket_closed_) return;
    writing_ = true;
    asio::co_spawn(stream_.get_executor(), write_loop(), asio::detached);
  }

  void request_close(CloseCode code, std::string_view reason) {
    if (close_requested_ || socket_closed_) return;
    close_requested_ = true;
    close_frame_ = websocket_frames::close_frame(static_cast<std::uint16_t>(code), reason);
    asio::co_spawn(stream_.get_executor(), close_deadline(), asio::detached);
    start_writer();
  }

  awaitable<void> close_deadline() {
    auto self = shared_from_this();
    close_timer_ = std::make_unique<asio::steady_timer>(stream_.get_executor(), kCloseTimeout);
    boost::system::error_code ec;
    co_await close_timer_->async_wait(asio::redirect_error(use_awaitable, ec));
    if (!ec) close_socket();
  }

  // Ends the connection at once: the reader's and the writer's pending operations end
  // with operation_aborted, and the reader cleans up.
  void close_socket() {
    if (socket_closed_) return;
    socket_closed_ = true;
    boost::system::error_code ignored;
    tcp_socket(stream_).shutdown(tcp::socket::shutdown_both, ignored);
    tcp_socket(stream_).close(ignored);
    if (close_timer_) close_timer_->cancel();
    queue_.clear();
    replay_.clear();
    std::string().swap(control_out_);
  }

  using std::enable_shared_from_this<WebSocketConnection<Stream>>::shared_from_this;

  Stream stream_;
  ServerContext& context_;
  std::string connection_id_;
  ClientContext client_;
  RateLimiter limiter_;
  websocket_frames::FrameReader reader_;
  std::vector<Event> events_;
  std::array<char, kIsPlain<Stream> ? kInboxBytes : kTlsInboxBytes> inbox_;
  std::atomic<std::int64_t> heard_at_ms_;  // read by the sweep, on any thread
  FrameQueue queue_;
  std::size_t queued_bytes_ = 0;
  ReplayMarks replay_;  // join replays in the queue (deliver_replay)
  std::string control_out_;  // control frames (and first the 101 response) to write before data
  std::string close_frame_;
  std::unique_ptr<asio::steady_timer> close_timer_;  // only while closing
  std::uint64_t answers_sent_ = 0;
  std::uint64_t answers_written_ = 0;
  bool pinged_ = false;           // a keep-alive ping went out since the client was last heard
  bool close_requested_ = false;  // no data is queued after this; the close frame follows the queue
  bool close_sent_ = false;
  bool peer_closed_ = false;  // the client's close frame came
  bool failed_ = false;       // the client broke the protocol
  bool socket_closed_ = false;
  bool writing_ = false;  // a write_loop is running
};

}  // namespace

// A plain WebSocket runs on the bare socket: tcp_stream's layer (two timers, an
// executor copy per operation) would cost every read and write and every idle
// connection, and silence is the sweep's business.
void start_websocket_connection(PlainStream stream, std::string handshake_response, ServerContext& context) {
  std::make_shared<WebSocketConnection<tcp::socket>>(stream.release_socket(), context)->start(std::move(handshake_response));
}

void start_websocket_connection(TlsStream stream, std::string handshake_response, ServerContext& context) {
  std::make_shared<WebSocketConnection<TlsStream>>(std::move(stream), context)->start(std::move(handshake_response));
}

}  // namespace tether::server
