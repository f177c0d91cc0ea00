// URL -> Endpoint (see endpoint.hpp), with Boost.URL doing the parsing.
#include "tether/client/endpoint.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace tether {

std::string Endpoint::host_header() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  const std::string name = ipv6 ? "[" + host + "]" : host;
  const bool default_port = (secure && port == "443") || (!secure && port == "80");
  return default_port ? name : name + ":" + port;
}

std::optional<Endpoint> parse_endpoint(std::string_view url, std::string* error) {
  const auto fail = [&](std::string reason) -> std::optional<Endpoint> {
    if (error != nullptr) *error = std::move(reason);
    return std::nullopt;
  };
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return fail("\"" + std::string(url) + "\" is not a URL (" + parsed.error().message() + ").");
  const auto& view = *parsed;
  Endpoint endpoint;
  const auto scheme = view.scheme();
  if (scheme == "wss" || scheme == "https") {
    endpoint.secure = true;
  } else if (scheme != "ws" && scheme != "http") {
    return fail("The URL must start with ws://, wss://, http:// or https://, not \"" + std::string(scheme) + "://\".");
  }
  endpoint.host = view.host_address();
  if (endpoint.host.empty()) return fail("The URL \"" + std::string(url) + "\" has no host.");
  endpoint.port = view.has_port() ? std::string(view.port()) : (endpoint.secure ? "443" : "80");
  const auto path = std::string(view.path());
  if (!path.empty() && path != "/") endpoint.websocket_path = path;
  for (const auto& param : view.params()) {
    if (param.key == "token" && param.has_value) endpoint.token_in_url = param.value;
  }
  return endpoint;
}

}  // namespace tether
