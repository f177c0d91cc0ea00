#include "server/transport/http_types.hpp"

#include "server/metrics/metrics.hpp"

#include "tether/protocol/messages.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

namespace tether::server {
namespace http = boost::beast::http;

void add_security_headers(Response& response) {
  response.set(http::field::server, "tether");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-EncodedText-Options", "DENY");
  response.set(http::field::cache_control, "no-store");
  // No Strict-Transport-Security, even under TLS: it binds a whole host name (every
  // port) for its max-age, and this one port does not own 127.0.0.1, localhost or the
  // machine's name; browsers ignore it for IP addresses anyway. The token cookie is
  // Secure under TLS, which is what HSTS would protect here.
}

Response json_response(const Request& request, http::status status, const boost::json::value& body) {
  Response response{status, request.version()};
  add_security_headers(response);
  response.set(http::field::content_type, "application/json");
  response.keep_alive(request.keep_alive());
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

Response error_response(const Request& request, const protocol::Error& error) {
  metrics::registry().error(error.code);
  const auto status = static_cast<http::status>(protocol::http_status(error.code));
  return json_response(request, status, boost::json::object{{protocol::field::error, protocol::to_json(error)}});
}

Response error_response(const Request& request, protocol::ErrorCode code, std::string message) {
  return error_response(request, protocol::make_error(code, std::move(message)));
}

}  // namespace tether::server
