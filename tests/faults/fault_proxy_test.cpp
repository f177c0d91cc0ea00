// The fault proxy itself, against a plain TCP echo upstream: it must forward bytes
// intact whatever the splitting and delay, and each fault must do what it says, or the
// fault suite proves nothing.
#include "fault_proxy.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

#include <future>
#include <random>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tether::test {
namespace {
namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

// Echoes every connection's bytes back, one thread per connection. The threads are
// joined before the io_context their sockets belong to is destroyed.
class EchoServer {
 public:
  EchoServer() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] {
      for (;;) {
        boost::system::error_code ec;
        tcp::socket socket(io_);
        acceptor_.accept(socket, ec);
        if (ec) return;
        std::lock_guard lock(mutex_);
        auto& s = *sockets_.emplace_back(std::make_unique<tcp::socket>(std::move(socket)));
        connections_.emplace_back([&s] {
          std::array<char, 4096> buffer{};
          boost::system::error_code e;
          for (;;) {
            const auto n = s.read_some(asio::buffer(buffer), e);
            if (e) return;
            asio::write(s, asio::buffer(buffer.data(), n), e);
            if (e) return;
          }
        });
      }
    });
  }
  ~EchoServer() {
    // A blocking accept() or read_some() wakes up on shutdown(), not on close().
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    thread_.join();
    boost::system::error_code ignored;
    for (auto& socket : sockets_) socket->shutdown(tcp::socket::shutdown_both, ignored);
    for (auto& connection : connections_) connection.join();
    acceptor_.close(ignored);
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<tcp::socket>> sockets_;
  std::vector<std::thread> connections_;
};

struct Client {
  asio::io_context io;
  tcp::socket socket{io};
  explicit Client(std::uint16_t port) { socket.connect({asio::ip::make_address("127.0.0.1"), port}); }
  // Reads exactly n bytes, or fails after `limit`.
  std::string read(std::size_t n, std::chrono::milliseconds limit = 5000ms) {
    std::string out(n, '\0');
    auto future = std::async(std::launch::async, [&] {
      boost::system::error_code ec;
      const auto got = asio::read(socket, asio::buffer(out), ec);
      out.resize(got);
      return ec;
    });
    if (future.wait_for(limit) != std::future_status::ready) {
      socket.cancel();
      socket.shutdown(tcp::socket::shutdown_both);
      future.wait();
      return "<timeout>" + out;
    }
    last_error = future.get();
    return out;
  }
  boost::system::error_code last_error;
};

const std::string kRequest = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";

std::string random_bytes(std::size_t n) {
  std::mt19937 random(3);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(random());
  return s;
}

TEST(FaultProxy, ForwardsBytesIntactWhileSplittingAndDelaying) {
  EchoServer echo;
  FaultProxy proxy({.upstream_port = echo.port()});
  proxy.set_split(true);
  proxy.set_delay(2ms);
  Client client(proxy.port());
  const auto payload = kRequest + random_bytes(20000);
  asio::write(client.socket, asio::buffer(payload));
  EXPECT_EQ(client.read(payload.size()), payload);
  EXPECT_EQ(proxy.connections_accepted(), 1u);
}

TEST(FaultProxy, ResetEndsTheConnectionWithAnError) {
  EchoServer echo;
  FaultProxy proxy({.upstream_port = echo.port()});
  Client client(proxy.port());
  asio::write(client.socket, asio::buffer(kRequest));
  ASSERT_EQ(client.read(kRequest.size()), kRequest);
  proxy.reset_all();
  client.read(1);
  EXPECT_TRUE(client.last_error == asio::error::connection_reset || client.last_error == asio::error::eof)
      << client.last_error.message();
  EXPECT_EQ(proxy.resets(), 1u);
}

TEST(FaultProxy, SilentHoldsDataWithoutClosingAndReleasesItLater) {
  EchoServer echo;
  FaultProxy proxy({.upstream_port = echo.port()});
  Client client(proxy.port());
  asio::write(client.socket, asio::buffer(kRequest));
  ASSERT_EQ(client.read(kRequest.size()), kRequest);
  proxy.set_silent(true);
  asio::write(client.socket, asio::buffer(std::string("ping")));
  std::string got;
  auto reader = std::async(std::launch::async, [&] { return client.read(4, 3000ms); });
  EXPECT_EQ(reader.wait_for(300ms), std::future_status::timeout) << "nothing may pass while silent";
  proxy.set_silent(false);
  EXPECT_EQ(reader.get(), "ping");
}

TEST(FaultProxy, RefusesWebSocketUpgradesOnlyWhenAsked) {
  EchoServer echo;
  FaultProxy proxy({.upstream_port = echo.port()});
  const std::string upgrade = "GET /api/claude/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
  {
    Client client(proxy.port());
    asio::write(client.socket, asio::buffer(upgrade));
    EXPECT_EQ(client.read(upgrade.size()), upgrade) << "forwarded while upgrades are allowed";
  }
  proxy.set_refuse_upgrades(true);
  Client client(proxy.port());
  asio::write(client.socket, asio::buffer(upgrade));
  const auto answer = client.read(12);
  EXPECT_EQ(answer, "HTTP/1.1 403");
  EXPECT_EQ(proxy.upgrades_refused(), 1u);
  Client plain(proxy.port());
  asio::write(plain.socket, asio::buffer(kRequest));
  EXPECT_EQ(plain.read(kRequest.size()), kRequest) << "plain HTTP still passes";
}

TEST(FaultProxy, ThrottleLimitsTheRate) {
  EchoServer echo;
  FaultProxy proxy({.upstream_port = echo.port()});
  proxy.set_throttle(20000);  // bytes per second, each way
  Client client(proxy.port());
  const auto payload = kRequest + std::string(4000, 'x');
  const auto start = std::chrono::steady_clock::now();
  asio::write(client.socket, asio::buffer(payload));
  EXPECT_EQ(client.read(payload.size()), payload);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms) << "~4 KB each way at 20 KB/s";
}

}  // namespace
}  // namespace tether::test
