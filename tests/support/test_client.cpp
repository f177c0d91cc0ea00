#include "tests/support/test_client.hpp"

#include "tests/support/http_message.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace tether::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

UpgradeRefused::UpgradeRefused(unsigned s, std::string b)
    : std::runtime_error("upgrade refused with HTTP " + std::to_string(s) + ": " + b), status(s), body(std::move(b)) {}

HttpResult http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body, const std::map<std::string, std::string>& headers) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(10s);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  const auto request = make_http_request(port, method, target, body, headers);
  // The server may answer (413) and close before a large body is all sent: a failed
  // write is fine as long as the answer can be read.
  beast::error_code write_error;
  http::write(stream, request, write_error);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream, buffer, parser);
  auto result = to_http_result(parser.get());
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return result;
}

std::string create_session(unsigned short port, const std::string& token, const std::string& title) {
  auto result = http_request(port, "POST", "/api/sessions", "{\"title\":\"" + title + "\"}",
                             {{"Authorization", "Bearer " + token}});
  if (result.status != 201) throw std::runtime_error("create session: HTTP " + std::to_string(result.status));
  auto object = protocol::parse_object(result.body);
  return std::string(object->at("session").at("id").as_string());
}

struct WsTestClient::Impl {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
  bool open = false;

  // Runs one async operation to completion or deadline (which closes the socket).
  template <class Start>
  beast::error_code run(std::chrono::milliseconds timeout, Start start) {
    beast::get_lowest_layer(ws).expires_after(timeout);
    beast::error_code result = asio::error::would_block;
    start([&](beast::error_code ec, std::size_t = 0) { result = ec; });
    io.restart();
    io.run();
    return result;
  }
};

WsTestClient::WsTestClient(unsigned short port, WsOptions options) : impl_(std::make_unique<Impl>()) {
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  lowest.expires_after(10s);
  lowest.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  impl_->ws.set_option(websocket::stream_base::decorator([options](websocket::request_type& request) {
    if (!options.token.empty()) request.set(http::field::authorization, "Bearer " + options.token);
    if (options.origin) request.set(http::field::origin, *options.origin);
    for (const auto& [name, value] : options.headers) request.set(name, value);
  }));
  impl_->ws.read_message_max(64 << 20);
  websocket::response_type response;
  beast::error_code ec;
  impl_->ws.handshake(response, "127.0.0.1:" + std::to_string(port), "/api/claude/ws", ec);
  if (ec) throw UpgradeRefused(response.result_int(), response.body());
  lowest.expires_never();
  impl_->open = true;
}

WsTestClient::~WsTestClient() {
  if (impl_->open) drop();
}

void WsTestClient::send_text(const std::string& text) {
  impl_->ws.text(true);
  auto ec = impl_->run(10s, [&](auto handler) { impl_->ws.async_write(asio::buffer(text), handler); });
  if (ec) throw std::runtime_error("send failed: " + ec.message());
}

void WsTestClient::send_binary(const std::string& bytes) {
  impl_->ws.binary(true);
  auto ec = impl_->run(10s, [&](auto handler) { impl_->ws.async_write(asio::buffer(bytes), handler); });
  impl_->ws.text(true);
  if (ec) throw std::runtime_error("send failed: " + ec.message());
}

std::string WsTestClient::send(protocol::MessageType type, boost::json::object payload, std::string id) {
  // Ids are unique across clients and runs, as the protocol requires of real clients.
  if (id.empty()) id = "t-" + protocol::generate_id() + "-" + std::to_string(++next_id_);
  protocol::Envelope envelope{id, type, std::move(payload), protocol::now_timestamp(), std::nullopt, std::nullopt};
  send_text(protocol::encode(envelope));
  return id;
}

protocol::Envelope WsTestClient::read(std::chrono::milliseconds timeout) {
  while (pending_.empty()) {
    impl_->buffer.clear();
    auto ec = impl_->run(timeout, [&](auto handler) { impl_->ws.async_read(impl_->buffer, handler); });
    // A close frame may arrive just before the socket dies: keep its code either way.
    if (impl_->ws.reason().code != 0) close_code_ = impl_->ws.reason().code;
    if (ec == websocket::error::closed || close_code_ != 0) {
      impl_->open = false;
      throw std::runtime_error("connection closed with " + std::to_string(close_code_));
    }
    if (ec) throw std::runtime_error("read failed: " + ec.message());
    ++frames_;
    const auto text = beast::buffers_to_string(impl_->buffer.data());
    for (auto part : protocol::split_frame(text)) {
      auto envelope = protocol::decode_envelope(part);
      if (!envelope) throw std::runtime_error("server sent a bad envelope (" + envelope.error().message + "): [" + std::string(part) + "] frame of " + std::to_string(impl_->buffer.size()) + " bytes");
      pending_.push_back(std::move(*envelope));
    }
  }
  auto envelope = std::move(pending_.front());
  pending_.pop_front();
  seen_.push_back(envelope);
  return envelope;
}

protocol::Envelope WsTestClient::read_until(const std::function<bool(const protocol::Envelope&)>& pred,
                                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("read_until: timed out");
    auto envelope = read(left);
    if (pred(envelope)) return envelope;
  }
}

protocol::Envelope WsTestClient::read_reply(const std::string& id, std::chrono::milliseconds timeout) {
  return read_until([&](const protocol::Envelope& e) { return e.reply_to == id; }, timeout);
}

bool WsTestClient::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      read(left);
    }
  } catch (const std::exception&) {
    return !impl_->open || close_code_ != 0;
  }
}

void WsTestClient::drop() {
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).socket().close(ec);
  impl_->open = false;
}

void WsTestClient::close() {
  impl_->run(5s, [&](auto handler) { impl_->ws.async_close(websocket::close_code::normal, handler); });
  impl_->open = false;
}

std::vector<protocol::Envelope> join(WsTestClient& client, const std::string& session_id, std::int64_t last_seq) {
  const auto id = client.send(protocol::MessageType::session_join,
                              protocol::to_json(protocol::SessionJoin{session_id, last_seq}));
  std::vector<protocol::Envelope> replayed;
  for (;;) {
    auto envelope = client.read(10s);
    if (envelope.reply_to == id) {
      if (envelope.type == protocol::MessageType::error) {
        throw std::runtime_error("join refused: " + protocol::error_from_json(envelope.payload).message);
      }
      return replayed;
    }
    if (envelope.seq) replayed.push_back(std::move(envelope));
  }
}

}  // namespace tether::testing
