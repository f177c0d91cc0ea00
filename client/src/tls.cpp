// TLS contexts (see tls.hpp). Peer verification is always on: a custom CA file is the
// way to trust a self-signed server, never switching verification off.
#include "tls.hpp"

#include <boost/asio/ssl/context.hpp>

#include <stdexcept>

namespace tether::detail {

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::string& ca_file) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  if (ca_file.empty()) {
    context->set_default_verify_paths(ec);
  } else {
    context->load_verify_file(ca_file, ec);
  }
  if (ec) {
    throw std::runtime_error("Cannot load the CA certificates" + (ca_file.empty() ? std::string() : " from " + ca_file) +
                             ": " + ec.message() + ".");
  }
  context->set_verify_mode(ssl::verify_peer);
  return context;
}

}  // namespace tether::detail
