// The fault proxy (see fault_proxy.hpp). One io_context thread; each connection is two
// pump coroutines (client->server, server->client) that consult the fault settings for
// every chunk. The first request head is read whole before the upstream is dialled, so
// that an upgrade can be refused without the server ever seeing it.
#include "fault_proxy.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <random>
#include <thread>

namespace tether::test {
namespace asio = boost::asio;
using asio::ip::tcp;
using std::chrono::milliseconds;

struct Connection {
  explicit Connection(tcp::socket socket) : client(std::move(socket)), upstream(client.get_executor()) {}
  tcp::socket client;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;  // over `client`, when terminating TLS
  tcp::socket upstream;
  bool ended = false;

  void end(bool reset) {
    if (ended) return;
    ended = true;
    boost::system::error_code ignored;
    for (auto* socket : {&client, &upstream}) {
      if (!socket->is_open()) continue;
      if (reset) socket->set_option(asio::socket_base::linger(true, 0), ignored);  // close = RST
      socket->close(ignored);
    }
  }
};

struct FaultProxy::State : std::enable_shared_from_this<FaultProxy::State> {
  explicit State(Options o) : options(std::move(o)), acceptor(io), random(options.seed), reset_timer(io) {}

  Options options;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::unique_ptr<asio::ssl::context> tls;
  std::mt19937 random;
  asio::steady_timer reset_timer;
  std::map<std::uint64_t, std::weak_ptr<Connection>> live;  // io thread only
  std::uint64_t next_id = 1;
  std::thread thread;

  std::atomic<std::uint16_t> upstream_port{0};
  std::atomic<bool> silent{false};
  std::atomic<long long> delay_ms{0};
  std::atomic<std::size_t> throttle{0};
  std::atomic<bool> split{false};
  std::atomic<bool> refuse_upgrades{false};
  std::atomic<std::size_t> accepted{0};
  std::atomic<std::size_t> reset_count{0};
  std::atomic<std::size_t> refused{0};
  bool resetting = false;  // io thread only
  milliseconds reset_min{0}, reset_max{0};

  static asio::awaitable<void> sleep(milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(asio::use_awaitable);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      ++accepted;
      auto connection = std::make_shared<Connection>(std::move(socket));
      live[next_id++] = connection;
      asio::co_spawn(io, serve(connection), asio::detached);
    }
  }

  static bool is_upgrade(std::string head) {
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    return head.find("\r\nupgrade: websocket") != std::string::npos ||
           head.find("\r\nupgrade:websocket") != std::string::npos;
  }

  template <class Source>
  static asio::awaitable<std::size_t> read_some(Source& source, asio::mutable_buffer buffer) {
    co_return co_await source.async_read_some(buffer, asio::use_awaitable);
  }

  asio::awaitable<std::size_t> read_client(Connection& c, asio::mutable_buffer buffer) {
    if (c.tls) co_return co_await c.tls->async_read_some(buffer, asio::use_awaitable);
    co_return co_await c.client.async_read_some(buffer, asio::use_awaitable);
  }

  asio::awaitable<void> write_client(Connection& c, asio::const_buffer buffer) {
    if (c.tls) {
      co_await asio::async_write(*c.tls, buffer, asio::use_awaitable);
    } else {
      co_await asio::async_write(c.client, buffer, asio::use_awaitable);
    }
  }

  // Forwards one chunk with the current faults applied.
  asio::awaitable<void> forward(Connection& c, bool to_upstream, std::string_view bytes) {
    while (silent && !c.ended) co_await sleep(milliseconds(10));
    if (const auto delay = delay_ms.load(); delay > 0) co_await sleep(milliseconds(delay));
    while (!bytes.empty() && !c.ended) {
      std::size_t piece = bytes.size();
      if (split) piece = std::min<std::size_t>(piece, std::uniform_int_distribution<std::size_t>(1, 64)(random));
      if (const auto rate = throttle.load(); rate > 0) {
        piece = std::min<std::size_t>(piece, std::max<std::size_t>(rate / 20, 1));  // ~50 ms slices
      }
      const auto chunk = asio::buffer(bytes.data(), piece);
      if (to_upstream) {
        co_await asio::async_write(c.upstream, chunk, asio::use_awaitable);
      } else {
        co_await write_client(c, chunk);
      }
      bytes.remove_prefix(piece);
      if (const auto rate = throttle.load(); rate > 0) {
        co_await sleep(milliseconds(static_cast<long long>(piece * 1000 / rate)));
      }
    }
  }

  asio::awaitable<void> serve(std::shared_ptr<Connection> c) {
    try {
      if (tls) {
        c->tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(c->client, *tls);
        co_await c->tls->async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
      }
      // The first request head, whole (bounded), before anything reaches the server.
      std::string head;
      std::array<char, 8192> buffer{};
      while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        const auto n = co_await read_client(*c, asio::buffer(buffer));
        head.append(buffer.data(), n);
      }
      if (refuse_upgrades && is_upgrade(head)) {
        ++refused;
        static constexpr std::string_view refusal =
            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nConnection: close\r\n\r\n"
            "upgrades forbidden\n";
        co_await write_client(*c, asio::buffer(refusal));
        c->end(false);
        co_return;
      }
      while (silent && !c->ended) co_await sleep(milliseconds(10));
      const tcp::endpoint upstream(asio::ip::make_address(options.upstream_host), upstream_port.load());
      co_await c->upstream.async_connect(upstream, asio::use_awaitable);
      co_await forward(*c, true, head);
      asio::co_spawn(io, pump_down(c), asio::detached);
      for (;;) {
        const auto n = co_await read_client(*c, asio::buffer(buffer));
        co_await forward(*c, true, std::string_view(buffer.data(), n));
      }
    } catch (const std::exception&) {
      // EOF, reset or refusal on either side: the connection ends as a whole.
    }
    c->end(false);
  }

  asio::awaitable<void> pump_down(std::shared_ptr<Connection> c) {
    try {
      std::array<char, 8192> buffer{};
      for (;;) {
        const auto n = co_await c->upstream.async_read_some(asio::buffer(buffer), asio::use_awaitable);
        co_await forward(*c, false, std::string_view(buffer.data(), n));
      }
    } catch (const std::exception&) {
    }
    c->end(false);
  }

  void reset_now() {
    for (auto& [id, weak] : live) {
      if (auto connection = weak.lock(); connection && !connection->ended) {
        ++reset_count;  // counted first: the peer may look at the count as soon as it sees the RST
        connection->end(true);
      }
    }
    std::erase_if(live, [](const auto& entry) { return entry.second.expired(); });
  }

  void schedule_reset() {
    if (!resetting) return;
    const auto wait = std::uniform_int_distribution<long long>(reset_min.count(), reset_max.count())(random);
    reset_timer.expires_after(milliseconds(wait));
    reset_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || !self->resetting) return;
      self->reset_now();
      self->schedule_reset();
    });
  }
};

FaultProxy::FaultProxy(Options options) : state_(std::make_shared<State>(std::move(options))) {
  auto& s = *state_;
  s.upstream_port = s.options.upstream_port;
  if (!s.options.tls_certificate_file.empty()) {
    s.tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    s.tls->use_certificate_chain_file(s.options.tls_certificate_file);
    s.tls->use_private_key_file(s.options.tls_key_file, asio::ssl::context::pem);
  }
  const tcp::endpoint local(asio::ip::make_address("127.0.0.1"), 0);
  s.acceptor.open(local.protocol());
  s.acceptor.set_option(tcp::acceptor::reuse_address(true));
  s.acceptor.bind(local);
  s.acceptor.listen();
  port_ = s.acceptor.local_endpoint().port();
  asio::co_spawn(s.io, s.accept_loop(), asio::detached);
  s.thread = std::thread([&s] { s.io.run(); });
}

FaultProxy::~FaultProxy() {
  asio::post(state_->io, [s = state_.get()] {
    s->resetting = false;
    s->reset_timer.cancel();
    boost::system::error_code ignored;
    s->acceptor.close(ignored);
    s->reset_now();
    s->io.stop();
  });
  state_->thread.join();
}

void FaultProxy::set_upstream_port(std::uint16_t port) { state_->upstream_port = port; }

void FaultProxy::reset_all() {
  asio::post(state_->io, [s = state_] { s->reset_now(); });
}

void FaultProxy::start_random_resets(milliseconds min, milliseconds max) {
  asio::post(state_->io, [s = state_, min, max] {
    s->reset_min = min;
    s->reset_max = std::max(min, max);
    s->resetting = true;
    s->reset_timer.cancel();
    s->schedule_reset();
  });
}

void FaultProxy::stop_random_resets() {
  asio::post(state_->io, [s = state_] {
    s->resetting = false;
    s->reset_timer.cancel();
  });
}

void FaultProxy::set_silent(bool silent) { state_->silent = silent; }
void FaultProxy::set_delay(milliseconds delay) { state_->delay_ms = delay.count(); }
void FaultProxy::set_throttle(std::size_t bytes_per_second) { state_->throttle = bytes_per_second; }
void FaultProxy::set_split(bool split) { state_->split = split; }
void FaultProxy::set_refuse_upgrades(bool refuse) { state_->refuse_upgrades = refuse; }
std::size_t FaultProxy::connections_accepted() const noexcept { return state_->accepted; }
std::size_t FaultProxy::resets() const noexcept { return state_->reset_count; }
std::size_t FaultProxy::upgrades_refused() const noexcept { return state_->refused; }

}  // namespace tether::test
