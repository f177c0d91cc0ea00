// Keeps the last few lines the CLI wrote to stderr, bounded in count and in bytes per
// line, so that a turn that fails can quote them ("exited with code 1: …") without the
// server ever holding an unbounded amount of someone else's output.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace tether::server::claude_code {

class StderrTail {
 public:
  StderrTail(std::size_t max_lines, std::size_t max_line_bytes)
      : max_lines_(max_lines), max_line_bytes_(max_line_bytes) {}

  void add(std::string_view line);
  // The kept lines, oldest first, joined with '\n'.
  std::string joined() const;
  bool empty() const noexcept { return lines_.empty(); }
  void clear() noexcept { lines_.clear(); }

 private:
  std::size_t max_lines_;
  std::size_t max_line_bytes_;
  std::deque<std::string> lines_;
};

}  // namespace tether::server::claude_code
