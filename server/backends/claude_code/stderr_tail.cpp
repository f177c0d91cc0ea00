// The bounded tail of the CLI's stderr; see stderr_tail.hpp.
#include "server/backends/claude_code/stderr_tail.hpp"

namespace tether::server::claude_code {

void StderrTail::add(std::string_view line) {
  if (max_lines_ == 0) return;
  std::string kept(line.substr(0, max_line_bytes_));
  if (line.size() > max_line_bytes_) kept += "…";
  if (lines_.size() == max_lines_) lines_.pop_front();
  lines_.push_back(std::move(kept));
}

std::string StderrTail::joined() const {
  std::string text;
  for (const auto& line : lines_) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

}  // namespace tether::server::claude_code
