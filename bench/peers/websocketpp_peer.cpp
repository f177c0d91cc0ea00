// The websocketpp reference server of the benchmarks: websocketpp 0.8.2 (Debian's
// libwebsocketpp-dev) the way its examples use it (examples/broadcast_server,
// echo_server): websocketpp::server<config::asio>, one thread running its io_service,
// handlers for message and close, one send() per message (websocketpp queues them and
// gathers what is queued into its next write). It speaks the protocol subset of
// docs/benchmarks.md like naive_beast.cpp: ping -> pong, session_join -> subscribe +
// ack, chat_request -> ack, then one chat_stream per word to every subscriber,
// serialized once, yielding to the io_service between words; then chat_response.
// websocketpp 0.8.2 does not compile as C++20, so this file is C++17 and encodes through
// peer_envelopes.hpp (the protocol module, as the naive peer uses it).
//
// Usage: tether-peer-websocketpp [PORT | --port PORT]   (0, the default: any free port)
#include "bench/peers/peer_envelopes.hpp"

#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace {
namespace peer = tether::bench_peer;
using Server = websocketpp::server<websocketpp::config::asio>;
using Handle = websocketpp::connection_hdl;
using tcp = boost::asio::ip::tcp;

Server g_server;
std::map<std::string, std::set<Handle, std::owner_less<Handle>>> g_sessions;  // one thread: no lock
std::map<std::string, std::int64_t> g_seq;

void send(const Handle& hdl, const std::string& text) {
  websocketpp::lib::error_code ec;
  g_server.send(hdl, text, websocketpp::frame::opcode::text, ec);  // a closing connection: dropped
}

void broadcast(const std::string& session_id, const std::string& text) {
  for (const auto& hdl : g_sessions[session_id]) send(hdl, text);
}

struct Stream {
  std::string session_id;
  std::string request_id;
  std::string message;
  std::size_t offset = 0;
};

// One word per turn of the io_service, as the naive peer's coroutine does with post.
void stream_step(std::shared_ptr<Stream> s) {
  if (s->offset < s->message.size()) {
    const std::string_view rest = std::string_view(s->message).substr(s->offset);
    auto end = rest.find(' ');
    end = end == std::string_view::npos ? rest.size() : end + 1;
    broadcast(s->session_id, peer::chat_stream(s->session_id, s->request_id, std::string(rest.substr(0, end)), false,
                                               ++g_seq[s->session_id]));
    s->offset += end;
    boost::asio::post(g_server.get_io_service(), [s] { stream_step(s); });  // let the writers run
    return;
  }
  broadcast(s->session_id, peer::chat_stream(s->session_id, s->request_id, "", true, ++g_seq[s->session_id]));
  broadcast(s->session_id, peer::chat_response(s->session_id, s->request_id, s->message, ++g_seq[s->session_id]));
}

void on_message(Handle hdl, Server::message_ptr msg) {
  if (msg->get_opcode() != websocketpp::frame::opcode::text) return;
  for (auto& in : peer::decode(msg->get_payload())) {
    switch (in.kind) {
      case peer::Incoming::Kind::ping:
        send(hdl, peer::pong(in.id));
        break;
      case peer::Incoming::Kind::session_join:
        g_sessions[in.session_id].insert(hdl);
        send(hdl, peer::ack(in.id));
        break;
      case peer::Incoming::Kind::chat_request: {
        send(hdl, peer::ack(in.id));
        auto s = std::make_shared<Stream>();
        s->session_id = std::move(in.session_id);
        s->request_id = std::move(in.id);
        s->message = std::move(in.message);
        stream_step(std::move(s));
        break;
      }
    }
  }
}

void on_gone(Handle hdl) {
  for (auto& [id, subscribers] : g_sessions) subscribers.erase(hdl);
}

}  // namespace

int main(int argc, char** argv) {
  unsigned short port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--port" && i + 1 < argc) {
      port = static_cast<unsigned short>(std::atoi(argv[++i]));
    } else if (arg == "-h" || arg == "--help") {
      std::cout << "usage: tether-peer-websocketpp [PORT | --port PORT]\n";
      return 0;
    } else {
      port = static_cast<unsigned short>(std::atoi(arg.c_str()));
    }
  }
  try {
    // No per-connection logging (the examples log every connection and every abrupt
    // close): it would cost the server a write per connection. Fatal errors only.
    g_server.clear_access_channels(websocketpp::log::alevel::all);
    g_server.clear_error_channels(websocketpp::log::elevel::all);
    g_server.set_error_channels(websocketpp::log::elevel::fatal);
    g_server.init_asio();
    g_server.set_listen_backlog(4096);
    g_server.set_socket_init_handler([](Handle, tcp::socket& socket) {
      boost::system::error_code ec;
      socket.set_option(tcp::no_delay(true), ec);
    });
    g_server.set_message_handler(&on_message);
    g_server.set_close_handler(&on_gone);
    g_server.set_fail_handler(&on_gone);
    g_server.listen(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    g_server.start_accept();
    boost::system::error_code ec;  // websocketpp's lib::asio::error_code
    const auto local = g_server.get_local_endpoint(ec);
    std::cout << "websocketpp listening at ws://127.0.0.1:" << local.port() << "/" << std::endl;
    boost::asio::signal_set signals(g_server.get_io_service(), SIGINT, SIGTERM);
    signals.async_wait([](auto, auto) { g_server.stop(); });
    g_server.run();
  } catch (const std::exception& e) {
    std::cerr << "websocketpp peer: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
