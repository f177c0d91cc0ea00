#include "server/transport/tls_context.hpp"

#include <boost/asio/ssl/context.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace tether::server {
namespace ssl = boost::asio::ssl;

namespace {

// Why a file cannot be read, in the system's words, or nothing when it can.
std::optional<std::string> unreadable(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) return "it is a directory";
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string(std::strerror(errno));
  ::close(fd);
  return std::nullopt;
}

}  // namespace

std::variant<std::shared_ptr<ssl::context>, std::string> make_server_tls_context(
    const std::filesystem::path& cert_file, const std::filesystem::path& key_file) {
  if (auto why = unreadable(cert_file)) return "cannot read the certificate --tls-cert " + cert_file.string() + ": " + *why;
  if (auto why = unreadable(key_file)) return "cannot read the private key --tls-key " + key_file.string() + ": " + *why;

  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  // No SSL, TLS 1.0 or 1.1 (deprecated, RFC 8996); a fresh key per (EC)DHE exchange;
  // no compression (CRIME).
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use |
                       ssl::context::no_compression);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  // OpenSSL would ask for a passphrase on the terminal: a server must not wait on a
  // prompt. An encrypted key then fails to load, with the advice below.
  context->set_password_callback([](std::size_t, ssl::context::password_purpose) { return std::string(); });

  boost::system::error_code ec;
  context->use_certificate_chain_file(cert_file.string(), ec);
  if (ec) {
    return "the certificate --tls-cert " + cert_file.string() + " cannot be used (" + ec.message() +
           "): give a PEM file with the server's certificate first, then any intermediate ones";
  }
  context->use_private_key_file(key_file.string(), ssl::context::pem, ec);
  if (ec) {
    return "the private key --tls-key " + key_file.string() + " cannot be used (" + ec.message() +
           "): give the unencrypted PEM key of the certificate (decrypt one with a passphrase with "
           "`openssl pkey -in KEY -out KEY.plain`)";
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return "the private key --tls-key " + key_file.string() + " does not belong to the certificate --tls-cert " +
           cert_file.string() + ": give the key the certificate was made for";
  }
  return context;
}

}  // namespace tether::server
