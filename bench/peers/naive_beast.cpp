// The naive reference server of the benchmarks: Boost.Beast the way most examples use
// it (boostorg/beast example/websocket/server/chat-multi) — one coroutine per
// connection, one thread, and one async_write per message with a per-connection queue.
// It speaks the protocol subset of docs/benchmarks.md: ping -> pong, session_join ->
// subscribe, chat_request -> stream one chat_stream per word to every subscriber.
// Envelopes go through the same protocol module as Tether's, so the bytes compare.
#include "tether/protocol.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace protocol = tether::protocol;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Frame = std::shared_ptr<const std::string>;

class Connection;
std::map<std::string, std::set<std::shared_ptr<Connection>>> g_sessions;  // one thread: no lock
std::map<std::string, std::int64_t> g_seq;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(tcp::socket socket) : ws_(std::move(socket)) {}

  // One write per message: the queue only keeps Beast's writes from overlapping.
  void send(Frame frame) {
    queue_.push_back(std::move(frame));
    if (queue_.size() == 1) asio::co_spawn(ws_.get_executor(), write_loop(shared_from_this()), asio::detached);
  }

  awaitable<void> run() {
    auto self = shared_from_this();
    boost::system::error_code ec;
    co_await ws_.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    beast::flat_buffer buffer;
    for (;;) {
      buffer.clear();
      co_await ws_.async_read(buffer, asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      const std::string text = beast::buffers_to_string(buffer.data());
      for (const auto part : protocol::split_frame(text)) handle(part);
    }
    for (const auto& session : joined_) g_sessions[session].erase(self);
    closed_ = true;
  }

 private:
  static awaitable<void> write_loop(std::shared_ptr<Connection> self) {
    while (!self->queue_.empty() && !self->closed_) {
      boost::system::error_code ec;
      co_await self->ws_.async_write(asio::buffer(*self->queue_.front()), asio::redirect_error(use_awaitable, ec));
      if (ec) {
        self->queue_.clear();
        co_return;
      }
      self->queue_.pop_front();
    }
  }

  void handle(std::string_view text);

  websocket::stream<tcp::socket> ws_;
  std::deque<Frame> queue_;
  std::set<std::string> joined_;
  bool closed_ = false;
};

Frame event(protocol::MessageType type, boost::json::object payload, const std::string& session_id) {
  auto envelope = protocol::make_envelope(type, std::move(payload), protocol::stamp_now());
  envelope.seq = ++g_seq[session_id];
  return std::make_shared<const std::string>(protocol::encode(envelope));
}

void broadcast(const std::string& session_id, const Frame& frame) {
  for (const auto& connection : g_sessions[session_id]) connection->send(frame);
}

awaitable<void> stream(std::string session_id, std::string request_id, std::string message) {
  std::string_view rest = message;
  while (!rest.empty()) {
    auto end = rest.find(' ');
    end = end == std::string_view::npos ? rest.size() : end + 1;
    broadcast(session_id, event(protocol::MessageType::chat_stream,
                                protocol::to_json(protocol::ChatStream{session_id, request_id, std::string(rest.substr(0, end)), false}),
                                session_id));
    rest.remove_prefix(end);
    co_await asio::post(co_await asio::this_coro::executor, use_awaitable);  // let the writers run
  }
  broadcast(session_id, event(protocol::MessageType::chat_stream,
                              protocol::to_json(protocol::ChatStream{session_id, request_id, "", true}), session_id));
  protocol::ChatResponse response;
  response.session_id = session_id;
  response.request_id = request_id;
  response.message = message;
  broadcast(session_id, event(protocol::MessageType::chat_response, protocol::to_json(response), session_id));
}

void Connection::handle(std::string_view text) {
  auto envelope = protocol::decode_envelope(text);
  if (!envelope) return;
  auto message = protocol::parse_client_message(*envelope);
  if (!message) return;
  auto answer = [&](protocol::MessageType type) {
    send(std::make_shared<const std::string>(protocol::encode(protocol::make_envelope(type, {}, protocol::stamp_now(), envelope->id))));
  };
  if (std::holds_alternative<protocol::Ping>(*message)) {
    answer(protocol::MessageType::pong);
  } else if (auto* join = std::get_if<protocol::SessionJoin>(&*message)) {
    g_sessions[join->session_id].insert(shared_from_this());
    joined_.insert(join->session_id);
    answer(protocol::MessageType::ack);
  } else if (auto* request = std::get_if<protocol::ChatRequest>(&*message)) {
    answer(protocol::MessageType::ack);
    asio::co_spawn(ws_.get_executor(), stream(request->session_id, envelope->id, request->message), asio::detached);
  }
}

awaitable<void> listen(tcp::acceptor acceptor) {
  for (;;) {
    boost::system::error_code ec;
    auto socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(std::move(socket));
    asio::co_spawn(acceptor.get_executor(), connection->run(), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned short port = argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : 0;
  asio::io_context io(1);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  acceptor.listen(4096);
  std::cout << "naive-beast listening at ws://127.0.0.1:" << acceptor.local_endpoint().port() << "/" << std::endl;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](auto, auto) { io.stop(); });
  asio::co_spawn(io, listen(std::move(acceptor)), asio::detached);
  io.run();
  return 0;
}
