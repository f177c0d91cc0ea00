// The HTTP fallback transport (docs/protocol.md §5.2), for networks where a WebSocket
// cannot be opened: each client envelope is one POST /api/claude/messages whose answer
// (ack, pong, error) comes back as a frame, and each joined session is read from its
// own SSE stream GET /api/claude/stream, resumed with Last-Event-ID. POSTs go one at a
// time, in order, so the server sees messages in the order they were sent.
#include "http_connect.hpp"

#include "tether/protocol.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "tether/client/sse_parser.hpp"

#include <deque>
#include <limits>
#include <map>

namespace tether::detail {
namespace http = beast::http;
namespace {

struct Exchange {
  unsigned status = 0;
  std::string body;
  std::optional<std::chrono::milliseconds> retry_after{};  // from a 503/429's Retry-After
};

template <class Stream>
class HttpFallbackTransport final : public Transport,
                                    public std::enable_shared_from_this<HttpFallbackTransport<Stream>> {
 public:
  HttpFallbackTransport(const TransportContext& context, TransportEvents events)
      : context_(context), events_(std::move(events)) {}

  void start() override { asio::co_spawn(context_.executor, probe(this->shared_from_this()), asio::detached); }

  void send(std::string text) override {
    if (closed_) return;
    auto envelope = protocol::decode_envelope(text);
    if (envelope && (envelope->type == protocol::MessageType::session_join ||
                     envelope->type == protocol::MessageType::session_leave)) {
      auto message = protocol::parse_client_message(*envelope);
      if (message) {
        if (const auto* join = std::get_if<protocol::SessionJoin>(&*message)) {
          open_sse(join->session_id, join->last_seq);
          return;  // the stream is the join: POST does not accept session_join
        }
        if (const auto* leave = std::get_if<protocol::SessionLeave>(&*message)) stop_sse(leave->session_id);
      }
    }
    queue_.push_back(std::move(text));
    if (ready_ && !posting_) asio::co_spawn(context_.executor, post_loop(this->shared_from_this()), asio::detached);
  }

  void close() override {
    if (closed_) return;
    closed_ = true;
    for (auto& [session, stream] : streams_) stop(*stream);
    streams_.clear();
    if (active_post_) close_stream(*active_post_);
  }

 private:
  using Self = std::shared_ptr<HttpFallbackTransport>;
  struct SseState {
    std::shared_ptr<Stream> stream;
    bool stopped = false;
  };

  static void stop(SseState& state) {
    state.stopped = true;
    if (state.stream) close_stream(*state.stream);
  }

  // The fallback is usable once the server answers a ping through it (token included).
  static asio::awaitable<void> probe(Self self) {
    try {
      auto ping = protocol::make_envelope(protocol::MessageType::ping, {}, protocol::stamp_now());
      const auto answer = co_await self->post(protocol::encode(ping));
      if (self->closed_) co_return;
      if (answer.status == 401) co_return self->finish({TransportFailure::Kind::unauthorized,
                                                       "The server refused the token (HTTP 401)."});
      auto pong = protocol::decode_envelope(answer.body);
      if (answer.status != 200 || !pong || pong->type != protocol::MessageType::pong) {
        co_return self->finish({TransportFailure::Kind::network,
                                "The HTTP fallback is not available (HTTP " + std::to_string(answer.status) + ").",
                                answer.retry_after});
      }
      self->ready_ = true;
      self->events_.ready();
      if (!self->closed_ && !self->queue_.empty() && !self->posting_) {
        asio::co_spawn(self->context_.executor, post_loop(self), asio::detached);
      }
    } catch (const boost::system::system_error& e) {
      self->finish(failure_from(e.code(), "HTTP fallback"));
    }
  }

  static asio::awaitable<void> post_loop(Self self) {
    self->posting_ = true;
    try {
      while (!self->queue_.empty() && !self->closed_) {
        const auto answer = co_await self->post(self->queue_.front());
        if (self->closed_) break;
        if (answer.status == 401) {
          self->posting_ = false;
          co_return self->finish({TransportFailure::Kind::unauthorized, "The server refused the token (HTTP 401)."});
        }
        // Any answer that is an envelope is the server's reply to this message (an error
        // reply included); anything else (a proxy's error page) means the path is broken.
        if (!protocol::decode_envelope(answer.body)) {
          self->posting_ = false;
          co_return self->finish({TransportFailure::Kind::network,
                                  "The HTTP fallback answered HTTP " + std::to_string(answer.status) + ".",
                                  answer.retry_after});
        }
        self->queue_.pop_front();
        self->events_.frame(answer.body);
      }
    } catch (const boost::system::system_error& e) {
      self->posting_ = false;
      co_return self->finish(failure_from(e.code(), "HTTP fallback"));
    }
    self->posting_ = false;
  }

  asio::awaitable<Exchange> post(const std::string& body) {
    auto stream = std::shared_ptr<Stream>(new_stream<Stream>(context_.executor, context_));
    active_post_ = stream;
    auto& lowest = beast::get_lowest_layer(*stream);
    lowest.expires_after(context_.request_timeout);
    co_await open_stream(*stream, context_.endpoint);
    http::request<http::string_body> request{http::verb::post, std::string(route::messages), 11};
    request.set(http::field::host, context_.endpoint.host_header());
    request.set(http::field::authorization, "Bearer " + context_.token);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::user_agent, "libtether");
    request.body() = body;
    request.prepare_payload();
    co_await http::async_write(*stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(context_.max_message_bytes);
    co_await http::async_read(*stream, buffer, parser, asio::use_awaitable);
    boost::system::error_code ignored;
    lowest.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    lowest.close();
    if (active_post_ == stream) active_post_.reset();
    const auto retry_after = parse_retry_after(parser.get()[http::field::retry_after]);
    co_return Exchange{parser.get().result_int(), std::move(parser.get().body()), retry_after};
  }

  void open_sse(const std::string& session_id, std::int64_t last_seq) {
    stop_sse(session_id);
    auto state = std::make_shared<SseState>();
    streams_[session_id] = state;
    asio::co_spawn(context_.executor, read_sse(this->shared_from_this(), session_id, last_seq, state), asio::detached);
  }

  void stop_sse(const std::string& session_id) {
    const auto it = streams_.find(session_id);
    if (it == streams_.end()) return;
    stop(*it->second);
    streams_.erase(it);
  }

  static asio::awaitable<void> read_sse(Self self, std::string session_id, std::int64_t last_seq,
                                        std::shared_ptr<SseState> state) {
    try {
      state->stream = std::shared_ptr<Stream>(new_stream<Stream>(self->context_.executor, self->context_));
      if (state->stopped) co_return;
      auto& stream = *state->stream;
      auto& lowest = beast::get_lowest_layer(stream);
      lowest.expires_after(self->context_.request_timeout);
      co_await open_stream(stream, self->context_.endpoint);
      // Session ids are [A-Za-z0-9_-] (protocol::is_valid_session_id): no escaping needed.
      const auto target = std::string(route::stream) + "?sessionId=" + session_id + "&lastSeq=" + std::to_string(last_seq);
      http::request<http::empty_body> request{http::verb::get, target, 11};
      request.set(http::field::host, self->context_.endpoint.host_header());
      request.set(http::field::authorization, "Bearer " + self->context_.token);
      request.set(http::field::accept, "text/event-stream");
      request.set(http::field::user_agent, "libtether");
      if (last_seq > 0) request.set("Last-Event-ID", std::to_string(last_seq));
      co_await http::async_write(stream, request, asio::use_awaitable);

      beast::flat_buffer buffer;
      http::response_parser<http::buffer_body> parser;
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // a stream has no end
      co_await http::async_read_header(stream, buffer, parser, asio::use_awaitable);
      if (state->stopped || self->closed_) co_return;
      const auto status = parser.get().result_int();
      if (status == 401) {
        co_return self->finish({TransportFailure::Kind::unauthorized, "The server refused the token (HTTP 401)."});
      }
      if (status == 404) {
        // The session is gone: tell the application as the WebSocket would, keep the rest.
        auto error = protocol::make_envelope(
            protocol::MessageType::error,
            protocol::to_json(protocol::make_error(protocol::ErrorCode::session_not_found,
                                                   "No session \"" + session_id + "\".")),
            protocol::stamp_now());
        self->events_.frame(protocol::encode(error));
        self->stop_sse(session_id);
        co_return;
      }
      if (status != 200) {
        co_return self->finish({TransportFailure::Kind::network,
                                "The event stream answered HTTP " + std::to_string(status) + ".",
                                parse_retry_after(parser.get()[http::field::retry_after])});
      }
      SseParser sse(self->context_.max_message_bytes + 64);
      std::array<char, 16384> chunk{};
      while (!parser.is_done()) {
        parser.get().body().data = chunk.data();
        parser.get().body().size = chunk.size();
        lowest.expires_after(self->context_.stream_idle_timeout);
        boost::system::error_code ec;
        // read_some, not read: read would wait for the buffer to fill, and events are small.
        co_await http::async_read_some(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == http::error::need_buffer) ec = {};
        if (state->stopped || self->closed_) co_return;
        if (ec) throw boost::system::system_error(ec);
        const auto got = chunk.size() - parser.get().body().size;
        for (auto& event : sse.feed(std::string_view(chunk.data(), got))) {
          if (state->stopped || self->closed_) co_return;
          self->events_.frame(std::move(event.data));
        }
        if (!sse.ok()) {
          co_return self->finish({TransportFailure::Kind::network, "The event stream sent an oversized line."});
        }
      }
      if (!state->stopped) self->finish({TransportFailure::Kind::network, "The event stream ended."});
    } catch (const boost::system::system_error& e) {
      if (state->stopped || self->closed_) co_return;
      self->finish(failure_from(e.code(), "Event stream"));
    }
  }

  void finish(TransportFailure failure) {
    if (closed_) return;
    close();
    events_.closed(std::move(failure));
  }

  TransportContext context_;
  TransportEvents events_;
  std::deque<std::string> queue_;
  std::map<std::string, std::shared_ptr<SseState>> streams_;
  std::shared_ptr<Stream> active_post_;
  bool ready_ = false;
  bool posting_ = false;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<Transport> make_http_fallback_transport(const TransportContext& context, TransportEvents events) {
  if (context.endpoint.secure) return std::make_shared<HttpFallbackTransport<TlsStream>>(context, std::move(events));
  return std::make_shared<HttpFallbackTransport<PlainStream>>(context, std::move(events));
}

}  // namespace tether::detail
