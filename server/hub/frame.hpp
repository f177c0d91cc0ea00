// A serialized envelope, shared read-only by every connection that sends it: an event
// is encoded once however many tabs receive it.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tether::server {

using Frame = std::shared_ptr<const std::string>;

inline Frame make_frame(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

// The most one WebSocket message of joined envelopes carries (unless one envelope alone
// is larger): a long backlog leaves as several messages, never one huge one.
inline constexpr std::size_t kMaxJoinedBytes = 256 * 1024;

// Events delivered together (one store flush, or a replay), built once and shared by
// every subscriber: fanning out to a hundred tabs costs a hundred pointer copies, not a
// hundred copies of the events. `messages` are the envelopes joined by newlines into
// pieces of at most kMaxJoinedBytes, what a WebSocket sends as messages; `events` the
// same one by one, for SSE's per-event ids.
struct FrameBatch {
  std::vector<Frame> events;
  std::vector<std::string> messages;
};
using SharedBatch = std::shared_ptr<const FrameBatch>;

SharedBatch make_batch(std::vector<Frame> events, std::size_t max_message_bytes = kMaxJoinedBytes);

// One of the batch's messages as a frame that keeps the whole batch alive.
inline Frame message_frame(const SharedBatch& batch, std::size_t index) {
  return Frame(batch, &batch->messages[index]);
}

// Something that receives frames: a WebSocket connection, an SSE stream, a test.
// deliver() is thread-safe and never blocks; batches from one session arrive in the
// order they were made.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  virtual void deliver(SharedBatch batch) = 0;
  // A piece of a join's replay: sent like deliver(), but not counted against the
  // slow-reader limit, because the session sends the next piece only once this one is
  // out. `written` is called (from any thread) when its bytes have been written; never
  // when the connection ends first.
  virtual void deliver_replay(SharedBatch batch, std::function<void()> written) = 0;
};

}  // namespace tether::server
