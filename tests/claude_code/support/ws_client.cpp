// The test client's WebSocket and HTTP I/O; see ws_client.hpp. Reads run as async
// operations under io_context::run_for, which gives every wait a deadline.
#include "support/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <unistd.h>
#include <stdexcept>

namespace tether::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

std::string payload_str(const json::object& envelope, const std::string& key) {
  const auto* payload = envelope.if_contains("payload");
  if (!payload || !payload->is_object()) return {};
  const auto* value = payload->as_object().if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

HttpReply http_request(int port, const std::string& token, const std::string& method, const std::string& target,
                       const std::optional<json::object>& body) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::authorization, "Bearer " + token);
  if (body) {
    request.set(http::field::content_type, "application/json");
    request.body() = json::serialize(*body);
  }
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  HttpReply reply;
  reply.status = static_cast<int>(response.result_int());
  boost::system::error_code error;
  if (!response.body().empty()) reply.body = json::parse(response.body(), error);
  return reply;
}

struct WsClient::Impl {
  asio::io_context io;
  beast::websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
};

WsClient::WsClient(int port, const std::string& token) : impl_(std::make_unique<Impl>()) {
  auto& ws = impl_->ws;
  beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  ws.set_option(beast::websocket::stream_base::decorator([token](beast::websocket::request_type& request) {
    request.set(http::field::authorization, "Bearer " + token);
  }));
  ws.handshake("127.0.0.1:" + std::to_string(port), "/api/claude/ws");
  ws.text(true);
}

WsClient::~WsClient() { close(); }

void WsClient::close() {
  if (!impl_ || !impl_->ws.is_open()) return;
  boost::system::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(impl_->ws).close();
}

std::string WsClient::send(const std::string& type, json::object payload) {
  // Unique across every client of the test process: the server treats a known id as a
  // resend (duplicate) of that message.
  static std::atomic<int> counter{0};
  const std::string id = "t-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  json::object envelope{{"id", id}, {"type", type}, {"payload", std::move(payload)}, {"timestamp", "2026-11-26T00:00:00.000Z"}};
  impl_->ws.write(asio::buffer(json::serialize(envelope)));
  return id;
}

std::optional<json::object> WsClient::wait_for(const std::function<bool(const json::object&)>& match,
                                               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    for (std::size_t i = 0; i < seen_.size(); ++i) {
      if (!taken_[i] && match(seen_[i])) {
        taken_[i] = true;
        return seen_[i];
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !impl_->ws.is_open()) return std::nullopt;
    bool done = false;
    boost::system::error_code read_error;
    impl_->io.restart();
    impl_->ws.async_read(impl_->buffer, [&](boost::system::error_code error, std::size_t) {
      done = true;
      read_error = error;
    });
    impl_->io.run_for(left);
    if (!done) {
      beast::get_lowest_layer(impl_->ws).cancel();
      impl_->io.restart();
      impl_->io.run();
      return std::nullopt;
    }
    if (read_error) return std::nullopt;
    const std::string frame = beast::buffers_to_string(impl_->buffer.data());
    impl_->buffer.consume(impl_->buffer.size());
    std::size_t begin = 0;
    while (begin <= frame.size()) {
      auto end = frame.find('\n', begin);
      if (end == std::string::npos) end = frame.size();
      if (end > begin) {
        boost::system::error_code error;
        auto value = json::parse(std::string_view(frame).substr(begin, end - begin), error);
        if (!error && value.is_object()) {
          seen_.push_back(std::move(value.as_object()));
          taken_.push_back(false);
        }
      }
      begin = end + 1;
    }
  }
}

std::optional<json::object> WsClient::wait_type(const std::string& type, std::chrono::milliseconds timeout) {
  return wait_for([&](const json::object& envelope) { return envelope.at("type").as_string() == type; }, timeout);
}

std::optional<json::object> WsClient::wait_reply(const std::string& id, std::chrono::milliseconds timeout) {
  return wait_for(
      [&](const json::object& envelope) {
        const auto* reply_to = envelope.if_contains("replyTo");
        return reply_to && reply_to->is_string() && reply_to->as_string() == id;
      },
      timeout);
}

}  // namespace tether::test
