// Where a join's replay pieces end in a connection's outgoing bytes, so that the session
// is told when each piece is out (and sends the next), and so that replay bytes are not
// counted against the slow-reader limit (docs/protocol.md §3.1). One per connection, used
// on its executor only; the WebSocket and the SSE stream share it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>

namespace tether::server {

class ReplayMarks {
 public:
  // Bytes queued for sending, replay or live.
  void queued(std::size_t bytes) noexcept { queued_total_ += bytes; }
  // A replay piece of `bytes` is about to be queued: call before queuing its bytes, so that
  // the slow-reader check never counts them.
  void piece_queued(std::size_t bytes, std::function<void()> written) {
    replay_bytes_ += bytes;
    marks_.push_back(Mark{queued_total_ + bytes, bytes, std::move(written)});
  }
  // Bytes written to the socket: calls `written` of every piece now wholly out.
  void written(std::size_t bytes) {
    written_total_ += bytes;
    while (!marks_.empty() && marks_.front().end <= written_total_) {
      replay_bytes_ -= marks_.front().bytes;
      auto done = std::move(marks_.front().written);
      marks_.pop_front();
      done();
    }
  }
  // Of `queued` bytes waiting, those that are not replay (what the slow-reader limit counts).
  std::size_t live(std::size_t queued) const noexcept { return queued > replay_bytes_ ? queued - replay_bytes_ : 0; }
  // The connection is closing: nothing more will be written.
  void clear() noexcept { marks_.clear(); }

 private:
  struct Mark {
    std::uint64_t end = 0;  // in bytes ever queued
    std::size_t bytes = 0;
    std::function<void()> written;
  };
  std::deque<Mark> marks_;
  std::size_t replay_bytes_ = 0;
  std::uint64_t queued_total_ = 0;
  std::uint64_t written_total_ = 0;
};

}  // namespace tether::server
