// A serialized envelope, shared read-only by every connection that sends it: an event
// is encoded once however many tabs receive it.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace tether::server {

using Frame = std::shared_ptr<const std::string>;

inline Frame make_frame(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

// Something that receives frames: a WebSocket connection, an SSE stream, a test.
// deliver() is thread-safe and never blocks; frames of one call stay together and
// calls from one session arrive in the order they were made.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  virtual void deliver(std::vector<Frame> frames) = 0;
};

}  // namespace tether::server
