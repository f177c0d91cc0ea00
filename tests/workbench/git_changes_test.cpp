// The machine's git through the runner: a clean environment and the safety options (a fake
// git on PATH prints what it got), the timeout (the whole group killed), the byte bound,
// and the real git on a temporary repository: status, diff (staged, unstaged, untracked),
// .gitignore through check-ignore, and a folder that is no repository.
#include "server/workbench/git_changes.hpp"
#include "server/workbench/git_runner.hpp"

#include "tests/workbench/temp_tree.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <map>

namespace tether::server::workbench {
namespace {

namespace fs = std::filesystem;
using testing::TempTree;

// Sets PATH (or another variable) for one test and puts it back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

fs::path fake_git(const TempTree& tree, const std::string& script) {
  const auto path = tree.write("bin/git", "#!/bin/sh\n" + script);
  fs::permissions(path, fs::perms::owner_all);
  return path.parent_path();
}

TEST(GitRunner, RunsWithACleanEnvironmentAndTheSafetyOptions) {
  TempTree tree;
  const auto bin = fake_git(tree, "echo \"ARGS $*\"\nenv\n");
  ScopedEnv path("PATH", bin.string() + ":/usr/bin:/bin");
  ScopedEnv secret("TETHER_TEST_SECRET", "leaked");
  ScopedEnv git_dir("GIT_DIR", "/elsewhere");
  auto output = run_git(GitCommand{{"status"}, tree.base.string(), {}, 1 << 16});
  ASSERT_TRUE(output) << output.error().message;
  EXPECT_EQ(output->exit_code, 0);
  const auto& out = output->out;
  EXPECT_NE(out.find("ARGS -c core.fsmonitor=false -c core.hooksPath=/dev/null -c diff.external="), std::string::npos)
      << out;
  EXPECT_NE(out.find("--no-optional-locks status\n"), std::string::npos) << out;
  for (const char* wanted : {"GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LANG=C.UTF-8", "HOME="})
    EXPECT_NE(out.find(wanted), std::string::npos) << wanted;
  EXPECT_EQ(out.find("TETHER_TEST_SECRET"), std::string::npos) << "the server's environment leaked";
  EXPECT_EQ(out.find("GIT_DIR"), std::string::npos) << "the server's environment leaked";
}

TEST(GitRunner, StopsTheWholeGroupAfterTheTimeout) {
  TempTree tree;
  const auto marker = tree.base / "survived";
  // The child sleeps, and so does a grandchild that would leave a mark if it outlived us.
  const auto bin = fake_git(tree, "(sleep 1; touch '" + marker.string() + "') &\nsleep 5\n");
  ScopedEnv path("PATH", bin.string() + ":/usr/bin:/bin");
  const auto started = std::chrono::steady_clock::now();
  auto output = run_git(GitCommand{{"status"}, tree.base.string(), {}, 1024, std::chrono::milliseconds(200)});
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(output);
  EXPECT_NE(output.error().hint.find("git took longer than"), std::string::npos) << output.error().hint;
  EXPECT_LT(took, std::chrono::seconds(2));
  ::usleep(1'200'000);
  EXPECT_FALSE(fs::exists(marker)) << "a process of git's group outlived the timeout";
}

TEST(GitRunner, BoundsWhatItReadsAndFeedsStdin) {
  TempTree tree;
  const auto bin = fake_git(tree, "cat\nhead -c 100000 /dev/zero\n");
  ScopedEnv path("PATH", bin.string() + ":/usr/bin:/bin");
  std::string input(200'000, 'i');  // more than a pipe holds: written while output is read
  auto output = run_git(GitCommand{{"x"}, tree.base.string(), input, 250'000});
  ASSERT_TRUE(output) << output.error().message;
  EXPECT_TRUE(output->truncated);
  EXPECT_EQ(output->out.size(), 250'000u);
  EXPECT_EQ(output->out.substr(0, 200'000), input);
}

TEST(GitRunner, SaysWhenGitIsMissing) {
  TempTree tree;
  fs::create_directories(tree.base / "empty");
  ScopedEnv path("PATH", (tree.base / "empty").string());
  auto output = run_git(GitCommand{{"status"}, tree.base.string(), {}, 1024});
  ASSERT_FALSE(output);
  EXPECT_NE(output.error().message.find("not installed"), std::string::npos);
}

// A real repository: one commit, then a staged, an unstaged and an untracked change.
class GitRepoTest : public ::testing::Test {
 protected:
  TempTree tree;
  fs::path root = tree.base / "repo";
  void git(const std::string& args) {
    const auto command = "git -C '" + root.string() + "' -c user.name=t -c user.email=t@example.com " + args +
                         " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  void SetUp() override {
    tree.write("repo/tracked.txt", "one\ntwo\n");
    tree.write("repo/staged.txt", "old\n");
    tree.write("repo/.gitignore", "build/\n*.log\n");
    git("init -q -b main");
    git("add -A");
    git("commit -q -m first");
    tree.write("repo/tracked.txt", "one\nTWO\n");
    tree.write("repo/staged.txt", "new\n");
    git("add staged.txt");
    tree.write("repo/fresh.txt", "brand new\n");
    tree.write("repo/build/out.o", "x");
    tree.write("repo/debug.log", "x");
  }
};

TEST_F(GitRepoTest, StatusNamesTheBranchAndEveryChange) {
  auto status = git_status(root);
  ASSERT_TRUE(status) << status.error().message;
  ASSERT_TRUE(status->has_value());
  const auto& git = **status;
  EXPECT_EQ(git.branch, "main");
  ASSERT_TRUE(git.head);
  EXPECT_EQ(git.head->size(), 40u);
  EXPECT_EQ(git.upstream, std::nullopt);
  ASSERT_EQ(git.files.size(), 3u);
  std::map<std::string, ChangedFile> by_path;
  for (const auto& file : git.files) by_path[file.path] = file;
  EXPECT_EQ(by_path["tracked.txt"].status, FileStatus::modified);
  EXPECT_TRUE(by_path["tracked.txt"].unstaged);
  EXPECT_FALSE(by_path["tracked.txt"].staged);
  EXPECT_TRUE(by_path["staged.txt"].staged);
  EXPECT_EQ(by_path["fresh.txt"].status, FileStatus::untracked);
  EXPECT_FALSE(fs::exists(root / ".git/index.lock"));
}

TEST_F(GitRepoTest, DiffsUnstagedStagedAndUntracked) {
  auto unstaged = git_diff(root, DiffQuery{});
  ASSERT_TRUE(unstaged) << unstaged.error().message;
  EXPECT_NE(unstaged->text.find("+TWO"), std::string::npos);
  EXPECT_EQ(unstaged->text.find("+new"), std::string::npos) << "staged changes are not in the plain diff";
  auto staged = git_diff(root, DiffQuery{"", true});
  ASSERT_TRUE(staged);
  EXPECT_NE(staged->text.find("+new"), std::string::npos);
  auto untracked = git_diff(root, DiffQuery{"fresh.txt", false});
  ASSERT_TRUE(untracked) << untracked.error().message;
  EXPECT_NE(untracked->text.find("+brand new"), std::string::npos) << untracked->text;
  EXPECT_FALSE(untracked->truncated);
  auto one = git_diff(root, DiffQuery{"./tracked.txt", false});
  ASSERT_TRUE(one);
  EXPECT_NE(one->text.find("+TWO"), std::string::npos);
  auto out = git_diff(root, DiffQuery{"../x", false});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, protocol::ErrorCode::forbidden);
}

TEST_F(GitRepoTest, ADiffPastTheBoundIsCutAndSaysSo) {
  std::string lines;
  while (lines.size() <= kMaxDiffBytes) lines += "a line of an untracked file that is far too long to show\n";
  tree.write("repo/huge.txt", lines);
  auto diff = git_diff(root, DiffQuery{"huge.txt", false});
  ASSERT_TRUE(diff) << diff.error().message;
  EXPECT_TRUE(diff->truncated);
  EXPECT_EQ(diff->text.size(), kMaxDiffBytes);
  EXPECT_TRUE(diff->text.starts_with("diff --git")) << diff->text.substr(0, 200);
}

TEST_F(GitRepoTest, CheckIgnoreAnswersWithGitsOwnRules) {
  const auto ignored = git_ignored(root, {"build/", "debug.log", "fresh.txt", "tracked.txt", "src/"});
  EXPECT_EQ(ignored, (std::vector<std::string>{"build/", "debug.log"}));
}

TEST(GitNoRepo, NothingIsIgnoredAndStatusSaysNoRepository) {
  TempTree tree;
  tree.write("plain/a.txt", "a");
  const auto root = tree.base / "plain";
  // (The temporary folder is in no repository; git gets none of our environment, so
  // GIT_CEILING_DIRECTORIES could not change that.)
  EXPECT_TRUE(git_ignored(root, {"a.txt"}).empty());
  auto status = git_status(root);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_FALSE(status->has_value());
  auto diff = git_diff(root, DiffQuery{});
  ASSERT_FALSE(diff);
  EXPECT_EQ(diff.error().code, protocol::ErrorCode::not_found);
}

}  // namespace
}  // namespace tether::server::workbench
