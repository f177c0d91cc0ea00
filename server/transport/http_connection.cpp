#include "server/transport/http_connection.hpp"

#include "server/hub/hub.hpp"
#include "server/metrics/metrics.hpp"
#include "server/transport/graceful_close.hpp"
#include "server/transport/health.hpp"
#include "server/transport/metrics_endpoint.hpp"
#include "server/transport/rest_api.hpp"
#include "server/transport/server_context.hpp"
#include "server/transport/sse_stream.hpp"
#include "server/transport/static_files.hpp"
#include "server/transport/websocket_handshake.hpp"
#include "server/transport/websocket_connection.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include <charconv>

namespace tether::server {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace field = protocol::field;
using asio::awaitable;
using asio::use_awaitable;
using protocol::ErrorCode;

namespace {

// A TLS handshake takes a few round trips. A connection that has not finished it by
// then is not a TLS client (a silent socket, a scanner): it must not hold a slot.
constexpr auto kTlsHandshakeTimeout = std::chrono::seconds(10);
constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;

// What a request turned into: an answer to write, or the connection was handed over
// to a long-lived stream (WebSocket, SSE) and this session ends.
struct Outcome {
  std::optional<Response> response;
};

std::optional<std::int64_t> parse_seq(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// A long-lived connection (WebSocket, SSE) past --max-connections: 503 with Retry-After.
std::optional<Response> refuse_when_full(const Request& request, ServerContext& context) {
  if (context.websockets.size() < context.config.max_connections) return std::nullopt;
  metrics::registry().refused_full.add();
  auto response = error_response(
      request, protocol::Error{ErrorCode::overloaded, "The server has as many connections as it takes.",
                               "Try again in a few seconds; close tabs you do not use, or raise --max-connections."});
  response.set(http::field::retry_after, "5");
  return response;
}

// 429 with Retry-After: come back in `wait`, and what to do meanwhile.
Response too_many(const Request& request, std::string message, std::chrono::seconds wait, std::string_view then) {
  const auto seconds = std::to_string(wait.count());
  auto response = error_response(
      request, protocol::Error{ErrorCode::rate_limited, std::move(message), "Wait " + seconds + " s, then " + std::string(then)});
  response.set(http::field::retry_after, seconds);
  return response;
}

// A wrong token from `peer`: counted; past the address's budget of failures the answer
// is 429 with Retry-After instead of 401 (nothing when it is still within the budget).
// Never consulted for a correct token (see AuthThrottle).
std::optional<Response> refuse_wrong_token(const Request& request, const std::string& peer,
                                           std::chrono::steady_clock::time_point now, ServerContext& context) {
  context.auth_throttle.record_failure(peer, now);
  const auto wait = context.auth_throttle.blocked_for(peer, now);
  if (wait.count() == 0) return std::nullopt;
  metrics::registry().refused_wrong_token.add();
  return too_many(request, "Too many attempts with a wrong token from this address.", wait,
                  "use the token `tether serve` printed (or the one in --token-file).");
}

// The API over HTTP (REST, the fallback's POSTs, SSE opens) past the address's request
// rate: 429 with Retry-After.
std::optional<Response> refuse_too_fast(const Request& request, const std::string& peer,
                                        std::chrono::steady_clock::time_point now, ServerContext& context) {
  const auto wait = context.request_throttle.admit(peer, now);
  if (wait.count() == 0) return std::nullopt;
  metrics::registry().refused_requests.add();
  return too_many(request, "Too many requests from this address.", wait,
                  "try again; a script should pace itself (--max-requests-per-second).");
}

// GET /?token=…: the link `tether serve` prints. Trade the token for a cookie and
// redirect, so the token leaves the address bar and the history at once.
Response token_landing(const Request& request, std::string_view token, ServerContext& context) {
  if (!context.access.token_matches(token)) {
    return error_response(request, ErrorCode::unauthorized, "The token in this link is not this server's.");
  }
  Response response{http::status::see_other, request.version()};
  add_security_headers(response);
  response.set(http::field::location, "/");
  response.set(http::field::set_cookie, context.access.session_cookie());
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

template <class Stream>
awaitable<Outcome> route(Stream& stream, Request& request, ServerContext& context) {
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target) co_return Outcome{error_response(request, ErrorCode::not_found, "The request target is not a URL.")};
  const std::string path = target->path();

  // A DNS-rebinding page reaches us under its own name: answer only to our names.
  if (!context.access.host_allowed(request[http::field::host])) {
    co_return Outcome{error_response(request, ErrorCode::forbidden,
                                     "This server does not answer to the host \"" +
                                         std::string(request[http::field::host]) + "\"; see --allowed-host.")};
  }
  if (path == "/healthz") {
    auto answer = co_await health_response(request, context);  // named: GCC 12 (tests/lint)
    co_return Outcome{std::move(answer)};
  }
  if (path == "/" && target->params().contains("token")) {
    boost::system::error_code ec;
    const auto peer = beast::get_lowest_layer(stream).socket().remote_endpoint(ec).address().to_string();
    const auto now = std::chrono::steady_clock::now();
    auto response = token_landing(request, (*target->params().find("token")).value, context);
    if (response.result() == http::status::unauthorized) {
      if (auto refused = refuse_wrong_token(request, peer, now, context)) co_return Outcome{std::move(*refused)};
    }
    co_return Outcome{std::move(response)};
  }
  // Everything but the web UI's files needs the token: the API, the streams, the metrics.
  if (!path.starts_with("/api/") && path != "/metrics") {
    co_return Outcome{serve_static(request, context.config.web_root)};
  }

  boost::system::error_code ec;
  const auto peer = beast::get_lowest_layer(stream).socket().remote_endpoint(ec).address().to_string();
  const auto now = std::chrono::steady_clock::now();
  // The token is checked first: a correct one always passes, so that a flood of wrong
  // ones from an address (behind a proxy, everybody's) never locks its users out.
  if (!context.access.authorized(request[http::field::authorization], request[http::field::cookie])) {
    if (auto refused = refuse_wrong_token(request, peer, now, context)) co_return Outcome{std::move(*refused)};
    co_return Outcome{error_response(request, ErrorCode::unauthorized, "A valid token is required.")};
  }
  const auto origin = request[http::field::origin];
  if (!origin.empty() && !context.access.origin_allowed(origin, request[http::field::host])) {
    spdlog::warn("refused a request from origin {}", std::string(origin));
    co_return Outcome{error_response(request, ErrorCode::forbidden,
                                     "Requests from " + std::string(origin) + " are not allowed.")};
  }

  if (path == "/metrics") co_return Outcome{metrics_response(request, context)};
  // A WebSocket is limited per message, once open (RateLimiter).
  if (path != "/api/claude/ws") {
    if (auto refused = refuse_too_fast(request, peer, now, context)) co_return Outcome{std::move(*refused)};
  }

  if (path == "/api/claude/ws") {
    if (!beast::websocket::is_upgrade(request)) {
      co_return Outcome{error_response(request, ErrorCode::upgrade_required,
                                       "This route is a WebSocket: open it with an Upgrade request.")};
    }
    const auto key = request[http::field::sec_websocket_key];
    if (const auto problem = websocket_handshake::check(request[http::field::sec_websocket_version], key)) {
      if (*problem == websocket_handshake::Problem::unsupported_version) {
        auto response = error_response(request, ErrorCode::upgrade_required, "This server speaks WebSocket version 13.");
        response.set(http::field::sec_websocket_version, "13");
        co_return Outcome{std::move(response)};
      }
      co_return Outcome{error_response(request, ErrorCode::invalid_message,
                                       "Sec-WebSocket-Key must be the base64 of 16 random bytes.")};
    }
    if (auto full = refuse_when_full(request, context)) co_return Outcome{std::move(*full)};
    start_websocket_connection(std::move(stream), websocket_handshake::switching_protocols(key), context);
    co_return Outcome{};
  }

  if (path == "/api/claude/stream") {
    if (request.method() != http::verb::get) {
      co_return Outcome{error_response(request, ErrorCode::method_not_allowed, "The stream is read with GET.")};
    }
    const auto params = target->params();
    auto session_param = params.find("sessionId");
    const std::string session_id = session_param != params.end() ? std::string((*session_param).value) : "";
    if (!protocol::is_valid_session_id(session_id)) {
      co_return Outcome{error_response(request, ErrorCode::invalid_message, "The stream needs ?sessionId=<id>.")};
    }
    std::optional<std::int64_t> last_seq = 0;
    if (auto header = request["Last-Event-ID"]; !header.empty()) {
      last_seq = parse_seq(header);
    } else if (auto param = params.find("lastSeq"); param != params.end()) {
      last_seq = parse_seq((*param).value);
    }
    if (!last_seq) {
      co_return Outcome{error_response(request, ErrorCode::invalid_message, "lastSeq must be a whole number.")};
    }
    // Over the limit: 503 with Retry-After, as for a WebSocket (not a 200 and a close).
    if (auto full = refuse_when_full(request, context)) co_return Outcome{std::move(*full)};
    start_sse_stream(std::move(stream), request, session_id, *last_seq, context);
    co_return Outcome{};
  }

  if (auto response = co_await handle_rest(request, context)) co_return Outcome{std::move(*response)};
  co_return Outcome{error_response(request, ErrorCode::not_found, "There is no route " + path + ".")};
}

// One line per request in the server's log (text or JSON, --log-format): method, path
// without the query (a token may be there), status, bytes written, time taken, client.
struct AccessLine {
  std::string method;
  std::string path;
  std::string peer;
};

std::string path_of(std::string_view target) { return std::string(target.substr(0, target.find('?'))); }

std::string peer_of(const beast::tcp_stream& tcp) {
  boost::system::error_code ec;
  const auto endpoint = tcp.socket().remote_endpoint(ec);
  return ec ? std::string("?") : endpoint.address().to_string();
}

void log_access(const AccessLine& line, unsigned status, std::size_t bytes, std::chrono::steady_clock::duration took) {
  spdlog::info("access: {} {} {} {}B {:.1f}ms {}", line.method, line.path, status, bytes,
               std::chrono::duration<double, std::milli>(took).count(), line.peer);
}

// Serves requests until the connection ends or is handed over to a stream.
template <class Stream>
awaitable<void> serve_requests(Stream& stream, ServerContext& context) {
  auto& tcp = beast::get_lowest_layer(stream);
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(context.config.max_message_bytes);
    tcp.expires_after(context.config.request_timeout);  // also ends slow-loris headers
    boost::system::error_code ec;
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      Request request;
      request.version(11);
      auto response = error_response(request, ErrorCode::message_too_large,
                                     ec == http::error::body_limit ? "The request body is too large."
                                                                   : "The request headers are too large.");
      response.keep_alive(false);
      co_await http::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
      break;
    }
    if (ec) break;  // closed, timed out or not HTTP: nothing to answer
    auto request = parser.release();
    tcp.expires_never();
    const auto started = std::chrono::steady_clock::now();
    // Logged before the stream is handed over (the request is moved with it).
    const AccessLine access{std::string(request.method_string()), path_of(request.target()), peer_of(tcp)};

    Outcome outcome;
    try {
      outcome = co_await route(stream, request, context);
    } catch (const std::exception& error) {
      spdlog::error("{} {}: {}", access.method, access.path, error.what());
      outcome.response = error_response(request, ErrorCode::internal, "The server failed to answer this request.");
    }
    if (!outcome.response) {  // handed over to a stream (WebSocket, SSE), which logs its end
      log_access(access, 101, 0, std::chrono::steady_clock::now() - started);
      co_return;
    }

    const bool keep_alive = outcome.response->keep_alive();
    const auto status = outcome.response->result_int();
    tcp.expires_after(context.config.request_timeout);
    const auto bytes =
        co_await http::async_write(stream, *outcome.response, asio::redirect_error(use_awaitable, ec));
    log_access(access, status, bytes, std::chrono::steady_clock::now() - started);
    if (ec || !keep_alive || context.stopping) break;
  }
  co_await close_gracefully(stream);
}

awaitable<void> run_plain_session(PlainStream stream, ServerContext& context) {
  co_await serve_requests(stream, context);
}

awaitable<void> run_tls_session(TlsStream stream, ServerContext& context) {
  // A plain http:// or ws:// client fails here at once (its request is no TLS record);
  // a silent one when the deadline closes the socket. Either way: no answer to give.
  beast::get_lowest_layer(stream).expires_after(kTlsHandshakeTimeout);
  boost::system::error_code ec;
  co_await stream.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(use_awaitable, ec));
  if (ec) {
    spdlog::debug("TLS handshake failed: {}", ec.message());
    beast::get_lowest_layer(stream).close();
    co_return;
  }
  co_await serve_requests(stream, context);
}

}  // namespace

void start_http_connection(PlainStream accepted, ServerContext& context) {
  auto executor = accepted.get_executor();
  if (context.tls) {
    asio::co_spawn(executor, run_tls_session(TlsStream(std::move(accepted), *context.tls), context), asio::detached);
  } else {
    asio::co_spawn(executor, run_plain_session(std::move(accepted), context), asio::detached);
  }
}

}  // namespace tether::server
