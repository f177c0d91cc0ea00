// GET /metrics: the Prometheus text exposition of server/metrics/metrics.hpp. Served on
// the main address behind the token like the API, and, with --metrics-listen, on an
// address of its own that answers /metrics only, without a token, for a scraper (on
// loopback, or a network only the monitoring system reaches).
#pragma once

#include "server/transport/http_types.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace tether::server {

struct ServerContext;

Response metrics_response(const Request& request, ServerContext& context);

// The --metrics-listen loop: runs until the acceptor is closed or the server stops.
boost::asio::awaitable<void> serve_metrics(boost::asio::ip::tcp::acceptor& acceptor, boost::asio::io_context& io,
                                           ServerContext& context);

}  // namespace tether::server
