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

  AccessPolicy(std::string token, std::string host, unsigned short port, std::vector<std::string> allowed_origins);

  // From the Authorization and Cookie header values (either may be empty).
  bool authorized(std::string_view authorization, std::string_view cookie) const;
  bool token_matches(std::string_view candidate) const;
  // A present Origin must be this server's own (http://<allowed host>:<port>) or allowed.
  bool origin_allowed(std::string_view origin) const;
  // The Host header must name this server (loopback names, or the --host it binds).
  bool host_allowed(std::string_view host) const;

  // The Set-Cookie value that carries the token for the browser.
  std::string session_cookie() const;
  // The port actually bound (port 0 is resolved after listening).
  void set_port(unsigned short port);

 private:
  std::string token_;
  std::vector<std::string> host_names_;
  unsigned short port_;
  std::vector<std::string> allowed_origins_;
};

// A fresh token: 32 random bytes from the OS, hex-encoded.
std::string generate_token();

}  // namespace tether::server
