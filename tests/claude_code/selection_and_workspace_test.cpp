// --backend selection (auto falls back to echo and says why) and the rule that a
// session's cwd is an existing directory inside a --workspace root.
#include "server/backends/claude_code/backend_selection.hpp"
#include "server/projects/workspace.hpp"

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

using tether::server::Workspace;
using tether::protocol::ErrorCode;

TEST(Workspace, DefaultRootAndCwdInsideIt) {
  Dir dir;
  fs::create_directories(dir.path / "app" / "src");
  auto workspace = Workspace::open({}, dir.path, "");
  ASSERT_TRUE(workspace);
  ASSERT_EQ(workspace->roots().size(), 1u);
  EXPECT_EQ(workspace->resolve_directory("").value(), dir.path);
  EXPECT_EQ(workspace->resolve_directory((dir.path / "app/src").string()).value(), dir.path / "app/src");
  EXPECT_EQ(workspace->resolve_directory("app").value(), dir.path / "app");
  EXPECT_EQ(workspace->resolve_directory((dir.path / "app/src/..").string()).value(), dir.path / "app");
}

TEST(Workspace, RefusesOutsideMissingAndFilesEachWithItsCode) {
  Dir dir;
  fs::create_directories(dir.path / "root");
  fs::create_directories(dir.path / "root2");
  fs::create_directories(dir.path / "other");
  std::ofstream(dir.path / "root" / "file.txt") << "x";
  fs::create_directory_symlink(dir.path / "other", dir.path / "root" / "escape");
  auto workspace = Workspace::open({(dir.path / "root").string()}, "/", "");
  ASSERT_TRUE(workspace);
  const std::vector<std::pair<std::string, ErrorCode>> cases{
      {(dir.path / "other").string(), ErrorCode::forbidden},
      {(dir.path / "root2").string(), ErrorCode::forbidden},  // a sibling with the same prefix
      {(dir.path / "root/../other").string(), ErrorCode::forbidden},
      {(dir.path / "root/escape").string(), ErrorCode::forbidden},  // a symlink out of the root
      {(dir.path / "root/escape/..").string(), ErrorCode::forbidden},  // ".." after the symlink: its parent
      {"/", ErrorCode::forbidden},
      {"..", ErrorCode::forbidden},
      {"../../../../etc", ErrorCode::forbidden},
      {(dir.path / "root2/missing").string(), ErrorCode::forbidden},  // outside: not told whether it exists
      {(dir.path / "root/missing").string(), ErrorCode::not_found},
      {"%2e%2e", ErrorCode::not_found},  // decoded once by the URL parser; here a plain name
      {(dir.path / "root/file.txt").string(), ErrorCode::invalid_message},
      {std::string("a\0b", 3), ErrorCode::invalid_message},
  };
  for (const auto& [bad, code] : cases) {
    auto result = workspace->resolve_directory(bad);
    ASSERT_TRUE(result.has_error()) << bad;
    EXPECT_EQ(result.error().code, code) << bad;
  }
  EXPECT_FALSE(Workspace::open({(dir.path / "nope").string()}, "/", ""));
}

TEST(Workspace, SeveralRootsAndTheirDisplay) {
  Dir dir;
  fs::create_directories(dir.path / "a");
  fs::create_directories(dir.path / "b" / "c");
  auto workspace = Workspace::open({(dir.path / "a").string(), (dir.path / "b").string()}, "/", dir.path);
  ASSERT_TRUE(workspace);
  EXPECT_TRUE(workspace->resolve_directory((dir.path / "b/c").string()));
  EXPECT_EQ(workspace->resolve_directory("").value(), dir.path / "a");
  EXPECT_EQ(workspace->root_of(dir.path / "b/c"), dir.path / "b");
  EXPECT_TRUE(workspace->is_root(dir.path / "b"));
  EXPECT_FALSE(workspace->contains(dir.path / "bc"));
  EXPECT_EQ(workspace->display(dir.path / "b/c"), "~/b/c");
  EXPECT_EQ(workspace->display(dir.path), "~");
  EXPECT_EQ(workspace->display("/elsewhere"), "/elsewhere");
}
