// The server's TLS context, made once at start from --tls-cert and --tls-key: TLS 1.2
// at least, OpenSSL's default cipher choice, the PEM chain and its key.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <variant>

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace tether::server {

// The context, or what is wrong in words: which file, why, and what to do about it.
std::variant<std::shared_ptr<boost::asio::ssl::context>, std::string> make_server_tls_context(
    const std::filesystem::path& cert_file, const std::filesystem::path& key_file);

}  // namespace tether::server
