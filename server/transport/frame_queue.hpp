// A connection's outgoing frames, first in first out. Unlike std::deque (a 512-byte
// block kept even when empty) an idle queue holds no memory beyond a few slots: most
// of the server's connections are idle tabs.
#pragma once

#include "server/hub/event_batch.hpp"

#include <cstddef>
#include <vector>

namespace tether::server {

class FrameQueue {
 public:
  bool empty() const { return head_ == frames_.size(); }
  std::size_t size() const { return frames_.size() - head_; }
  const EncodedText& front() const { return frames_[head_]; }

  void push_back(EncodedText frame) { frames_.push_back(std::move(frame)); }

  EncodedText pop_front() {
    EncodedText frame = std::move(frames_[head_++]);
    if (empty()) clear();
    return frame;
  }

  void clear() {
    frames_.clear();
    head_ = 0;
    // A burst may have grown the slots; an idle connection gives them back.
    if (frames_.capacity() > kKeptSlots) std::vector<EncodedText>().swap(frames_);
  }

 private:
  static constexpr std::size_t kKeptSlots = 16;
  std::vector<EncodedText> frames_;
  std::size_t head_ = 0;
};

}  // namespace tether::server
