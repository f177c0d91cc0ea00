// HTTPS for tests of `tether serve --tls-cert`: one request with the certificate
// verified against a test CA (host name 127.0.0.1 included), and the first bytes of a
// streaming answer (SSE). Every call has a deadline; a failure (TLS included) throws.
#pragma once

#include "tests/support/test_client.hpp"

#include <chrono>
#include <map>
#include <string>

namespace tether::testing {

HttpResult https_request(unsigned short port, const std::string& ca_file, const std::string& method,
                         const std::string& target, const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {});

// Sends GET target and reads the answer, headers included, until `needle` shows up;
// throws when it does not within `timeout`.
std::string https_read_until(unsigned short port, const std::string& ca_file, const std::string& target,
                             const std::map<std::string, std::string>& headers, const std::string& needle,
                             std::chrono::milliseconds timeout = 10s);

}  // namespace tether::testing
