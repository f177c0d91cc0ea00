#include "tests/support/http_message.hpp"

#include <cctype>

namespace tether::testing {
namespace http = boost::beast::http;

HttpRequest make_http_request(unsigned short port, const std::string& method, const std::string& target,
                              const std::string& body, const std::map<std::string, std::string>& headers) {
  HttpRequest request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  return request;
}

HttpResult to_http_result(const HttpResponse& response) {
  HttpResult result;
  result.status = response.result_int();
  result.body = response.body();
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result.headers[name] = std::string(field.value());
  }
  return result;
}

}  // namespace tether::testing
