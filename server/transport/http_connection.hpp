// One HTTP connection: reads requests (bounded header and body, with a timeout),
// checks access, and routes each to the WebSocket upgrade, the SSE stream, the REST
// API, /healthz, the token landing or the static web UI. When the server has a
// certificate, the connection is TLS from its first byte (https and wss only).
#pragma once

#include "server/transport/streams.hpp"

namespace tether::server {

struct ServerContext;

// accepted: the TCP connection as the listener accepted it.
void start_http_connection(PlainStream accepted, ServerContext& context);

}  // namespace tether::server
