// The porcelain v2 parser, line kind by line kind: ordinary changes (staged, unstaged,
// both), renames and copies with their score, every unmerged kind, untracked and ignored
// files, the branch headers (initial commit, detached HEAD, upstream, ahead/behind), the
// cap on files, output cut mid-record, and malformed input (an error, never a crash).
#include "server/workbench/git_status.hpp"

#include <gtest/gtest.h>

namespace tether::server::workbench {
namespace {

using namespace std::string_literals;

constexpr const char* kSha = "1111111111111111111111111111111111111111";

std::string records(std::initializer_list<std::string> lines) {
  std::string text;
  for (const auto& line : lines) text += line + '\0';
  return text;
}

std::string ordinary(const std::string& xy, const std::string& path) {
  return "1 " + xy + " N... 100644 100644 100644 " + kSha + " " + kSha + " " + path;
}

std::string unmerged(const std::string& xy, const std::string& path) {
  return "u " + xy + " N... 100644 100644 100644 100644 " + kSha + " " + kSha + " " + kSha + " " + path;
}

GitStatus parse(const std::string& text, std::size_t max_files = 5000) {
  auto result = parse_git_status(text, max_files);
  EXPECT_TRUE(result) << (result ? "" : result.error().message);
  return result ? *result : GitStatus{};
}

TEST(GitStatusParser, BranchHeaders) {
  auto status = parse(records({"# branch.oid "s + kSha, "# branch.head main", "# branch.upstream origin/main",
                               "# branch.ab +3 -14", "# stash 2"}));
  EXPECT_EQ(status.head, kSha);
  EXPECT_EQ(status.branch, "main");
  EXPECT_EQ(status.upstream, "origin/main");
  EXPECT_EQ(status.ahead, 3);
  EXPECT_EQ(status.behind, 14);
  EXPECT_TRUE(status.files.empty());
  EXPECT_FALSE(status.truncated);
}

TEST(GitStatusParser, InitialCommitAndDetachedHead) {
  auto initial = parse(records({"# branch.oid (initial)", "# branch.head main"}));
  EXPECT_EQ(initial.head, std::nullopt);
  EXPECT_EQ(initial.branch, "main");
  EXPECT_EQ(initial.upstream, std::nullopt);
  EXPECT_EQ(initial.ahead, 0);
  auto detached = parse(records({"# branch.oid "s + kSha, "# branch.head (detached)"}));
  EXPECT_EQ(detached.head, kSha);
  EXPECT_EQ(detached.branch, std::nullopt);
}

TEST(GitStatusParser, OrdinaryChangesSayWhetherStagedAndUnstaged) {
  auto status = parse(records({ordinary(".M", "unstaged.txt"), ordinary("M.", "staged.txt"),
                               ordinary("MM", "both.txt"), ordinary("A.", "new.txt"), ordinary("AM", "new-edited.txt"),
                               ordinary(".D", "removed.txt"), ordinary("D.", "git-rm.txt"),
                               ordinary(".T", "now-a-link"), ordinary(".A", "intent.txt"),
                               ordinary(".M", "with space/and  two.txt")}));
  ASSERT_EQ(status.files.size(), 10u);
  const auto check = [&](std::size_t i, const char* path, FileStatus kind, bool staged, bool unstaged) {
    SCOPED_TRACE(path);
    EXPECT_EQ(status.files[i].path, path);
    EXPECT_EQ(status.files[i].status, kind);
    EXPECT_EQ(status.files[i].staged, staged);
    EXPECT_EQ(status.files[i].unstaged, unstaged);
    EXPECT_EQ(status.files[i].old_path, std::nullopt);
  };
  check(0, "unstaged.txt", FileStatus::modified, false, true);
  check(1, "staged.txt", FileStatus::modified, true, false);
  check(2, "both.txt", FileStatus::modified, true, true);
  check(3, "new.txt", FileStatus::added, true, false);
  check(4, "new-edited.txt", FileStatus::added, true, true);
  check(5, "removed.txt", FileStatus::deleted, false, true);
  check(6, "git-rm.txt", FileStatus::deleted, true, false);
  check(7, "now-a-link", FileStatus::typechange, false, true);
  check(8, "intent.txt", FileStatus::added, false, true);
  check(9, "with space/and  two.txt", FileStatus::modified, false, true);
}

TEST(GitStatusParser, RenamesAndCopiesCarryTheirOriginalPath) {
  const std::string rename = "2 R. N... 100644 100644 100644 "s + kSha + " " + kSha + " R100 new name.txt";
  const std::string copy = "2 C. N... 100644 100644 100644 "s + kSha + " " + kSha + " C75 copy.txt";
  const std::string edited = "2 RM N... 100644 100644 100644 "s + kSha + " " + kSha + " R087 moved.txt";
  auto status = parse(records({rename, "old name.txt", copy, "source.txt", edited, "before.txt",
                               ordinary(".M", "after.txt")}));
  ASSERT_EQ(status.files.size(), 4u);
  EXPECT_EQ(status.files[0].path, "new name.txt");
  EXPECT_EQ(status.files[0].old_path, "old name.txt");
  EXPECT_EQ(status.files[0].status, FileStatus::renamed);
  EXPECT_TRUE(status.files[0].staged);
  EXPECT_FALSE(status.files[0].unstaged);
  EXPECT_EQ(status.files[1].status, FileStatus::copied);
  EXPECT_EQ(status.files[1].old_path, "source.txt");
  EXPECT_EQ(status.files[2].status, FileStatus::renamed);
  EXPECT_TRUE(status.files[2].unstaged);
  EXPECT_EQ(status.files[3].path, "after.txt") << "the original path was consumed, not read as a record";
}

TEST(GitStatusParser, EveryUnmergedKindIsConflicted) {
  const std::vector<std::string> kinds{"DD", "AU", "UD", "UA", "DU", "AA", "UU"};
  std::string text;
  for (const auto& xy : kinds) text += unmerged(xy, "conflict-" + xy + ".txt") + '\0';
  auto status = parse(text);
  ASSERT_EQ(status.files.size(), kinds.size());
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(status.files[i].path, "conflict-" + kinds[i] + ".txt");
    EXPECT_EQ(status.files[i].status, FileStatus::conflicted);
    EXPECT_FALSE(status.files[i].staged);
    EXPECT_FALSE(status.files[i].unstaged);
  }
}

TEST(GitStatusParser, UntrackedAreListedAndIgnoredSkipped) {
  auto status = parse(records({"? new dir/file.txt", "! build/", "! node_modules/x.js", "? b.txt"}));
  ASSERT_EQ(status.files.size(), 2u);
  EXPECT_EQ(status.files[0].path, "new dir/file.txt");
  EXPECT_EQ(status.files[0].status, FileStatus::untracked);
  EXPECT_FALSE(status.files[0].staged);
  EXPECT_TRUE(status.files[0].unstaged);
  EXPECT_EQ(status.files[1].path, "b.txt");
}

TEST(GitStatusParser, CapsTheFilesAndSaysSo) {
  std::string text = records({"# branch.head main"});
  for (int i = 0; i < 10; ++i) text += "? f" + std::to_string(i) + '\0';
  auto status = parse(text, 4);
  EXPECT_EQ(status.files.size(), 4u);
  EXPECT_TRUE(status.truncated);
  auto exact = parse(records({"? a", "? b"}), 2);
  EXPECT_FALSE(exact.truncated);
}

TEST(GitStatusParser, OutputCutMidRecordDropsThePartialRecord) {
  auto cut = parse(records({"? a", "? b"}) + "? c-was-cu");
  ASSERT_EQ(cut.files.size(), 2u);
  EXPECT_TRUE(cut.truncated);
  const std::string rename = "2 R. N... 100644 100644 100644 "s + kSha + " " + kSha + " R100 new.txt";
  auto rename_cut = parse(records({"? a", rename}));
  EXPECT_EQ(rename_cut.files.size(), 1u);
  EXPECT_TRUE(rename_cut.truncated);
  auto empty = parse("");
  EXPECT_TRUE(empty.files.empty());
  EXPECT_FALSE(empty.truncated);
}

TEST(GitStatusParser, MalformedInputIsAnErrorNotACrash) {
  const std::vector<std::string> bad{
      records({"1 .M N..."}),                                     // too few fields
      records({"1 .M N... 100644 100644 100644 " + std::string(kSha) + " " + kSha}),  // no path
      records({ordinary("XY", "a.txt")}),                         // letters git never prints
      records({ordinary(".MM", "a.txt")}),
      records({"2 .M N... 100644 100644 100644 "s + kSha + " " + kSha + " X100 a", "b"}),  // neither R nor C
      records({"2 R. N... 100644 100644 100644 "s + kSha + " " + kSha + " R100 new.txt", ""}),  // empty original
      records({"u UU N... 100644 100644 100644 a.txt"}),
      records({"?"}), records({"? "}),
      records({"# branch.ab 3 14"}), records({"# branch.ab +3"}), records({"# branch.ab +x -1"}),
      records({"#"}), records({"# branch.head"}),
      records({"Z something"}),
      std::string("\0\0", 2),
      records({"1  .M N... 100644 100644 100644 x y a.txt"}),  // a double space: an empty field
  };
  for (const auto& text : bad) {
    auto result = parse_git_status(text, 5000);
    EXPECT_FALSE(result) << "accepted: " << std::string(text).replace(text.find('\0'), 1, "\\0");
    if (!result) {
      EXPECT_EQ(result.error().code, protocol::ErrorCode::internal);
      EXPECT_NE(result.error().message.find("git status printed something unexpected"), std::string::npos);
    }
  }
}

TEST(GitStatusParser, StatusNames) {
  EXPECT_EQ(to_string(FileStatus::modified), "modified");
  EXPECT_EQ(to_string(FileStatus::added), "added");
  EXPECT_EQ(to_string(FileStatus::deleted), "deleted");
  EXPECT_EQ(to_string(FileStatus::renamed), "renamed");
  EXPECT_EQ(to_string(FileStatus::copied), "copied");
  EXPECT_EQ(to_string(FileStatus::untracked), "untracked");
  EXPECT_EQ(to_string(FileStatus::conflicted), "conflicted");
  EXPECT_EQ(to_string(FileStatus::typechange), "typechange");
}

}  // namespace
}  // namespace tether::server::workbench
