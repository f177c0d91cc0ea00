// Group commit's decisions with a clock that is only numbers: when a batch leaves, what
// one job carries, one job at a time, and the retries of a failing disk.
#include "server/hub/group_commit.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

using Wake = GroupCommit::Wake;
using namespace std::chrono_literals;
const GroupCommit::Clock::time_point t0 = GroupCommit::Clock::time_point{} + 1h;

void add_event(GroupCommit& commits, std::int64_t seq) {
  commits.add(EventRecord{seq, "chat_stream", "r", "{}", true}, make_encoded("{}"));
}

std::vector<std::int64_t> seqs(const StoreBatch& batch) {
  std::vector<std::int64_t> result;
  for (const auto& record : batch.records) result.push_back(record.seq);
  return result;
}

TEST(GroupCommit, AnEventAfterAQuietMomentLeavesAtOnceWithWhateverCameInTheSameRun) {
  GroupCommit commits;
  add_event(commits, 1);
  EXPECT_EQ(commits.appended(t0), Wake::now);
  add_event(commits, 2);
  EXPECT_EQ(commits.appended(t0), Wake::none) << "the flush already due takes it";
  auto batch = commits.take(t0);
  ASSERT_TRUE(batch);
  EXPECT_EQ(seqs(*batch), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(batch->frames.size(), 2u);
}

TEST(GroupCommit, WhileAJobIsInFlightNothingElseLeavesUntilItCompletes) {
  GroupCommit commits;
  add_event(commits, 1);
  commits.appended(t0);
  ASSERT_TRUE(commits.take(t0));
  add_event(commits, 2);
  EXPECT_EQ(commits.appended(t0 + 5ms), Wake::none);
  EXPECT_FALSE(commits.take(t0 + 5ms)) << "one job at a time";
  EXPECT_EQ(commits.completed(t0 + 6ms), Wake::now) << "past the batch interval: what came meanwhile goes";
  auto next = commits.take(t0 + 6ms);
  ASSERT_TRUE(next);
  EXPECT_EQ(seqs(*next), (std::vector<std::int64_t>{2}));
}

TEST(GroupCommit, AnEventWithinTheBatchIntervalWaitsForItsEndOrAFullBatch) {
  GroupCommit commits;
  add_event(commits, 1);
  commits.appended(t0);
  commits.take(t0);
  EXPECT_EQ(commits.completed(t0 + 100us), Wake::none) << "nothing pending";
  add_event(commits, 2);
  EXPECT_EQ(commits.appended(t0 + 200us), Wake::at);
  EXPECT_EQ(commits.wake_at(), t0 + GroupCommit::kBatchWait);
  std::int64_t seq = 3;
  for (; seq <= static_cast<std::int64_t>(GroupCommit::kFullBatch); ++seq) {  // 2..256: one short of full
    add_event(commits, seq);
    EXPECT_EQ(commits.appended(t0 + 300us), Wake::none);
  }
  add_event(commits, seq);
  EXPECT_EQ(commits.appended(t0 + 300us), Wake::advance) << "a full batch does not wait out the interval";
  auto batch = commits.take(t0 + 300us);
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->records.size(), GroupCommit::kFullBatch);
}

TEST(GroupCommit, AFullBatchLeavesAtOnceEvenRightAfterAJob) {
  GroupCommit commits;
  add_event(commits, 1);
  commits.appended(t0);
  commits.take(t0);
  for (std::int64_t seq = 2; seq < 2 + static_cast<std::int64_t>(GroupCommit::kFullBatch); ++seq) add_event(commits, seq);
  EXPECT_EQ(commits.completed(t0 + 10us), Wake::now);
}

TEST(GroupCommit, AFailedBatchGoesBackInFrontAndTheRetriesPauseLongerEachTime) {
  GroupCommit commits;
  add_event(commits, 1);
  commits.appended(t0);
  auto first = commits.take(t0);
  add_event(commits, 2);
  commits.appended(t0);
  EXPECT_EQ(commits.failed(std::move(*first)), GroupCommit::kFirstRetryDelay);
  EXPECT_TRUE(commits.retrying());
  add_event(commits, 3);
  EXPECT_EQ(commits.appended(t0 + 1ms), Wake::none) << "nothing flushes before the retry";
  auto again = commits.take(t0 + 100ms);
  ASSERT_TRUE(again);
  EXPECT_EQ(seqs(*again), (std::vector<std::int64_t>{1, 2, 3})) << "in order, whole";
  EXPECT_EQ(commits.failed(std::move(*again)), 2 * GroupCommit::kFirstRetryDelay);
  for (int i = 0; i < 10; ++i) {
    auto batch = commits.take(t0 + 1s);
    EXPECT_LE(commits.failed(std::move(*batch)), GroupCommit::kMaxRetryDelay);
  }
  auto last = commits.take(t0 + 10s);
  commits.completed(t0 + 10s);
  EXPECT_FALSE(commits.retrying()) << "a write that works ends the retries";
  EXPECT_EQ(seqs(*last), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(GroupCommit, DuringARetryPauseAFullBatchStillWaits) {
  GroupCommit commits;
  add_event(commits, 1);
  commits.appended(t0);
  commits.failed(std::move(*commits.take(t0)));
  Wake last = Wake::none;
  for (std::int64_t seq = 2; seq <= static_cast<std::int64_t>(GroupCommit::kFullBatch); ++seq) {
    add_event(commits, seq);
    last = commits.appended(t0);
  }
  EXPECT_EQ(last, Wake::none) << "the failing disk gets its pause";
}

TEST(GroupCommit, CompactionsTravelWithTheirBatchAndAloneToo) {
  GroupCommit commits;
  add_event(commits, 1);
  commits.add_compaction(1, 1);
  commits.appended(t0);
  auto batch = commits.take(t0);
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->compactions, (std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 1}}));
  commits.completed(t0);
  commits.add_compaction(2, 5);
  EXPECT_FALSE(commits.idle());
  auto alone = commits.take(t0 + 1s);
  ASSERT_TRUE(alone);
  EXPECT_TRUE(alone->records.empty());
  EXPECT_EQ(alone->compactions.size(), 1u);
}

TEST(GroupCommit, IsIdleOnlyWithNothingPendingInFlightOrDue) {
  GroupCommit commits;
  EXPECT_TRUE(commits.idle());
  add_event(commits, 1);
  EXPECT_FALSE(commits.idle()) << "pending";
  commits.appended(t0);
  auto batch = commits.take(t0);
  EXPECT_FALSE(commits.idle()) << "in flight";
  commits.failed(std::move(*batch));
  EXPECT_FALSE(commits.idle()) << "a retry is due";
  batch = commits.take(t0 + 1s);
  commits.completed(t0 + 1s);
  EXPECT_TRUE(commits.idle());
}

}  // namespace
}  // namespace tether::server
