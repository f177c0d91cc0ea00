// The CLI lookup (PATH, explicit path) and the argv/environment of one process.
#include "server/backends/claude_code/cli_command.hpp"
#include "server/backends/claude_code/cli_environment.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cc = tether::server::claude_code;
namespace fs = std::filesystem;

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The value following `flag` in argv, or "" when the flag is absent.
std::string after(const std::vector<std::string>& argv, const std::string& flag) {
  auto it = std::find(argv.begin(), argv.end(), flag);
  return it != argv.end() && it + 1 != argv.end() ? *(it + 1) : "";
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tether-cli-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST(CliLookup, FindsOnPathAndExplainsWhenMissing) {
  TempDir dir;
  fs::create_directories(dir.path / "a");
  fs::create_directories(dir.path / "b");
  const auto exe = dir.path / "b" / "claude";
  std::ofstream(exe) << "#!/bin/sh\n";
  const auto path_variable = (dir.path / "a").string() + ":" + (dir.path / "b").string();

  EXPECT_FALSE(cc::find_claude_cli("", path_variable).path);  // not executable yet
  fs::permissions(exe, fs::perms::owner_all);
  auto found = cc::find_claude_cli("", path_variable);
  ASSERT_TRUE(found.path);
  EXPECT_EQ(*found.path, exe.string());
  EXPECT_NE(found.explanation.find(exe.string()), std::string::npos);

  auto missing = cc::find_claude_cli("", (dir.path / "a").string());
  EXPECT_FALSE(missing.path);
  EXPECT_NE(missing.explanation.find("not on PATH"), std::string::npos);

  EXPECT_EQ(cc::find_claude_cli(exe.string(), "").path, exe.string());
  auto wrong = cc::find_claude_cli((dir.path / "nope").string(), path_variable);
  EXPECT_FALSE(wrong.path);
  EXPECT_NE(wrong.explanation.find("not found at"), std::string::npos);
  EXPECT_FALSE(cc::find_claude_cli(dir.path.string(), "").path);  // a directory is not a CLI
}

TEST(LaunchSpec, FlagsOfAFreshProcess) {
  cc::ClaudeCodeOptions options;
  options.extra_env = {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:1"}};
  auto spec = cc::make_launch_spec({"/bin/claude", "/work", "default", "", std::nullopt}, options,
                                   {"PATH=/bin", "NODE_OPTIONS=--inspect", "ANTHROPIC_BASE_URL=http://real"}, false);
  EXPECT_EQ(spec.executable, "/bin/claude");
  EXPECT_EQ(spec.cwd, "/work");
  EXPECT_EQ(spec.argv.front(), "/bin/claude");
  EXPECT_EQ(after(spec.argv, "--output-format"), "stream-json");
  EXPECT_EQ(after(spec.argv, "--input-format"), "stream-json");
  EXPECT_TRUE(contains(spec.argv, "--verbose"));
  EXPECT_TRUE(contains(spec.argv, "--include-partial-messages"));
  EXPECT_EQ(after(spec.argv, "--permission-prompt-tool"), "stdio");
  EXPECT_EQ(after(spec.argv, "--permission-mode"), "default");
  EXPECT_FALSE(contains(spec.argv, "--model"));
  EXPECT_FALSE(contains(spec.argv, "--resume"));
  EXPECT_FALSE(contains(spec.argv, "--allow-dangerously-skip-permissions"));
  EXPECT_TRUE(contains(spec.env, "PATH=/bin"));
  EXPECT_TRUE(contains(spec.env, "ANTHROPIC_BASE_URL=http://127.0.0.1:1"));
  EXPECT_FALSE(contains(spec.env, "ANTHROPIC_BASE_URL=http://real"));
  EXPECT_FALSE(contains(spec.env, "NODE_OPTIONS=--inspect"));
  EXPECT_FALSE(contains(spec.env, "IS_SANDBOX=1"));
}

TEST(LaunchSpec, ExtraEnvIsSetOnTopOfTheAllowlist) {
  // What the backend does: the server's environment through the allowlist, then the
  // options' extra_env (tests point the CLI at a fake API with it).
  cc::ClaudeCodeOptions options;
  options.extra_env = {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:1"}};
  const auto allowed = cc::cli_environment({"PATH=/bin", "TETHER_TOKEN=secret", "ANTHROPIC_BASE_URL=http://real",
                                            "GITHUB_TOKEN=ghp_x", "NODE_OPTIONS=--inspect"},
                                           {"TETHER_TOKEN"});
  auto spec =
      cc::make_launch_spec({"/bin/claude", "/work", "default", "", std::nullopt}, options, allowed.entries, false);
  EXPECT_EQ(spec.env, (std::vector<std::string>{"PATH=/bin", "ANTHROPIC_BASE_URL=http://127.0.0.1:1"}));
}

TEST(LaunchSpec, ResumeModelAndBypass) {
  cc::ClaudeCodeOptions options;
  options.allow_bypass_permissions = true;
  auto spec = cc::make_launch_spec({"/bin/claude", "/w", "plan", "claude-sonnet-4-5", std::string("abc-123")}, options,
                                   {}, true);
  EXPECT_EQ(after(spec.argv, "--model"), "claude-sonnet-4-5");
  EXPECT_EQ(after(spec.argv, "--resume"), "abc-123");
  EXPECT_EQ(after(spec.argv, "--permission-mode"), "plan");
  EXPECT_TRUE(contains(spec.argv, "--allow-dangerously-skip-permissions"));
  EXPECT_TRUE(contains(spec.env, "IS_SANDBOX=1"));  // root needs it for bypass
}

TEST(PermissionModes, BypassOnlyWhenAllowed) {
  cc::ClaudeCodeOptions options;
  for (const char* mode : {"default", "acceptEdits", "plan"}) EXPECT_TRUE(cc::is_allowed_permission_mode(options, mode));
  EXPECT_FALSE(cc::is_allowed_permission_mode(options, "bypassPermissions"));
  EXPECT_FALSE(cc::is_allowed_permission_mode(options, "bogus"));
  EXPECT_FALSE(cc::is_allowed_permission_mode(options, "dontAsk"));
  options.allow_bypass_permissions = true;
  EXPECT_TRUE(cc::is_allowed_permission_mode(options, "bypassPermissions"));
}
