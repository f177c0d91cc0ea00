#include "server/hub/group_commit.hpp"

#include <algorithm>
#include <iterator>

namespace tether::server {

void GroupCommit::add(EventRecord record, EncodedText frame) {
  pending_.records.push_back(std::move(record));
  pending_.frames.push_back(std::move(frame));
}

void GroupCommit::add_compaction(std::int64_t first_seq, std::int64_t last_seq) {
  pending_.compactions.emplace_back(first_seq, last_seq);
}

GroupCommit::Wake GroupCommit::appended(Clock::time_point now) {
  // Full while waiting out the interval: no reason to wait longer. (Not during a retry's
  // pause: the disk that failed gets its pause whatever comes.)
  if (flush_due_ && pending_.records.size() == kFullBatch && !retrying()) return Wake::advance;
  return schedule(now);
}

GroupCommit::Wake GroupCommit::schedule(Clock::time_point now) {
  if (flush_due_ || in_flight_ || pending_.empty()) return Wake::none;
  flush_due_ = true;
  if (pending_.records.size() >= kFullBatch || now - last_flush_at_ >= kBatchWait) return Wake::now;
  wake_at_ = last_flush_at_ + kBatchWait;
  return Wake::at;
}

std::optional<StoreBatch> GroupCommit::take(Clock::time_point now) {
  flush_due_ = false;
  if (pending_.empty() || in_flight_) return std::nullopt;
  last_flush_at_ = now;
  in_flight_ = true;
  return std::exchange(pending_, StoreBatch{});
}

GroupCommit::Wake GroupCommit::completed(Clock::time_point now) {
  in_flight_ = false;
  retry_delay_ = {};
  return schedule(now);
}

GroupCommit::Clock::duration GroupCommit::failed(StoreBatch batch) {
  in_flight_ = false;
  retry_delay_ = std::clamp(retry_delay_ * 2, std::chrono::milliseconds(kFirstRetryDelay), kMaxRetryDelay);
  batch.records.insert(batch.records.end(), std::make_move_iterator(pending_.records.begin()),
                       std::make_move_iterator(pending_.records.end()));
  batch.frames.insert(batch.frames.end(), std::make_move_iterator(pending_.frames.begin()),
                      std::make_move_iterator(pending_.frames.end()));
  batch.compactions.insert(batch.compactions.end(), pending_.compactions.begin(), pending_.compactions.end());
  pending_ = std::move(batch);
  flush_due_ = true;  // the retry; nothing flushes before it
  return retry_delay_;
}

}  // namespace tether::server
