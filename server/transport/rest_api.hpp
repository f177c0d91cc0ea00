// The REST routes (/api/sessions…) and the fallback send route (POST /api/claude/messages),
// as a table of routes. The streaming routes (WebSocket, SSE) are in http_connection.cpp.
#pragma once

#include "server/transport/http_types.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>

namespace tether::server {

struct ServerContext;

// The answer, or nothing when no REST route has this path.
boost::asio::awaitable<std::optional<Response>> handle_rest(const Request& request, ServerContext& context);

}  // namespace tether::server
