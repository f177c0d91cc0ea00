// LineSplitter (bounded stdout/stderr line assembly) and StderrTail (bounded tail).
#include "server/backends/claude_code/line_splitter.hpp"
#include "server/backends/claude_code/stderr_tail.hpp"

#include <gtest/gtest.h>

namespace cc = tether::server::claude_code;
using Lines = std::vector<std::string>;

TEST(LineSplitter, SplitsAcrossChunks) {
  cc::LineSplitter splitter(100);
  EXPECT_EQ(splitter.feed("{\"a\":"), Lines{});
  EXPECT_EQ(splitter.feed("1}\n{\"b\""), Lines{"{\"a\":1}"});
  EXPECT_EQ(splitter.feed(":2}\r\n\nlast"), (Lines{"{\"b\":2}", ""}));
  EXPECT_EQ(splitter.take_rest(), "last");
  EXPECT_EQ(splitter.take_rest(), "");
  EXPECT_EQ(splitter.dropped_lines(), 0u);
}

TEST(LineSplitter, DropsOverlongLinesWholeAndRecovers) {
  cc::LineSplitter splitter(8);
  EXPECT_EQ(splitter.feed("12345"), Lines{});
  EXPECT_EQ(splitter.feed("6789abc"), Lines{});  // past the bound: discarded
  EXPECT_EQ(splitter.feed("def\nok\n"), Lines{"ok"});
  EXPECT_EQ(splitter.dropped_lines(), 1u);
  EXPECT_EQ(splitter.feed("12345678\n"), Lines{"12345678"});  // exactly the bound is fine
  EXPECT_EQ(splitter.feed("123456789\nx\n"), Lines{"x"});
  EXPECT_EQ(splitter.dropped_lines(), 2u);
}

TEST(StderrTail, KeepsLastLinesBounded) {
  cc::StderrTail tail(3, 5);
  EXPECT_TRUE(tail.empty());
  for (const char* line : {"one", "two", "three", "four-and-more"}) tail.add(line);
  EXPECT_EQ(tail.joined(), "two\nthree\nfour-…");
  tail.clear();
  EXPECT_EQ(tail.joined(), "");
}
