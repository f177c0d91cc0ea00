// Who may talk to this server: the token (bearer header or cookie), the Origin of a
// browser request, and the Host it was addressed to (against DNS rebinding). Pure
// string logic, unit-tested apart from any socket.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server {

class AccessPolicy {
 public:
  static constexpr std::string_view kCookieName = "tether_token";

  // host: the address the server binds; allowed_hosts: more names it answers to;
  // tls: the server itself speaks https (and only that).
  AccessPolicy(std::string token, std::string host, std::vector<std::string> allowed_hosts,
               std::vector<std::string> allowed_origins, bool tls = false);

  // From the Authorization and Cookie header values (either may be empty).
  bool authorized(std::string_view authorization, std::string_view cookie) const;
  bool token_matches(std::string_view candidate) const;
  // A present Origin must be the origin the request was sent to (scheme://Host, with
  // an allowed Host) or one given with --allowed-origin. Comparing with Host rather
  // than with our port keeps a loopback proxy in front of the server working. The
  // scheme: https under TLS; without, http or https (a proxy that terminates TLS).
  bool origin_allowed(std::string_view origin, std::string_view host) const;
  // The Host header's name (any port) must be one this server answers to: loopback
  // names, the --host it binds, --allowed-host. A DNS-rebinding page sends its own name.
  bool host_allowed(std::string_view host) const;

  // The Set-Cookie value that carries the token for the browser; Secure under TLS, so
  // that the browser never sends it over plain http.
  std::string session_cookie() const;

 private:
  std::string token_;
  bool tls_;
  std::vector<std::string> host_names_;
  std::vector<std::string> allowed_origins_;
};

// A fresh token: 32 random bytes from the OS, hex-encoded.
std::string generate_token();

}  // namespace tether::server
