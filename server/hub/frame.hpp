// A serialized envelope, shared read-only by every connection that sends it: an event
// is encoded once however many tabs receive it.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace tether::server {

using Frame = std::shared_ptr<const std::string>;

inline Frame make_frame(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

// Events delivered together (one store flush, or a replay), built once and shared by
// every subscriber: fanning out to a hundred tabs costs a hundred pointer copies, not a
// hundred copies of the events. `joined` is the envelopes separated by newlines, what a
// WebSocket sends as one message; `events` the same one by one, for SSE's per-event ids.
struct FrameBatch {
  std::vector<Frame> events;
  std::string joined;
};
using SharedBatch = std::shared_ptr<const FrameBatch>;

inline SharedBatch make_batch(std::vector<Frame> events) {
  auto batch = std::make_shared<FrameBatch>();
  std::size_t size = 0;
  for (const auto& event : events) size += event->size() + 1;
  batch->joined.reserve(size);
  for (const auto& event : events) {
    if (!batch->joined.empty()) batch->joined += '\n';
    batch->joined += *event;
  }
  batch->events = std::move(events);
  return batch;
}

// The joined envelopes as one frame that keeps the whole batch alive.
inline Frame joined_frame(const SharedBatch& batch) { return Frame(batch, &batch->joined); }

// Something that receives frames: a WebSocket connection, an SSE stream, a test.
// deliver() is thread-safe and never blocks; batches from one session arrive in the
// order they were made.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  virtual void deliver(SharedBatch batch) = 0;
};

}  // namespace tether::server
