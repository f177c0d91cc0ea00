// The CLI's environment: the allowlist over the server's, what is never passed, the
// operator's extra names, and cloud credentials only with their provider.
#include "server/backends/claude_code/cli_environment.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cc = tether::server::claude_code;

namespace {

using Env = std::vector<std::string>;

Env entries(const Env& server_env, const Env& extra_names = {}) {
  return cc::cli_environment(server_env, extra_names).entries;
}

}  // namespace

TEST(CliEnvironment, KeepsTheListedVariablesInTheServersOrder) {
  const Env server_env = {
      "PATH=/usr/bin", "HOME=/home/ada", "USER=ada", "LOGNAME=ada", "SHELL=/bin/bash", "TMPDIR=/tmp/ada",
      "TZ=Europe/Paris", "LANG=fr_FR.UTF-8", "LANGUAGE=fr", "LC_ALL=C.UTF-8", "LC_CTYPE=C.UTF-8", "TERM=xterm",
      "COLORTERM=truecolor", "NO_COLOR=1", "HTTP_PROXY=http://p:3128", "HTTPS_PROXY=http://p:3128",
      "NO_PROXY=localhost", "ALL_PROXY=socks5://p", "http_proxy=http://p:3128", "https_proxy=http://p:3128",
      "no_proxy=localhost", "all_proxy=socks5://p", "SSL_CERT_FILE=/ca.pem", "SSL_CERT_DIR=/ca",
      "NODE_EXTRA_CA_CERTS=/ca.pem", "XDG_CONFIG_HOME=/c", "XDG_CACHE_HOME=/k", "XDG_DATA_HOME=/d",
      "XDG_STATE_HOME=/s", "XDG_RUNTIME_DIR=/run/user/1000", "ANTHROPIC_API_KEY=sk-1",
      "ANTHROPIC_BASE_URL=http://gateway", "CLAUDE_CONFIG_DIR=/cfg", "CLAUDE_CODE_MAX_RETRIES=1"};
  EXPECT_EQ(entries(server_env), server_env);
}

TEST(CliEnvironment, DropsEverythingElse) {
  EXPECT_EQ(entries({"PATH=/bin", "DATABASE_URL=postgres://secret", "GITHUB_TOKEN=ghp_x", "SSH_AUTH_SOCK=/agent",
                     "DISABLE_AUTOUPDATER=1", "LD_PRELOAD=/evil.so", "PATHEXT=x", "MYHOME=/x", "CLAUDE=1",
                     "ANTHROPIC=1", "XDG_SESSION_ID=3", "LC=1"}),
            Env{"PATH=/bin"});
}

TEST(CliEnvironment, NeverPassesTetherVariablesOrNodeOptions) {
  const Env server_env = {"TETHER_TOKEN=secret-token", "TETHER_SECRET_X=x", "tether_token=lower", "Tether_Port=1",
                          "NODE_OPTIONS=--require /evil.js", "HOME=/home/ada"};
  auto environment =
      cc::cli_environment(server_env, {"TETHER_TOKEN", "TETHER_SECRET_X", "NODE_OPTIONS", "TETHER_TOKEN"});
  EXPECT_EQ(environment.entries, Env{"HOME=/home/ada"});
  // Each refused name once, to be logged at start-up.
  EXPECT_EQ(environment.withheld, (Env{"TETHER_TOKEN", "TETHER_SECRET_X", "NODE_OPTIONS"}));
  EXPECT_TRUE(environment.unset.empty());

  EXPECT_TRUE(cc::is_withheld_env_name("TETHER_TOKEN"));
  EXPECT_TRUE(cc::is_withheld_env_name("TETHER_"));
  EXPECT_TRUE(cc::is_withheld_env_name("tether_anything"));
  EXPECT_TRUE(cc::is_withheld_env_name("NODE_OPTIONS"));
  EXPECT_FALSE(cc::is_withheld_env_name("TETHER"));
  EXPECT_FALSE(cc::is_withheld_env_name("MY_TETHER_TOKEN"));
  EXPECT_FALSE(cc::is_withheld_env_name("NODE_EXTRA_CA_CERTS"));
}

TEST(CliEnvironment, PassesTheNamesTheOperatorAllows) {
  auto environment =
      cc::cli_environment({"SSH_AUTH_SOCK=/agent", "GITHUB_TOKEN=ghp_x", "PATH=/bin", "DISABLE_AUTOUPDATER=1"},
                          {"SSH_AUTH_SOCK", "DISABLE_AUTOUPDATER", "MISSING_ONE", "PATH", "SSH_AUTH_SOCK"});
  EXPECT_EQ(environment.entries, (Env{"SSH_AUTH_SOCK=/agent", "PATH=/bin", "DISABLE_AUTOUPDATER=1"}));
  EXPECT_TRUE(environment.withheld.empty());
  EXPECT_EQ(environment.unset, Env{"MISSING_ONE"});  // a typo, most likely: said at start-up
}

TEST(CliEnvironment, NamesAreExact) {
  // No prefix matching for the operator's names, and no case folding.
  EXPECT_EQ(entries({"SSH_AUTH_SOCK=/agent", "SSH_AUTH=x", "ssh_auth_sock=y"}, {"SSH_AUTH"}), Env{"SSH_AUTH=x"});
}

TEST(CliEnvironment, CloudCredentialsOnlyWithTheirProvider) {
  const Env cloud = {"AWS_ACCESS_KEY_ID=AKIA", "AWS_SECRET_ACCESS_KEY=s", "AWS_REGION=us-east-1",
                     "GOOGLE_APPLICATION_CREDENTIALS=/key.json", "CLOUD_ML_REGION=us-east5",
                     "VERTEX_REGION_CLAUDE_3_5_HAIKU=us-east5", "GCLOUD_PROJECT=p", "CLOUDSDK_CONFIG=/gcloud"};
  EXPECT_TRUE(entries(cloud).empty());

  auto with = [&](const std::string& provider_switch) {
    Env env = cloud;
    env.push_back(provider_switch);
    return entries(env);
  };
  EXPECT_EQ(with("CLAUDE_CODE_USE_BEDROCK=1"), (Env{"AWS_ACCESS_KEY_ID=AKIA", "AWS_SECRET_ACCESS_KEY=s",
                                                    "AWS_REGION=us-east-1", "CLAUDE_CODE_USE_BEDROCK=1"}));
  EXPECT_EQ(with("CLAUDE_CODE_USE_VERTEX=true"),
            (Env{"GOOGLE_APPLICATION_CREDENTIALS=/key.json", "CLOUD_ML_REGION=us-east5",
                 "VERTEX_REGION_CLAUDE_3_5_HAIKU=us-east5", "GCLOUD_PROJECT=p", "CLOUDSDK_CONFIG=/gcloud",
                 "CLAUDE_CODE_USE_VERTEX=true"}));
  // Off in the CLI's reading of the switch: no credentials.
  EXPECT_EQ(with("CLAUDE_CODE_USE_BEDROCK=0"), Env{"CLAUDE_CODE_USE_BEDROCK=0"});
  EXPECT_EQ(with("CLAUDE_CODE_USE_VERTEX="), Env{"CLAUDE_CODE_USE_VERTEX="});
  EXPECT_EQ(with("CLAUDE_CODE_USE_BEDROCK=ON").size(), 4u);
  // Without the provider, the operator can still pass one by name.
  EXPECT_EQ(entries(cloud, {"AWS_REGION"}), Env{"AWS_REGION=us-east-1"});
}

TEST(CliEnvironment, SkipsMalformedEntries) {
  EXPECT_EQ(entries({"PATH", "=oops", "HOME=", "PATH=/bin"}, {}), (Env{"HOME=", "PATH=/bin"}));
}

TEST(CliEnvironment, ValidNames) {
  EXPECT_TRUE(cc::is_valid_env_name("SSH_AUTH_SOCK"));
  EXPECT_TRUE(cc::is_valid_env_name("lower.case-ok"));
  EXPECT_FALSE(cc::is_valid_env_name(""));
  EXPECT_FALSE(cc::is_valid_env_name("A=B"));
  EXPECT_FALSE(cc::is_valid_env_name(std::string("A\0B", 3)));
}
