// The bytes of one WebSocket write: the pending control frames, then queued frames as one
// text message (envelopes separated by '\n', docs/protocol.md §2), for one gathered
// write call.
//
// Large frames (the session's event batches, shared by every tab) are written from where
// they are; small ones (pongs, acks) are copied together, cheaper than a buffer each.
// Copying everything cost a fan-out most of its time in memmove and in the page faults
// of a fresh 256 KiB buffer per write.
#pragma once

#include "server/hub/event_batch.hpp"
#include "server/transport/frame_queue.hpp"

#include <boost/asio/buffer.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace tether::server {

class WriteBatch {
 public:
  // One message carries at most this much (unless one frame alone is larger), so one
  // huge backlog does not become one huge message.
  static constexpr std::size_t kMaxMessageBytes = kMaxJoinedBytes;
  static constexpr std::size_t kCopyBelow = 1024;
  // asio gives sendmsg at most 64 buffers: two are the control frames and the header.
  static constexpr std::size_t kMaxPayloadBuffers = 62;

  // Takes the pending control frames (leaving `control` empty) and frames from the front
  // of the queue up to the limits. Returns the bytes of the frames taken.
  std::size_t take(std::string& control, FrameQueue& queue);

  const std::vector<boost::asio::const_buffer>& buffers() const { return buffers_; }

  // Lets go of the frames written; keeps buffers small enough for the next write.
  void release();

 private:
  void copy(std::string_view text);

  std::string control_;
  std::array<char, 10> header_{};
  std::vector<EncodedText> frames_;  // what buffers_ points into, alive until release()
  std::string copied_;
  // The payload as (offset into copied_ | frame) pieces; buffers_ is made from them once
  // copied_ stops growing.
  struct Piece {
    const std::string* frame;  // null: bytes of copied_
    std::size_t offset;
    std::size_t size;
  };
  std::vector<Piece> pieces_;
  std::vector<boost::asio::const_buffer> buffers_;
};

}  // namespace tether::server
