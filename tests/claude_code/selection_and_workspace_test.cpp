// --backend selection (auto falls back to echo and says why) and the rule that a
// session's cwd is an existing directory inside a --workspace root.
#include "server/backends/claude_code/backend_selection.hpp"
#include "server/backends/workspace.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cc = tether::server::claude_code;
namespace fs = std::filesystem;

namespace {

struct Dir {
  fs::path path;
  Dir() {
    std::string pattern = (fs::temp_directory_path() / "tether-ws-XXXXXX").string();
    path = fs::canonical(::mkdtemp(pattern.data()));
  }
  ~Dir() { fs::remove_all(path); }
};

}  // namespace

TEST(BackendSelection, ParsesTheThreeChoices) {
  EXPECT_EQ(cc::parse_backend_choice("auto"), cc::BackendChoice::automatic);
  EXPECT_EQ(cc::parse_backend_choice("echo"), cc::BackendChoice::echo);
  EXPECT_EQ(cc::parse_backend_choice("claude-code"), cc::BackendChoice::claude_code);
  EXPECT_FALSE(cc::parse_backend_choice("claude"));
  EXPECT_FALSE(cc::parse_backend_choice(""));
}

TEST(BackendSelection, AutoUsesTheCliWhenFoundElseEchoWithAReason) {
  Dir dir;
  cc::ClaudeCodeOptions options;
  options.claude_path = (dir.path / "claude").string();
  auto missing = cc::select_backend(cc::BackendChoice::automatic, options);
  EXPECT_FALSE(missing.use_claude_code);
  EXPECT_NE(missing.reason.find("echo backend"), std::string::npos);
  EXPECT_NE(missing.reason.find("npm install -g @anthropic-ai/claude-code"), std::string::npos);

  auto forced = cc::select_backend(cc::BackendChoice::claude_code, options);
  EXPECT_TRUE(forced.use_claude_code);
  EXPECT_NE(forced.reason.find("every message will fail"), std::string::npos);

  std::ofstream(dir.path / "claude") << "#!/bin/sh\n";
  fs::permissions(dir.path / "claude", fs::perms::owner_all);
  auto found = cc::select_backend(cc::BackendChoice::automatic, options);
  EXPECT_TRUE(found.use_claude_code);
  EXPECT_NE(found.reason.find(options.claude_path), std::string::npos);

  EXPECT_FALSE(cc::select_backend(cc::BackendChoice::echo, options).use_claude_code);
}

TEST(Workspace, DefaultRootAndCwdInsideIt) {
  Dir dir;
  fs::create_directories(dir.path / "app" / "src");
  auto roots = tether::server::canonical_workspace_roots({}, dir.path);
  ASSERT_TRUE(roots);
  ASSERT_EQ(roots->size(), 1u);
  EXPECT_EQ(tether::server::resolve_session_cwd(std::nullopt, *roots).value(), dir.path.string());
  EXPECT_EQ(tether::server::resolve_session_cwd("", *roots).value(), dir.path.string());
  EXPECT_EQ(tether::server::resolve_session_cwd((dir.path / "app/src").string(), *roots).value(),
            (dir.path / "app/src").string());
  EXPECT_EQ(tether::server::resolve_session_cwd("app", *roots).value(), (dir.path / "app").string());
  EXPECT_EQ(tether::server::resolve_session_cwd((dir.path / "app/src/..").string(), *roots).value(),
            (dir.path / "app").string());
}

TEST(Workspace, RefusesOutsideMissingAndFiles) {
  Dir dir;
  fs::create_directories(dir.path / "root");
  fs::create_directories(dir.path / "root2");
  fs::create_directories(dir.path / "other");
  std::ofstream(dir.path / "root" / "file.txt") << "x";
  fs::create_directory_symlink(dir.path / "other", dir.path / "root" / "escape");
  auto roots = tether::server::canonical_workspace_roots({(dir.path / "root").string()}, "/");
  ASSERT_TRUE(roots);
  for (const auto& bad : {(dir.path / "other").string(), (dir.path / "root2").string(),  // a sibling with the same prefix
                          (dir.path / "root/../other").string(), (dir.path / "root/escape").string(),
                          (dir.path / "root/missing").string(), (dir.path / "root/file.txt").string(),
                          std::string("/"), std::string("..")}) {
    auto result = tether::server::resolve_session_cwd(bad, *roots);
    ASSERT_TRUE(result.has_error()) << bad;
    EXPECT_EQ(result.error().code, tether::protocol::ErrorCode::invalid_message);
  }
  EXPECT_FALSE(tether::server::canonical_workspace_roots({(dir.path / "nope").string()}, "/"));
}

TEST(Workspace, SeveralRoots) {
  Dir dir;
  fs::create_directories(dir.path / "a");
  fs::create_directories(dir.path / "b" / "c");
  auto roots = tether::server::canonical_workspace_roots({(dir.path / "a").string(), (dir.path / "b").string()}, "/");
  ASSERT_TRUE(roots);
  EXPECT_TRUE(tether::server::resolve_session_cwd((dir.path / "b/c").string(), *roots));
  EXPECT_EQ(tether::server::resolve_session_cwd(std::nullopt, *roots).value(), (dir.path / "a").string());
}
