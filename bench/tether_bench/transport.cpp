// Beast behind the load generator's small transport interface (transport.hpp).
#include "bench/tether_bench/transport.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/url/parse.hpp>

#include <stdexcept>

namespace tether::bench {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::use_awaitable;

Target parse_target(std::string_view url, std::string token) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw std::invalid_argument("not a URL: " + std::string(url));
  Target target;
  const auto scheme = parsed->scheme();
  if (scheme != "ws" && scheme != "http") throw std::invalid_argument("only ws:// and http:// URLs: " + std::string(url));
  target.host = parsed->host();
  if (target.host.empty()) throw std::invalid_argument("URL has no host: " + std::string(url));
  target.port = parsed->has_port() ? parsed->port_number() : 80;
  if (scheme == "ws" && !parsed->path().empty() && parsed->path() != "/") target.ws_path = parsed->path();
  auto params = parsed->params();
  if (auto it = params.find("token"); it != params.end() && (*it).has_value) target.token = (*it).value;
  if (!token.empty()) target.token = std::move(token);
  return target;
}

struct WsConnection::Impl {
  explicit Impl(asio::any_io_executor executor) : ws(executor) {}
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
};

WsConnection::WsConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WsConnection::~WsConnection() = default;

asio::awaitable<std::unique_ptr<WsConnection>> WsConnection::connect(asio::any_io_executor executor,
                                                                     const Target& target,
                                                                     std::chrono::milliseconds timeout,
                                                                     boost::system::error_code& ec) {
  auto impl = std::make_unique<Impl>(executor);
  auto& tcp_stream = beast::get_lowest_layer(impl->ws);
  const tcp::endpoint endpoint(asio::ip::make_address(target.host, ec), target.port);
  if (ec) co_return nullptr;
  tcp_stream.expires_after(timeout);
  co_await tcp_stream.async_connect(endpoint, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return nullptr;
  tcp_stream.socket().set_option(tcp::no_delay(true), ec);
  tcp_stream.expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = timeout;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  impl->ws.set_option(timeouts);
  const std::string authorization = "Bearer " + target.token;
  impl->ws.set_option(websocket::stream_base::decorator(
      [authorization](websocket::request_type& request) { request.set(http::field::authorization, authorization); }));
  impl->ws.auto_fragment(false);
  impl->ws.read_message_max(64 << 20);
  const std::string host = target.host + ":" + std::to_string(target.port);
  co_await impl->ws.async_handshake(host, target.ws_path, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return nullptr;
  co_return std::unique_ptr<WsConnection>(new WsConnection(std::move(impl)));
}

asio::awaitable<void> WsConnection::send(std::string_view text, boost::system::error_code& ec) {
  impl_->ws.text(true);
  co_await impl_->ws.async_write(asio::buffer(text.data(), text.size()), asio::redirect_error(use_awaitable, ec));
}

asio::awaitable<std::string_view> WsConnection::receive(boost::system::error_code& ec) {
  impl_->buffer.clear();
  co_await impl_->ws.async_read(impl_->buffer, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return std::string_view{};
  const auto data = impl_->buffer.cdata();
  co_return std::string_view(static_cast<const char*>(data.data()), data.size());
}

asio::awaitable<void> WsConnection::close(boost::system::error_code& ec) {
  beast::get_lowest_layer(impl_->ws).expires_after(std::chrono::seconds(2));
  co_await impl_->ws.async_close(websocket::close_code::normal, asio::redirect_error(use_awaitable, ec));
}

void WsConnection::abort() noexcept {
  boost::system::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

asio::awaitable<HttpResult> http_request(asio::any_io_executor executor, const Target& target, std::string_view method,
                                         std::string_view path, std::string body, boost::system::error_code& ec) {
  HttpResult result;
  beast::tcp_stream stream(executor);
  const tcp::endpoint endpoint(asio::ip::make_address(target.host, ec), target.port);
  if (ec) co_return result;
  stream.expires_after(std::chrono::seconds(10));
  co_await stream.async_connect(endpoint, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return result;
  http::request<http::string_body> request{http::string_to_verb(method), path, 11};
  request.set(http::field::host, target.host + ":" + std::to_string(target.port));
  request.set(http::field::authorization, "Bearer " + target.token);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = std::move(body);
  }
  request.prepare_payload();
  co_await http::async_write(stream, request, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return result;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return result;
  result.status = parser.get().result_int();
  result.body = std::move(parser.get().body());
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return result;
}

}  // namespace tether::bench
