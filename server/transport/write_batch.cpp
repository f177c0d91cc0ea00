#include "server/transport/write_batch.hpp"

#include "server/transport/websocket_frames.hpp"

namespace tether::server {

namespace {

constexpr std::size_t kKeepCopiedCapacity = 64 * 1024;
constexpr std::size_t kKeepSlots = 64;

}  // namespace

std::size_t WriteBatch::take(std::string& control, FrameQueue& queue) {
  control_.swap(control);
  control.clear();
  std::size_t bytes = 0;
  std::size_t payload_buffers = 0;
  while (!queue.empty()) {
    const auto size = queue.front()->size();
    // A gathered frame and the separator before it are two buffers at most; with it, the
    // message would hold frames_.size() separators.
    if (!frames_.empty() &&
        (bytes + frames_.size() + size > kMaxMessageBytes || payload_buffers + 2 > kMaxPayloadBuffers)) {
      break;
    }
    payload_buffers += size >= kCopyBelow ? 2 : 1;
    bytes += size;
    frames_.push_back(queue.pop_front());
  }
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    if (i > 0) copy("\n");
    const std::string& frame = *frames_[i];
    if (frame.size() >= kCopyBelow) {
      pieces_.push_back({&frame, 0, frame.size()});
    } else {
      copy(frame);
    }
  }
  std::size_t header_size = 0;
  if (!frames_.empty()) {
    const auto payload_size = bytes + frames_.size() - 1;
    header_size = websocket_frames::write_header(websocket_frames::Opcode::text, payload_size, header_);
  }
  buffers_.push_back(boost::asio::buffer(control_));
  buffers_.push_back(boost::asio::buffer(header_.data(), header_size));
  for (const auto& piece : pieces_) {
    const char* data = piece.frame ? piece.frame->data() : copied_.data() + piece.offset;
    buffers_.emplace_back(data, piece.size);
  }
  return bytes;
}

void WriteBatch::copy(std::string_view text) {
  if (pieces_.empty() || pieces_.back().frame) pieces_.push_back({nullptr, copied_.size(), 0});
  copied_ += text;
  pieces_.back().size += text.size();
}

void WriteBatch::release() {
  control_.clear();
  frames_.clear();
  copied_.clear();
  pieces_.clear();
  buffers_.clear();
  if (copied_.capacity() > kKeepCopiedCapacity) std::string().swap(copied_);
  if (frames_.capacity() > kKeepSlots) std::vector<EncodedText>().swap(frames_);
}

}  // namespace tether::server
