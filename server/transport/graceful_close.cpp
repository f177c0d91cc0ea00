#include "server/transport/graceful_close.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace tether::server {
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

// A TLS peer that is still there answers close_notify within a round trip.
constexpr auto kTlsShutdownTimeout = std::chrono::seconds(5);

}  // namespace

asio::awaitable<void> close_gracefully(PlainStream& stream) {
  boost::system::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  co_return;
}

asio::awaitable<void> close_gracefully(TlsStream& stream) {
  auto& tcp = beast::get_lowest_layer(stream);
  boost::system::error_code ignored;
  if (tcp.socket().is_open()) {
    tcp.expires_after(kTlsShutdownTimeout);
    // Peers often close without their own close_notify (eof, reset): nothing to do then.
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ignored));
  }
  tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  tcp.socket().close(ignored);
}

}  // namespace tether::server
