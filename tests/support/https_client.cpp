#include "tests/support/https_client.hpp"

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

http::request<http::string_body> make_request(unsigned short port, const std::string& method,
                                              const std::string& target, const std::string& body,
                                              const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  return request;
}

asio::awaitable<HttpResult> exchange(TlsStream& stream, unsigned short port, http::request<http::string_body> request) {
  co_await connect(stream, port);
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  HttpResult result;
  result.status = parser.get().result_int();
  result.body = parser.get().body();
  for (const auto& field : parser.get()) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result.headers[name] = std::string(field.value());
  }
  co_return result;
}

asio::awaitable<std::string> read_until(TlsStream& stream, unsigned short port, http::request<http::string_body> request,
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
  return run(io, exchange(stream, port, make_request(port, method, target, body, headers)));
}

std::string https_read_until(unsigned short port, const std::string& ca_file, const std::string& target,
                             const std::map<std::string, std::string>& headers, const std::string& needle,
                             std::chrono::milliseconds timeout) {
  asio::io_context io;
  auto context = client_context(ca_file);
  TlsStream stream(io, context);
  beast::get_lowest_layer(stream).expires_after(timeout);
  return run(io, read_until(stream, port, make_request(port, "GET", target, "", headers), needle));
}

}  // namespace tether::testing
