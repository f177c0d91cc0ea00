#include "server/backends/word_splitter.hpp"

namespace tether::server {
namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;  // leading space joins the first word
  while (i < text.size()) {
    while (i < text.size() && !is_space(text[i])) ++i;
    while (i < text.size() && is_space(text[i])) ++i;
    words.push_back(text.substr(start, i - start));
    start = i;
  }
  if (start < text.size()) words.push_back(text.substr(start));  // whitespace-only text
  return words;
}

}  // namespace tether::server
