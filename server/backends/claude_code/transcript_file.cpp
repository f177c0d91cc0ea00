// Chunked line reading; see transcript_file.hpp. POSIX read(2): the offsets are byte
// offsets in a file that another process appends to, nothing a stream should buffer.
#include "server/backends/claude_code/transcript_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace tether::server::claude_code {
namespace {

constexpr std::size_t kChunk = 1u << 20;
constexpr std::size_t kMinChunk = 16u << 10;

class Fd {
 public:
  explicit Fd(const std::filesystem::path& file) : fd_(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// Reads up to `size` bytes at `offset`; -1 on an error other than EINTR.
ssize_t read_at(int fd, char* into, std::size_t size, std::uint64_t offset) {
  for (;;) {
    const auto n = ::pread(fd, into, size, static_cast<off_t>(offset));
    if (n >= 0 || errno != EINTR) return n;
  }
}

}  // namespace

ReadResult read_lines(const std::filesystem::path& file, std::uint64_t from_offset,
                      const std::function<void(std::string_view)>& on_line, std::size_t max_line_bytes) {
  ReadResult result;
  result.end_offset = from_offset;
  Fd fd(file);
  if (fd.get() < 0) {
    result.failed = true;
    return result;
  }
  if (max_line_bytes == 0) max_line_bytes = 1;
  // A small file (most transcripts, and what a growing one gained) gets a small buffer.
  std::size_t first_size = kChunk;
  if (struct stat st {}; ::fstat(fd.get(), &st) == 0 && st.st_size >= 0) {
    const auto remaining = static_cast<std::uint64_t>(st.st_size) > from_offset ? static_cast<std::uint64_t>(st.st_size) - from_offset : 0;
    first_size = static_cast<std::size_t>(std::clamp<std::uint64_t>(remaining + 1, kMinChunk, kChunk));
  }
  std::string buffer(std::min(first_size, max_line_bytes + 1), '\0');
  std::size_t held = 0;          // bytes of the current, unfinished line at buffer[0]
  std::uint64_t offset = from_offset;  // file offset of buffer[held]
  bool discarding = false;       // inside a line already longer than max_line_bytes

  for (;;) {
    if (held == buffer.size()) {
      // One line fills the buffer: grow it, up to the bound; past it, drop the line.
      if (buffer.size() > max_line_bytes) {
        discarding = true;
        held = 0;
        buffer.resize(std::min(kChunk, max_line_bytes + 1));
        buffer.shrink_to_fit();
      } else {
        buffer.resize(std::min(buffer.size() * 2, max_line_bytes + 1));
      }
    }
    const auto n = read_at(fd.get(), buffer.data() + held, buffer.size() - held, offset);
    if (n < 0) {
      result.failed = true;
      break;
    }
    if (n == 0) break;
    offset += static_cast<std::uint64_t>(n);
    const std::size_t filled = held + static_cast<std::size_t>(n);
    std::size_t line_start = 0;
    std::size_t scan = held;
    for (;;) {
      const void* found = std::memchr(buffer.data() + scan, '\n', filled - scan);
      if (!found) break;
      const auto newline = static_cast<std::size_t>(static_cast<const char*>(found) - buffer.data());
      if (discarding) {
        discarding = false;
        ++result.skipped_long_lines;
      } else {
        std::string_view line(buffer.data() + line_start, newline - line_start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() > max_line_bytes) {
          ++result.skipped_long_lines;
        } else {
          ++result.lines;
          on_line(line);
        }
      }
      line_start = scan = newline + 1;
      result.end_offset = offset - (filled - line_start);
    }
    if (discarding) {
      held = 0;  // nothing of the dropped line is kept
    } else {
      held = filled - line_start;
      if (line_start > 0 && held > 0) std::memmove(buffer.data(), buffer.data() + line_start, held);
    }
    if (buffer.size() > kChunk && held < kChunk / 2) {
      buffer.resize(kChunk);  // the long line is done: give its memory back
      buffer.shrink_to_fit();
    }
  }
  result.truncated_line_pending = discarding || held > 0;
  return result;
}

}  // namespace tether::server::claude_code
