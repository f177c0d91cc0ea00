// Cuts a byte stream (the CLI's stdout or stderr) into lines, with a bound on the
// length of one line: a longer line is dropped whole and counted, so a runaway line
// can never grow our memory without limit. Pure, no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server::claude_code {

class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  // Appends bytes and returns every line they complete, without its '\n' (and without
  // a trailing '\r'). Empty lines are returned too; the caller decides what they mean.
  std::vector<std::string> feed(std::string_view bytes);

  // The unterminated rest, for when the stream ends (EOF) without a final '\n'.
  std::string take_rest();

  // How many lines were dropped for being longer than the bound.
  std::size_t dropped_lines() const noexcept { return dropped_lines_; }

 private:
  std::size_t max_line_bytes_;
  std::string partial_;
  bool discarding_ = false;  // inside a line that already passed the bound
  std::size_t dropped_lines_ = 0;
};

}  // namespace tether::server::claude_code
