#include "tests/support/https_client.hpp"

#include "tests/support/http_message.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace tether::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

ssl::context client_context(const std::string& ca_file) {
  ssl::context context(ssl::context::tls_client);
  context.load_verify_file(ca_file);
  context.set_verify_mode(ssl::verify_peer);
  return context;
}

asio::awaitable<void> connect(TlsStream& stream, unsigned short port) {
  co_await beast::get_lowest_layer(stream).async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                                         asio::use_awaitable);
  stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
  co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
}

asio::awaitable<HttpResult> exchange(TlsStream& stream, unsigned short port, HttpRequest request) {
  co_await connect(stream, port);
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  co_return to_http_result(parser.get());
}

asio::awaitable<std::string> read_until(TlsStream& stream, unsigned short port, HttpRequest request,
                                        std::string needle) {
  co_await connect(stream, port);
  co_await http::async_write(stream, request, asio::use_awaitable);
  std::string text;
  char chunk[4096];
  while (text.find(needle) == std::string::npos) {
    const auto n = co_await stream.async_read_some(asio::buffer(chunk), asio::use_awaitable);
    text.append(chunk, n);
  }
  co_return text;
}

// Runs `work` to its end on `io`; its exception, if any, is rethrown here.
template <class T>
T run(asio::io_context& io, asio::awaitable<T> work) {
  auto result = asio::co_spawn(io, std::move(work), asio::use_future);
  io.run();
  return result.get();
}

}  // namespace

HttpResult https_request(unsigned short port, const std::string& ca_file, const std::string& method,
                         const std::string& target, const std::string& body,
                         const std::map<std::string, std::string>& headers) {
  asio::io_context io;
  auto context = client_context(ca_file);
  TlsStream stream(io, context);
  beast::get_lowest_layer(stream).expires_after(10s);  // the whole exchange
  return run(io, exchange(stream, port, make_http_request(port, method, target, body, headers)));
}

std::string https_read_until(unsigned short port, const std::string& ca_file, const std::string& target,
                             const std::map<std::string, std::string>& headers, const std::string& needle,
                             std::chrono::milliseconds timeout) {
  asio::io_context io;
  auto context = client_context(ca_file);
  TlsStream stream(io, context);
  beast::get_lowest_layer(stream).expires_after(timeout);
  return run(io, read_until(stream, port, make_http_request(port, "GET", target, "", headers), needle));
}

}  // namespace tether::testing
