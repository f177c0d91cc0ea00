// Starts a WebSocket session on a socket whose HTTP upgrade request has been read and
// accepted by the HTTP session (token and Origin already checked).
#pragma once

#include "server/transport/streams.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace tether::server {

struct ServerContext;

using UpgradeRequest = boost::beast::http::request<boost::beast::http::string_body>;

void start_websocket_session(PlainStream stream, UpgradeRequest upgrade, ServerContext& context);
void start_websocket_session(TlsStream stream, UpgradeRequest upgrade, ServerContext& context);

}  // namespace tether::server
