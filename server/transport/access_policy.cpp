#include "server/transport/access_policy.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace tether::server {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto end = header.find(';');
    auto pair = trim(header.substr(0, end));
    if (const auto eq = pair.find('='); eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
      return trim(pair.substr(eq + 1));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char expected, char actual) { return std::tolower(static_cast<unsigned char>(actual)) == expected; });
}

}  // namespace

AccessPolicy::AccessPolicy(std::string token, std::string host, std::vector<std::string> allowed_hosts,
                           std::vector<std::string> allowed_origins, bool tls)
    : token_(std::move(token)), tls_(tls), host_names_{"127.0.0.1", "localhost", "[::1]"}, allowed_origins_(std::move(allowed_origins)) {
  if (host != "0.0.0.0" && host != "::") allowed_hosts.push_back(host.find(':') != std::string::npos ? "[" + host + "]" : host);
  for (auto& name : allowed_hosts) {
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::find(host_names_.begin(), host_names_.end(), name) == host_names_.end()) host_names_.push_back(name);
  }
}

bool AccessPolicy::token_matches(std::string_view candidate) const {
  // Constant time: how much of a guess is right must not show in the response time.
  return candidate.size() == token_.size() && CRYPTO_memcmp(candidate.data(), token_.data(), token_.size()) == 0;
}

bool AccessPolicy::authorized(std::string_view authorization, std::string_view cookie) const {
  authorization = trim(authorization);
  if (iequals_prefix(authorization, "bearer ")) return token_matches(trim(authorization.substr(7)));
  if (auto value = cookie_value(cookie, kCookieName)) return token_matches(*value);
  return false;
}

bool AccessPolicy::origin_allowed(std::string_view origin, std::string_view host) const {
  if (std::find(allowed_origins_.begin(), allowed_origins_.end(), origin) != allowed_origins_.end()) return true;
  if (!host_allowed(host)) return false;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (tls_ && scheme == "http://") continue;  // this server is never reached over http
    if (origin.size() == scheme.size() + host.size() && origin.starts_with(scheme) && origin.ends_with(host)) {
      return true;
    }
  }
  return false;
}

bool AccessPolicy::host_allowed(std::string_view host) const {
  // Strip the port: "name:port" or "[v6]:port".
  auto name = host;
  if (const auto colon = name.rfind(':'); colon != std::string_view::npos && name.find(']', colon) == std::string_view::npos) {
    name = name.substr(0, colon);
  }
  std::string lowered(name);
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(host_names_.begin(), host_names_.end(), lowered) != host_names_.end();
}

std::string AccessPolicy::session_cookie() const {
  return std::string(kCookieName) + "=" + token_ + "; Path=/; HttpOnly; SameSite=Strict" + (tls_ ? "; Secure" : "");
}

std::string generate_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness available for the token");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char byte : bytes) {
    token += kHex[byte >> 4];
    token += kHex[byte & 0xF];
  }
  return token;
}

}  // namespace tether::server
