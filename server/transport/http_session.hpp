// One HTTP connection: reads requests (bounded header and body, with a timeout),
// checks access, and routes each to the WebSocket upgrade, the SSE stream, the REST
// API, /healthz, the token landing or the static web UI.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>

namespace tether::server {

struct ServerContext;

void start_http_session(boost::beast::tcp_stream stream, ServerContext& context);

}  // namespace tether::server
