// Every client path goes through project_path: traversal, absolute paths, NUL bytes,
// symlinks out (to another folder, to /proc), FIFOs and sockets (refused without ever
// blocking), unreadable files, a directory named as a file, a project folder that is gone.
#include "server/workbench/project_path.hpp"

#include "tests/workbench/temp_tree.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace tether::server::workbench {
namespace {

namespace fs = std::filesystem;
using protocol::ErrorCode;
using testing::TempTree;

class ProjectPathTest : public ::testing::Test {
 protected:
  TempTree tree;
  fs::path root = tree.base / "project";
  void SetUp() override {
    tree.write("project/src/app.ts", "export {}\n");
    tree.write("outside/secret.txt", "secret\n");
    fs::create_directory_symlink(tree.base / "outside", root / "escape");
    fs::create_symlink(tree.base / "outside" / "secret.txt", root / "secret-link");
    fs::create_directory_symlink(root / "src", root / "src-link");
    fs::create_directory_symlink("/proc/self", root / "proc");
  }
};

std::string message_of(const protocol::Error& error) { return error.message; }

TEST(NormalizeRelative, DropsDotsAndEmptySegments) {
  EXPECT_EQ(normalize_relative("").value(), "");
  EXPECT_EQ(normalize_relative(".").value(), "");
  EXPECT_EQ(normalize_relative("./src//a.ts/").value(), "src/a.ts");
  EXPECT_EQ(normalize_relative("a b/c").value(), "a b/c");
  EXPECT_EQ(normalize_relative("..foo/bar..").value(), "..foo/bar..") << "only a whole \"..\" segment climbs";
}

TEST(NormalizeRelative, RefusesTraversalAbsolutePathsNulAndLength) {
  for (const char* path : {"..", "../x", "a/../../x", "a/../b", "a/..", "/etc/passwd", "/"}) {
    auto result = normalize_relative(path);
    ASSERT_FALSE(result) << path;
    EXPECT_EQ(result.error().code, ErrorCode::forbidden) << path;
    EXPECT_NE(result.error().message.find("is outside the project"), std::string::npos) << path;
  }
  auto nul = normalize_relative(std::string_view("src\0/../x", 9));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().code, ErrorCode::invalid_message);
  EXPECT_NE(nul.error().message.find("NUL"), std::string::npos);
  auto long_path = normalize_relative(std::string(kMaxPathBytes + 1, 'a'));
  ASSERT_FALSE(long_path);
  EXPECT_EQ(long_path.error().code, ErrorCode::invalid_message);
  EXPECT_TRUE(normalize_relative(std::string(kMaxPathBytes, 'a')));
}

TEST_F(ProjectPathTest, ResolvesInsideAndFollowsSymlinksThatStayInside) {
  auto file = resolve_existing(root, "src/app.ts");
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->absolute, fs::canonical(root / "src/app.ts"));
  EXPECT_EQ(file->relative, "src/app.ts");
  auto through_link = resolve_existing(root, "src-link/app.ts");
  ASSERT_TRUE(through_link);
  EXPECT_EQ(through_link->absolute, fs::canonical(root / "src/app.ts"));
  EXPECT_EQ(through_link->relative, "src-link/app.ts");
  auto top = resolve_directory(root, "");
  ASSERT_TRUE(top);
  EXPECT_EQ(top->absolute, fs::canonical(root));
}

TEST_F(ProjectPathTest, RefusesSymlinksThatLeadOut) {
  for (const char* path : {"escape", "escape/secret.txt", "secret-link", "proc/environ", "proc", "src/../escape"}) {
    auto result = resolve_existing(root, path);
    ASSERT_FALSE(result) << path;
    EXPECT_EQ(result.error().code, ErrorCode::forbidden) << path;
    EXPECT_NE(message_of(result.error()).find("is outside the project"), std::string::npos) << path;
  }
  auto opened = open_regular_file(root, "proc/environ");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::forbidden);
}

TEST_F(ProjectPathTest, ARootReachedThroughASymlinkStillContainsItsOwnFiles) {
  fs::create_directory_symlink(root, tree.base / "project-link");
  auto file = open_regular_file(tree.base / "project-link", "src/app.ts");
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->size, 10u);
}

TEST_F(ProjectPathTest, MissingPathsAreNotFound) {
  auto missing = resolve_existing(root, "src/missing.ts");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  auto through_file = resolve_existing(root, "src/app.ts/x");
  ASSERT_FALSE(through_file);
  EXPECT_EQ(through_file.error().code, ErrorCode::not_found);
  auto gone = resolve_existing(tree.base / "no-such-project", "src");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::folder_missing);
}

TEST_F(ProjectPathTest, AMaybeMissingPathIsCheckedByItsDeepestExistingFolder) {
  auto deleted = resolve_maybe_missing(root, "src/gone/deleted.ts");
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->absolute, fs::canonical(root / "src") / "gone/deleted.ts");
  EXPECT_EQ(deleted->relative, "src/gone/deleted.ts");
  auto out = resolve_maybe_missing(root, "escape/not-there.txt");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::forbidden);
  EXPECT_FALSE(resolve_maybe_missing(root, "../project/src/x"));
}

TEST_F(ProjectPathTest, AFifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((root / "pipe").c_str(), 0600), 0);
  // No writer ever opens it: a blocking open would hang here (and the test time out).
  auto opened = open_regular_file(root, "pipe");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::invalid_message);
  EXPECT_NE(opened.error().message.find("is a FIFO, not a file"), std::string::npos) << opened.error().message;
}

TEST_F(ProjectPathTest, ASocketIsRefused) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const auto path = (root / "s.sock").string();
  ASSERT_LT(path.size(), sizeof(address.sun_path));
  std::copy(path.begin(), path.end(), address.sun_path);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  auto opened = open_regular_file(root, "s.sock");
  ::close(fd);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("is a socket, not a file"), std::string::npos);
}

TEST_F(ProjectPathTest, ADirectoryIsNotAFile) {
  auto opened = open_regular_file(root, "src");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::invalid_message);
  EXPECT_NE(opened.error().message.find("is a directory"), std::string::npos);
  auto listed = resolve_directory(root, "src/app.ts");
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().code, ErrorCode::invalid_message);
}

TEST_F(ProjectPathTest, AnUnreadableFileIsForbiddenWithAClearMessage) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  const auto path = tree.write("project/locked.txt", "no\n");
  fs::permissions(path, fs::perms::none);
  auto opened = open_regular_file(root, "locked.txt");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::forbidden);
  EXPECT_NE(opened.error().message.find("server's user cannot read"), std::string::npos)
      << opened.error().message;
}

TEST_F(ProjectPathTest, OpensARegularFileForReading) {
  auto opened = open_regular_file(root, "./src/app.ts");
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->size, 10u);
  char buffer[16] = {};
  EXPECT_EQ(::read(opened->handle.get(), buffer, sizeof(buffer)), 10);
  EXPECT_EQ(std::string(buffer), "export {}\n");
}

}  // namespace
}  // namespace tether::server::workbench
