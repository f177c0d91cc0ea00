// The two kinds of connection the server speaks over: plain TCP, and TLS over TCP (when
// it has a certificate, --tls-cert). The sessions are templates on the stream inside
// their .cpp files; headers declare one overload per kind and stay free of the SSL
// headers (ssl_stream is only declared here).
#pragma once

#include <boost/beast/core/tcp_stream.hpp>

namespace boost::beast {
template <class NextLayer>
class ssl_stream;
}  // namespace boost::beast

namespace tether::server {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<PlainStream>;

}  // namespace tether::server
