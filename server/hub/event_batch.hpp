// Encoded events as the hub hands them to connections. EncodedText is an envelope (or
// several joined) serialized once and shared read-only by every connection that sends
// it, however many tabs receive it; the transport writes each as a WebSocket frame or an
// SSE event.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tether::server {

using EncodedText = std::shared_ptr<const std::string>;

inline EncodedText make_encoded(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

// The most one WebSocket message of joined envelopes carries (unless one envelope alone
// is larger): a long backlog leaves as several messages, never one huge one.
inline constexpr std::size_t kMaxJoinedBytes = 256 * 1024;

// Events delivered together (one store flush, or a replay), built once and shared by
// every subscriber: fanning out to a hundred tabs costs a hundred pointer copies, not a
// hundred copies of the events. `messages` are the envelopes joined by newlines into
// pieces of at most kMaxJoinedBytes, what a WebSocket sends as messages; `events` the
// same one by one, for SSE's per-event ids.
struct EventBatch {
  std::vector<EncodedText> events;
  std::vector<std::string> messages;
};
using SharedEventBatch = std::shared_ptr<const EventBatch>;

SharedEventBatch make_event_batch(std::vector<EncodedText> events, std::size_t max_message_bytes = kMaxJoinedBytes);

// One of the batch's messages as a frame that keeps the whole batch alive.
inline EncodedText batch_message(const SharedEventBatch& batch, std::size_t index) {
  return EncodedText(batch, &batch->messages[index]);
}

// Something that receives frames: a WebSocket connection, an SSE stream, a test.
// deliver() is thread-safe and never blocks; batches from one session arrive in the
// order they were made.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  virtual void deliver(SharedEventBatch batch) = 0;
  // A piece of a join's replay: sent like deliver(), but not counted against the
  // slow-reader limit, because the session sends the next piece only once this one is
  // out. `written` is called (from any thread) when its bytes have been written; never
  // when the connection ends first.
  virtual void deliver_replay(SharedEventBatch batch, std::function<void()> written) = 0;
};

}  // namespace tether::server
