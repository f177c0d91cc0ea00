#include "server/hub/event_batch.hpp"

namespace tether::server {

SharedEventBatch make_event_batch(std::vector<EncodedText> events, std::size_t max_message_bytes) {
  auto batch = std::make_shared<EventBatch>();
  for (std::size_t first = 0; first < events.size();) {
    std::size_t size = events[first]->size();
    std::size_t last = first + 1;
    for (; last < events.size() && size + 1 + events[last]->size() <= max_message_bytes; ++last) {
      size += 1 + events[last]->size();
    }
    std::string& message = batch->messages.emplace_back();
    message.reserve(size);
    for (std::size_t i = first; i < last; ++i) {
      if (i > first) message += '\n';
      message += *events[i];
    }
    first = last;
  }
  batch->events = std::move(events);
  return batch;
}

}  // namespace tether::server
