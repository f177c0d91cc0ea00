// Connection helpers shared by the Beast-based parts of libtether (WebSocket, fallback,
// REST): one way to open a plain or TLS stream, to close it, and to name a failure.
// Private: only the .cpp files that already pay for Beast include it.
#pragma once

#include "transport.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <memory>
#include <string>
#include <type_traits>

namespace tether::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
constexpr bool is_tls = std::is_same_v<Stream, TlsStream>;

template <class Stream>
std::unique_ptr<Stream> new_stream(const asio::any_io_executor& executor, const TransportContext& context) {
  if constexpr (is_tls<Stream>) {
    return std::make_unique<Stream>(executor, *context.tls);
  } else {
    return std::make_unique<Stream>(executor);
  }
}

// Resolves, connects and, for TLS, handshakes with certificate and host-name checks.
template <class Stream>
asio::awaitable<void> open_stream(Stream& stream, const Endpoint& endpoint) {
  asio::ip::tcp::resolver resolver(co_await asio::this_coro::executor);
  const auto results = co_await resolver.async_resolve(endpoint.host, endpoint.port, asio::use_awaitable);
  co_await beast::get_lowest_layer(stream).async_connect(results, asio::use_awaitable);
  if constexpr (is_tls<Stream>) {
    boost::system::error_code not_an_address;
    (void)asio::ip::make_address(endpoint.host, not_an_address);
    // SNI is for names only; an IP address is checked against the certificate's IP SANs.
    if (not_an_address && SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str()) != 1) {
      throw boost::system::system_error(
          boost::system::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    }
    stream.set_verify_mode(asio::ssl::verify_peer);
    stream.set_verify_callback(asio::ssl::host_name_verification(endpoint.host));
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  }
}

// Abrupt close: cancels every pending operation on the stream.
template <class Stream>
void close_stream(Stream& stream) {
  beast::get_lowest_layer(stream).close();
}

// A failure the core can act on: TLS faults are fatal (retrying cannot fix a
// certificate), everything else is a network failure worth retrying.
TransportFailure failure_from(const boost::system::error_code& ec, const std::string& what);

}  // namespace tether::detail
