// Reads the complete lines of a transcript from an offset, in bounded chunks: a
// transcript can reach hundreds of megabytes and is being appended to while we read,
// so the last, half-written line is left for the next read. Blocking file I/O: call it
// from a blocking thread pool, never from a network thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

namespace tether::server::claude_code {

struct ReadResult {
  std::uint64_t end_offset = 0;   // just after the last '\n' read: where the next read starts
  std::int64_t lines = 0;         // lines handed to on_line
  bool truncated_line_pending = false;  // bytes after the last '\n' (a line being written)
  std::int64_t skipped_long_lines = 0;  // lines longer than max_line_bytes, dropped whole
  bool failed = false;            // the file could not be opened or read
};

// Calls on_line for every complete line from from_offset on, without its "\n" or "\r\n"
// (empty lines included). Memory: a 1 MiB buffer, grown only while one line is longer,
// up to max_line_bytes.
ReadResult read_lines(const std::filesystem::path& file, std::uint64_t from_offset,
                      const std::function<void(std::string_view)>& on_line, std::size_t max_line_bytes = 64u << 20);

}  // namespace tether::server::claude_code
