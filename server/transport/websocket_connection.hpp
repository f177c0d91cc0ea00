// Starts a WebSocket session on a socket whose HTTP upgrade request has been read,
// checked (token, Origin, handshake headers) and accepted by the HTTP session.
#pragma once

#include "server/transport/streams.hpp"

#include <string>

namespace tether::server {

struct ServerContext;

// handshake_response: the 101 response, written first by the session's writer.
void start_websocket_connection(PlainStream stream, std::string handshake_response, ServerContext& context);
void start_websocket_connection(TlsStream stream, std::string handshake_response, ServerContext& context);

}  // namespace tether::server
