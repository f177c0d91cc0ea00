// When a session's events go to the store: group commit as a pure state machine. The
// session appends events and reports its store job's outcome; this says what to do next
// (write a batch now, at a time, or nothing). Time is an input: no clock, no timer, no I/O.
//
// An event that follows a quiet moment leaves at once (with whatever else is appended in
// the same run of the session's strand); one that comes within kBatchWait of the last job
// waits for the rest of that interval (or kFullBatch events); one that comes while a job
// is in flight waits for it. A reply at a reading pace (a delta every few ms) is never held
// back; a fast stream (the echo backend, an import) leaves in batches of ~kBatchWait
// instead of one transaction and one frame per tab per event.
//
// One job at a time: a later batch can never be stored (and shown) before an earlier one
// that fails. A failed batch goes back in front of what came since, and the whole is
// written again after a pause that doubles up to kMaxRetryDelay.
#pragma once

#include "server/hub/event_batch.hpp"
#include "server/store/records.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace tether::server {

// What one store job writes: events (with their frames, shown once durable) and the
// compactions, [request seq, response seq], of the turns that end with them.
struct StoreBatch {
  std::vector<EventRecord> records;
  std::vector<EncodedText> frames;
  std::vector<std::pair<std::int64_t, std::int64_t>> compactions;

  bool empty() const noexcept { return records.empty() && compactions.empty(); }
};

class GroupCommit {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kFullBatch = 256;
  static constexpr std::chrono::microseconds kBatchWait{1000};
  static constexpr std::chrono::milliseconds kFirstRetryDelay{100};
  static constexpr std::chrono::milliseconds kMaxRetryDelay{5000};

  // What the driver does about the next flush.
  enum class Wake {
    none,     // a flush is already due (or nothing to write, or a job in flight)
    now,      // flush in the next run of the strand
    at,       // flush at wake_at()
    advance,  // the flush waiting for wake_at() goes now instead
  };

  void add(EventRecord record, EncodedText frame);
  void add_compaction(std::int64_t first_seq, std::int64_t last_seq);

  // After add(): when the pending events should leave.
  Wake appended(Clock::time_point now);
  // The pending batch to write now, or nothing (nothing pending, or a job in flight). The
  // job is then in flight until completed() or failed().
  std::optional<StoreBatch> take(Clock::time_point now);
  // The job in flight was committed: its events are durable. What came meanwhile leaves
  // as the returned Wake says.
  Wake completed(Clock::time_point now);
  // The job in flight failed; its batch is back, in front. Returns the pause before the
  // next flush (the driver flushes then; nothing flushes before).
  Clock::duration failed(StoreBatch batch);

  Clock::time_point wake_at() const noexcept { return wake_at_; }
  // Nothing pending, nothing in flight, no flush due: the session may leave memory.
  bool idle() const noexcept { return pending_.empty() && !in_flight_ && !flush_due_; }
  bool retrying() const noexcept { return retry_delay_.count() != 0; }

 private:
  Wake schedule(Clock::time_point now);

  StoreBatch pending_;
  bool in_flight_ = false;
  bool flush_due_ = false;  // a flush is posted or timed (Wake now / at, or a retry)
  Clock::time_point last_flush_at_{};
  Clock::time_point wake_at_{};
  std::chrono::milliseconds retry_delay_{0};
};

}  // namespace tether::server
