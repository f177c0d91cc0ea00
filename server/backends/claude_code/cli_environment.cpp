// The CLI's environment; the list and its reasons are in cli_environment.hpp.
#include "server/backends/claude_code/cli_environment.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <span>

namespace tether::server::claude_code {
namespace {

constexpr std::string_view kPassedNames[] = {
    "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR", "TZ", "LANG", "LANGUAGE", "TERM", "COLORTERM", "NO_COLOR",
    "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
    "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
    "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"};
constexpr std::string_view kPassedPrefixes[] = {"LC_", "ANTHROPIC_", "CLAUDE_"};

constexpr std::string_view kBedrockSwitch = "CLAUDE_CODE_USE_BEDROCK";
constexpr std::string_view kBedrockPrefixes[] = {"AWS_"};
constexpr std::string_view kVertexSwitch = "CLAUDE_CODE_USE_VERTEX";
constexpr std::string_view kVertexPrefixes[] = {"GOOGLE_", "CLOUD_ML_", "VERTEX_"};
constexpr std::string_view kVertexNames[] = {"GCLOUD_PROJECT", "CLOUDSDK_CONFIG"};

bool is_one_of(std::string_view name, std::span<const std::string_view> names) {
  return std::ranges::find(names, name) != names.end();
}

bool has_one_of(std::string_view name, std::span<const std::string_view> prefixes) {
  return std::ranges::any_of(prefixes, [&](std::string_view prefix) { return name.starts_with(prefix); });
}

std::string lower(std::string_view text) {
  std::string result(text);
  for (auto& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// NAME of a NAME=value entry; nullopt for an entry without '=' (nothing to pass on).
std::optional<std::string_view> name_of(std::string_view entry) {
  const auto equals = entry.find('=');
  if (equals == std::string_view::npos || equals == 0) return std::nullopt;
  return entry.substr(0, equals);
}

// The value of `name`, the first one as getenv(3) finds it.
std::optional<std::string_view> value_of(const std::vector<std::string>& env, std::string_view name) {
  for (const auto& entry : env)
    if (name_of(entry) == name) return std::string_view(entry).substr(name.size() + 1);
  return std::nullopt;
}

// How the CLI reads a switch such as CLAUDE_CODE_USE_BEDROCK.
bool is_on(std::optional<std::string_view> value) {
  if (!value) return false;
  const auto text = lower(*value);
  return text == "1" || text == "true" || text == "yes" || text == "on";
}

struct Providers {
  bool bedrock = false;
  bool vertex = false;
};

bool is_passed_by_default(std::string_view name, Providers providers) {
  if (is_one_of(name, kPassedNames) || has_one_of(name, kPassedPrefixes)) return true;
  if (providers.bedrock && has_one_of(name, kBedrockPrefixes)) return true;
  return providers.vertex && (has_one_of(name, kVertexPrefixes) || is_one_of(name, kVertexNames));
}

}  // namespace

bool is_valid_env_name(std::string_view name) noexcept {
  return !name.empty() && name.find('=') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

bool is_withheld_env_name(std::string_view name) noexcept {
  // Names are case-sensitive, but a tether_token set by mistake is no less a secret.
  constexpr std::string_view kServerPrefix = "tether_";
  const bool is_server_setting =
      name.size() >= kServerPrefix.size() &&
      std::ranges::equal(name.substr(0, kServerPrefix.size()), kServerPrefix, [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      });
  return is_server_setting || name == "NODE_OPTIONS";
}

CliEnvironment cli_environment(const std::vector<std::string>& server_env,
                               const std::vector<std::string>& extra_names) {
  CliEnvironment result;
  std::set<std::string_view> extras;
  for (const auto& name : extra_names) {
    if (is_withheld_env_name(name)) {
      if (std::find(result.withheld.begin(), result.withheld.end(), name) == result.withheld.end())
        result.withheld.push_back(name);
    } else if (extras.insert(name).second && !value_of(server_env, name)) {
      result.unset.push_back(name);
    }
  }
  const Providers providers{is_on(value_of(server_env, kBedrockSwitch)), is_on(value_of(server_env, kVertexSwitch))};
  for (const auto& entry : server_env) {
    const auto name = name_of(entry);
    if (!name || is_withheld_env_name(*name)) continue;
    if (is_passed_by_default(*name, providers) || extras.contains(*name)) result.entries.push_back(entry);
  }
  return result;
}

}  // namespace tether::server::claude_code
