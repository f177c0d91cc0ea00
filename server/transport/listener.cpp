#include "server/transport/listener.hpp"

#include "server/transport/http_connection.hpp"
#include "server/transport/server_context.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <spdlog/spdlog.h>

namespace tether::server {
namespace asio = boost::asio;

asio::awaitable<void> accept_connections(asio::ip::tcp::acceptor& acceptor, asio::io_context& io,
                                         ServerContext& context) {
  auto executor = co_await asio::this_coro::executor;
  for (;;) {
    // Each connection gets a strand of its own: its handlers never run concurrently. A
    // strand of the io_context's own executor fits inside the socket's any_io_executor;
    // a strand of an any_io_executor would not (a heap block per connection and per copy).
    asio::ip::tcp::socket socket(asio::make_strand(io));
    boost::system::error_code ec;
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors, typically: wait a little instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(executor, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    start_http_connection(boost::beast::tcp_stream(std::move(socket)), context);
  }
}

}  // namespace tether::server
