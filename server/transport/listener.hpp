// Accepts TCP connections and gives each its own strand and HTTP session.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace tether::server {

struct ServerContext;

// Runs until the acceptor is closed (server stop).
boost::asio::awaitable<void> accept_connections(boost::asio::ip::tcp::acceptor& acceptor, boost::asio::io_context& io,
                                               ServerContext& context);

}  // namespace tether::server
