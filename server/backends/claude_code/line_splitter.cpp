// Line assembly with a length bound; see line_splitter.hpp.
#include "server/backends/claude_code/line_splitter.hpp"

namespace tether::server::claude_code {

std::vector<std::string> LineSplitter::feed(std::string_view bytes) {
  std::vector<std::string> lines;
  while (!bytes.empty()) {
    const auto newline = bytes.find('\n');
    const auto piece = bytes.substr(0, newline);
    if (!discarding_) {
      if (partial_.size() + piece.size() > max_line_bytes_) {
        discarding_ = true;
        partial_.clear();
        partial_.shrink_to_fit();
      } else {
        partial_.append(piece);
      }
    }
    if (newline == std::string_view::npos) break;
    if (discarding_) {
      ++dropped_lines_;
      discarding_ = false;
    } else {
      if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
      lines.push_back(std::move(partial_));
      partial_.clear();
    }
    bytes.remove_prefix(newline + 1);
  }
  return lines;
}

std::string LineSplitter::take_rest() {
  if (discarding_) {
    ++dropped_lines_;
    discarding_ = false;
  }
  std::string rest = std::move(partial_);
  partial_.clear();
  return rest;
}

}  // namespace tether::server::claude_code
