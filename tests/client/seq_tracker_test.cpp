// Seq tracking: duplicates dropped, gaps allowed (compaction), positions kept for rejoin.
#include "tether/client/seq_tracker.hpp"

#include <gtest/gtest.h>

namespace {
TEST(SeqTracker, DropsDuplicatesAndAcceptsGaps) {
  tether::SeqTracker seqs;
  seqs.join("s1");
  EXPECT_TRUE(seqs.accept("s1", 1));
  EXPECT_TRUE(seqs.accept("s1", 2));
  EXPECT_FALSE(seqs.accept("s1", 2));
  EXPECT_FALSE(seqs.accept("s1", 1));
  EXPECT_TRUE(seqs.accept("s1", 7)) << "a replay may skip compacted seqs";
  EXPECT_FALSE(seqs.accept("s1", 5));
  EXPECT_EQ(seqs.last_seq("s1"), 7);
}

TEST(SeqTracker, SessionsAreIndependentAndKeepJoinOrder) {
  tether::SeqTracker seqs;
  seqs.join("b", 4);
  seqs.join("a");
  EXPECT_TRUE(seqs.accept("a", 1));
  EXPECT_FALSE(seqs.accept("b", 4));
  ASSERT_EQ(seqs.sessions().size(), 2u);
  EXPECT_EQ(seqs.sessions()[0], (std::pair<std::string, std::int64_t>{"b", 4}));
  EXPECT_EQ(seqs.sessions()[1], (std::pair<std::string, std::int64_t>{"a", 1}));
}

TEST(SeqTracker, RejoiningKeepsTheHigherPositionAndLeaveForgets) {
  tether::SeqTracker seqs;
  seqs.join("s", 10);
  seqs.join("s", 3);
  EXPECT_EQ(seqs.last_seq("s"), 10);
  seqs.leave("s");
  EXPECT_FALSE(seqs.joined("s"));
  EXPECT_EQ(seqs.last_seq("s"), 0);
  EXPECT_TRUE(seqs.accept("s", 1)) << "events of a session not joined pass untracked";
  EXPECT_TRUE(seqs.accept("s", 1));
}
}  // namespace
