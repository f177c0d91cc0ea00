#include "server/backends/word_splitter.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace tether::server {
namespace {

std::string joined(const std::vector<std::string_view>& words) {
  return std::accumulate(words.begin(), words.end(), std::string(),
                         [](std::string all, std::string_view word) { return all += word; });
}

TEST(WordSplitter, EachWordCarriesTheWhitespaceAfterIt) {
  EXPECT_EQ(split_words("hello big  world"), (std::vector<std::string_view>{"hello ", "big  ", "world"}));
  EXPECT_EQ(split_words("a\n\tb\n"), (std::vector<std::string_view>{"a\n\t", "b\n"}));
}

TEST(WordSplitter, LeadingWhitespaceGoesWithTheFirstWord) {
  EXPECT_EQ(split_words("  lead"), (std::vector<std::string_view>{"  lead"}));
}

TEST(WordSplitter, EdgeCases) {
  EXPECT_TRUE(split_words("").empty());
  EXPECT_EQ(split_words("   "), (std::vector<std::string_view>{"   "}));
  EXPECT_EQ(split_words("one"), (std::vector<std::string_view>{"one"}));
}

TEST(WordSplitter, JoinedPiecesAreAlwaysTheInput) {
  for (std::string text : {"x", " x ", "multi\n\nline text\r\n", "ünï cödé — ✓ ok", "\t\t", "a b c d e f g"}) {
    EXPECT_EQ(joined(split_words(text)), text);
  }
}

}  // namespace
}  // namespace tether::server
