// The HTTP/1.1 messages of the test clients, the same over plain TCP (test_client) and
// TLS (https_client): a request as a browser or native client would send it, and the
// answer in the shape the tests check.
#pragma once

#include "tests/support/test_client.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <map>
#include <string>

namespace tether::testing {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Host is 127.0.0.1:port; a non-empty body is sent as JSON.
HttpRequest make_http_request(unsigned short port, const std::string& method, const std::string& target,
                              const std::string& body, const std::map<std::string, std::string>& headers);

HttpResult to_http_result(const HttpResponse& response);

}  // namespace tether::testing
