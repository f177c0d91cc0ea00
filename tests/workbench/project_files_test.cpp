// Listing a project folder (order, paging, hidden names, .git, the ignore check's answer)
// and reading a file (text, too large, binary by NUL or by invalid UTF-8).
#include "server/workbench/project_files.hpp"

#include "tests/workbench/temp_tree.hpp"

namespace tether::server::workbench {
namespace {

namespace fs = std::filesystem;
using testing::TempTree;

std::vector<std::string> names(const ListPage& page) {
  std::vector<std::string> found;
  for (const auto& entry : page.entries) found.push_back(entry.name);
  return found;
}

class ListingTest : public ::testing::Test {
 protected:
  TempTree tree;
  fs::path root = tree.base;
  std::vector<std::vector<std::string>> asked;  // what the ignore check was given
  IgnoreCheck none = [this](const std::vector<std::string>& paths) {
    asked.push_back(paths);
    return std::vector<std::string>{};
  };
  void SetUp() override {
    tree.write("b.txt", "bb");
    tree.write("A.txt", "a");
    tree.write("a.txt", "aaa");
    tree.write("zeta/x", "");
    tree.write("alpha/y", "");
    tree.write(".env", "SECRET=1");
    tree.write(".config/z", "");
    tree.write(".git/HEAD", "ref: refs/heads/main\n");
    fs::create_symlink("a.txt", root / "link");
  }
};

TEST_F(ListingTest, DirectoriesFirstThenNamesInByteOrder) {
  auto page = list_directory(root, ListQuery{}, none);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->path, "");
  EXPECT_EQ(names(*page), (std::vector<std::string>{"alpha", "zeta", "A.txt", "a.txt", "b.txt", "link"}));
  EXPECT_EQ(page->entries[0].kind, EntryKind::directory);
  EXPECT_EQ(page->entries[3].kind, EntryKind::file);
  EXPECT_EQ(page->entries[3].size, 3u);
  EXPECT_EQ(page->entries[5].kind, EntryKind::symlink);
  EXPECT_EQ(page->total, 6u);
  EXPECT_EQ(page->next_offset, std::nullopt);
  EXPECT_EQ(page->ignored_hidden, 0u);
  ASSERT_EQ(asked.size(), 1u);
  // Directories are asked about as "name/", so that a "build/" pattern matches them.
  EXPECT_NE(std::find(asked[0].begin(), asked[0].end(), "alpha/"), asked[0].end());
  EXPECT_NE(std::find(asked[0].begin(), asked[0].end(), "a.txt"), asked[0].end());
}

TEST_F(ListingTest, HiddenNamesOnlyWhenAskedAndGitNever) {
  ListQuery query;
  query.hidden = true;
  auto page = list_directory(root, query, none);
  ASSERT_TRUE(page);
  EXPECT_EQ(names(*page),
            (std::vector<std::string>{".config", "alpha", "zeta", ".env", "A.txt", "a.txt", "b.txt", "link"}));
}

TEST_F(ListingTest, PagesWithOffsetAndLimit) {
  for (int i = 0; i < 25; ++i) tree.write("many/f" + std::string(i < 10 ? "0" : "") + std::to_string(i), "");
  ListQuery query;
  query.path = "many";
  query.limit = 10;
  auto first = list_directory(root, query, none);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->path, "many");
  EXPECT_EQ(first->entries.size(), 10u);
  EXPECT_EQ(first->entries.front().name, "f00");
  EXPECT_EQ(first->total, 25u);
  EXPECT_EQ(first->next_offset, 10u);
  query.offset = 20;
  auto last = list_directory(root, query, none);
  EXPECT_EQ(names(*last), (std::vector<std::string>{"f20", "f21", "f22", "f23", "f24"}));
  EXPECT_EQ(last->next_offset, std::nullopt);
  query.offset = 100;
  auto past = list_directory(root, query, none);
  EXPECT_TRUE(past->entries.empty());
  EXPECT_EQ(past->total, 25u);
  EXPECT_EQ(asked.back().front().substr(0, 5), "many/") << "paths are relative to the project root";
}

TEST_F(ListingTest, IgnoredEntriesAreLeftOutAndCounted) {
  IgnoreCheck ignore = [](const std::vector<std::string>&) { return std::vector<std::string>{"zeta/", "b.txt"}; };
  auto page = list_directory(root, ListQuery{}, ignore);
  ASSERT_TRUE(page);
  EXPECT_EQ(names(*page), (std::vector<std::string>{"alpha", "A.txt", "a.txt", "link"}));
  EXPECT_EQ(page->total, 4u);
  EXPECT_EQ(page->ignored_hidden, 2u);
  auto unchecked = list_directory(root, ListQuery{}, IgnoreCheck{});
  EXPECT_EQ(unchecked->total, 6u);
}

TEST_F(ListingTest, RefusesPathsOutsideAndFiles) {
  ListQuery query;
  query.path = "../";
  EXPECT_EQ(list_directory(root, query, none).error().code, protocol::ErrorCode::forbidden);
  query.path = "a.txt";
  EXPECT_EQ(list_directory(root, query, none).error().code, protocol::ErrorCode::invalid_message);
  query.path = "missing";
  EXPECT_EQ(list_directory(root, query, none).error().code, protocol::ErrorCode::not_found);
}

TEST(ReadFile, TextBinaryAndTooLarge) {
  TempTree tree;
  tree.write("hello.txt", "h\xC3\xA9llo\n");
  tree.write("nul.bin", std::string("ab\0cd", 5));
  tree.write("latin1.txt", "caf\xE9\n");
  tree.write("big.txt", std::string(kMaxFileBytes + 1, 'x'));
  tree.write("exact.txt", std::string(kMaxFileBytes, 'y'));
  auto text = read_file(tree.base, "hello.txt");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->text, "h\xC3\xA9llo\n");
  EXPECT_EQ(text->size, 7u);
  EXPECT_FALSE(text->binary);
  EXPECT_FALSE(text->too_large);
  auto nul = read_file(tree.base, "nul.bin");
  EXPECT_TRUE(nul->binary);
  EXPECT_TRUE(nul->text.empty());
  EXPECT_EQ(nul->size, 5u);
  EXPECT_TRUE(read_file(tree.base, "latin1.txt")->binary) << "not UTF-8";
  auto big = read_file(tree.base, "big.txt");
  EXPECT_TRUE(big->too_large);
  EXPECT_EQ(big->size, kMaxFileBytes + 1);
  EXPECT_TRUE(big->text.empty());
  auto exact = read_file(tree.base, "exact.txt");
  EXPECT_FALSE(exact->too_large);
  EXPECT_EQ(exact->text.size(), kMaxFileBytes);
}

TEST(Utf8, AcceptsWellFormedAndRefusesTheRest) {
  EXPECT_TRUE(is_utf8(""));
  EXPECT_TRUE(is_utf8("plain"));
  EXPECT_TRUE(is_utf8("\xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));
  EXPECT_FALSE(is_utf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(is_utf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(is_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_utf8("\xE2\x82"));          // cut short
  EXPECT_FALSE(is_utf8("\x80"));              // a lone continuation byte
}

}  // namespace
}  // namespace tether::server::workbench
