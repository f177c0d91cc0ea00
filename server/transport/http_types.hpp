// The HTTP message types of the server and the helpers that build its answers. Every
// error answer is JSON: {"error": {"code", "message", "hint"}} with the code's status.
#pragma once

#include "tether/protocol/errors.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>

#include <string_view>

namespace tether::server {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

Response json_response(const Request& request, boost::beast::http::status status, const boost::json::value& body);
Response error_response(const Request& request, const protocol::Error& error);
Response error_response(const Request& request, protocol::ErrorCode code, std::string message);

// Headers every answer carries (no sniffing, no framing, no referrer leaks).
void add_security_headers(Response& response);

}  // namespace tether::server
