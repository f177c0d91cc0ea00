#include "server/transport/metrics_endpoint.hpp"

#include "server/hub/hub.hpp"
#include "server/metrics/metrics.hpp"
#include "server/transport/server_context.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

namespace tether::server {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

// A scraper asks once every few seconds with a small request.
constexpr auto kReadTimeout = std::chrono::seconds(10);
constexpr std::uint32_t kMaxHeaderBytes = 8 * 1024;

Response answer(const Request& request, ServerContext& context) {
  if (!context.access.host_allowed(request[http::field::host])) {
    return error_response(request, protocol::ErrorCode::forbidden,
                          "This server does not answer to the host \"" + std::string(request[http::field::host]) +
                              "\"; see --allowed-host.");
  }
  const auto target = boost::urls::parse_origin_form(request.target());
  if (!target || target->path() != "/metrics") {
    return error_response(request, protocol::ErrorCode::not_found, "This address serves /metrics only.");
  }
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return error_response(request, protocol::ErrorCode::method_not_allowed, "/metrics is read with GET.");
  }
  return metrics_response(request, context);
}

asio::awaitable<void> serve_scraper(beast::tcp_stream stream, ServerContext& context) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(0);
    stream.expires_after(kReadTimeout);
    boost::system::error_code ec;
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    const auto& request = parser.get();
    auto response = answer(request, context);
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !response.keep_alive() || context.stopping) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

Response metrics_response(const Request& request, ServerContext& context) {
  const auto sse = context.websockets.sse_count();
  const auto all = context.websockets.size();
  const metrics::Gauges gauges{all > sse ? all - sse : 0, sse, context.hub.loaded_sessions()};
  Response response{http::status::ok, request.version()};
  add_security_headers(response);
  response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  response.body() = metrics::render(metrics::registry(), gauges);
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

asio::awaitable<void> serve_metrics(tcp::acceptor& acceptor, asio::io_context& io, ServerContext& context) {
  for (;;) {
    tcp::socket socket(asio::make_strand(io));
    boost::system::error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open() || context.stopping) co_return;
    if (ec) continue;
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_scraper(beast::tcp_stream(std::move(socket)), context), asio::detached);
  }
}

}  // namespace tether::server
