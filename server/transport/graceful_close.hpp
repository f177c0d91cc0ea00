// Ends a connection the polite way for its kind, with a bound on how long it may take.
#pragma once

#include "server/transport/streams.hpp"

#include <boost/asio/awaitable.hpp>

namespace tether::server {

// Half-closes: the peer reads everything sent, then EOF.
boost::asio::awaitable<void> close_gracefully(PlainStream& stream);
// Sends close_notify (so the peer can tell an end from a truncation) and waits a few
// seconds at most for the peer's: a silent peer cannot hold the socket.
boost::asio::awaitable<void> close_gracefully(TlsStream& stream);

}  // namespace tether::server
