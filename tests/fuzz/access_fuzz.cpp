// libFuzzer target: the header parsing of the access policy (Authorization, Cookie,
// Origin, Host), which every request reaches before any check has passed.
#include "server/transport/access_policy.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const tether::server::AccessPolicy policy("0123456789abcdef0123456789abcdef", "127.0.0.1", {"tether.lan"},
                                                   {"https://app.example:8443"});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto split = text.find('\x01');
  const auto first = text.substr(0, split);
  const auto second = split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
  (void)policy.authorized(first, second);
  (void)policy.origin_allowed(first, second);
  (void)policy.host_allowed(first);
  return 0;
}
