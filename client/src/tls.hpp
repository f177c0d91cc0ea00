// TLS set-up shared by every secure connection of libtether: the context (system CAs
// or a custom CA file) and per-connection host verification.
#pragma once

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace tether::detail {

// Throws std::runtime_error with a readable reason when the CA file cannot be used.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::string& ca_file);

}  // namespace tether::detail
