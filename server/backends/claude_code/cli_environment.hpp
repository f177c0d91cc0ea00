// The environment of the Claude Code CLI: an allowlist over the server's own.
//
// Whatever the CLI gets, the model gets too: its Bash tool runs commands with the CLI's
// environment, and a prompt (or a file the model reads) can ask it to run `env`. So the
// server's secrets (TETHER_TOKEN above all, which drives this very server) must not be in
// it. Only what the CLI and the tools it starts need is passed:
//
//   PATH HOME USER LOGNAME SHELL TMPDIR TZ      finding programs, the home directory (where
//                                               ~/.claude lives), the user's shell for Bash,
//                                               temp files, local time
//   LANG LANGUAGE LC_*                          the locale of tool output (UTF-8 file names)
//   TERM COLORTERM NO_COLOR                     how tools colour their output
//   HTTP_PROXY HTTPS_PROXY NO_PROXY ALL_PROXY   a network that reaches the API only through
//     (and their lower-case forms)              a proxy
//   SSL_CERT_FILE SSL_CERT_DIR                  a corporate CA, for the API and for tools
//   NODE_EXTRA_CA_CERTS                         ... and for Node, which the CLI runs on
//   XDG_CONFIG_HOME XDG_CACHE_HOME              where tools keep their configuration, caches,
//   XDG_DATA_HOME XDG_STATE_HOME                data and sockets
//   XDG_RUNTIME_DIR
//   ANTHROPIC_*                                 the API: key, base URL, models, headers
//   CLAUDE_* (CLAUDE_CODE_* among them)         the CLI's own settings and config dir
//
// Cloud credentials only with the provider that needs them. The CLI reads AWS_* (the AWS
// SDK's credential chain: keys, profile, region, Bedrock API key) only when
// CLAUDE_CODE_USE_BEDROCK is on, and GOOGLE_*, CLOUD_ML_*, VERTEX_*, GCLOUD_PROJECT and
// CLOUDSDK_CONFIG (Google's auth library, region and project) only when
// CLAUDE_CODE_USE_VERTEX is on. A server on a cloud machine often has such credentials
// in its environment for other reasons; they reach the model only when the operator
// chose that provider for the CLI (then the model can read them: they are the CLI's).
// "On" as the CLI reads these switches: 1, true, yes or on, in any case.
//
// The operator passes anything else by name (`tether serve --claude-env NAME`), e.g.
// SSH_AUTH_SOCK for `git push` over SSH, or a switch of the CLI without the CLAUDE_
// prefix (DISABLE_AUTOUPDATER, BASH_DEFAULT_TIMEOUT_MS, ...). The `env` of the CLI's own
// settings.json is another way, which does not involve Tether at all.
//
// Never passed, even when the operator names them:
//   TETHER_*       the server's configuration, TETHER_TOKEN among it
//   NODE_OPTIONS   it would apply to the CLI's own Node runtime (--require of any file,
//                  --inspect); the official SDK drops it for the same reason
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tether::server::claude_code {

// Whether `name` can name an environment variable: not empty, no '=' and no NUL.
bool is_valid_env_name(std::string_view name) noexcept;

// TETHER_* and NODE_OPTIONS: never given to the CLI.
bool is_withheld_env_name(std::string_view name) noexcept;

struct CliEnvironment {
  std::vector<std::string> entries;   // NAME=value, in the server's order: the CLI's environment
  std::vector<std::string> withheld;  // names the operator asked for that are never passed (to warn about)
  std::vector<std::string> unset;     // names the operator asked for that the server does not have
};

// `server_env` is the server's environment (NAME=value entries, as in environ);
// `extra_names` are the names the operator allows on top of the list above.
CliEnvironment cli_environment(const std::vector<std::string>& server_env,
                               const std::vector<std::string>& extra_names);

}  // namespace tether::server::claude_code
