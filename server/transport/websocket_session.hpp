// Starts a WebSocket session on a socket whose HTTP upgrade request has been read and
// accepted by the HTTP session (token and Origin already checked).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace tether::server {

struct ServerContext;

void start_websocket_session(boost::beast::tcp_stream stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             ServerContext& context);

}  // namespace tether::server
