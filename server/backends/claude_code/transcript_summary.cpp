// Incremental transcript summary; see transcript_summary.hpp.
#include "server/backends/claude_code/transcript_summary.hpp"

#include "server/backends/claude_code/transcript_line.hpp"

namespace tether::server::claude_code {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// "2026-12-01T09:12:44.120Z": only a value of this shape may become last_activity, or a
// stray "zzz" would sort above every real date.
bool looks_like_timestamp(std::string_view text) {
  if (text.size() < 10 || text.size() > 40) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if ((i == 4 || i == 7) ? text[i] != '-' : !digit) return false;
  }
  return true;
}

}  // namespace

std::string one_line_title(std::string_view text, std::size_t max_chars) {
  if (max_chars == 0) return {};
  // Collapse whitespace, stopping one character past the bound: a 100 MB prompt costs
  // no more than a short one. `cut` remembers where max_chars - 1 characters end.
  std::string out;
  std::size_t chars = 0;
  std::size_t cut = 0;
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size() && chars <= max_chars;) {
    if (is_space(text[i])) {
      pending_space = !out.empty();
      ++i;
      continue;
    }
    if (pending_space) {
      out += ' ';
      if (++chars == max_chars - 1) cut = out.size();
      pending_space = false;
      if (chars > max_chars) break;
    }
    // One UTF-8 character (the text came out of a JSON parser, so it is valid UTF-8).
    std::size_t length = 1;
    while (i + length < text.size() && (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80) ++length;
    out.append(text.substr(i, length));
    if (++chars == max_chars - 1) cut = out.size();
    i += length;
  }
  if (chars <= max_chars) return out;
  out.resize(cut);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "…";
  return out;
}

void TranscriptSummarizer::add_line(std::string_view line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;  // a blank line is not a line
  auto parsed = parse_transcript_line(line);
  if (!parsed) {
    ++summary_.skipped_lines;
    return;
  }
  const auto& entry = *parsed;
  if (summary_.claude_session_id.empty()) summary_.claude_session_id = entry.session_id;
  if (summary_.cwd.empty()) summary_.cwd = entry.cwd;
  if (looks_like_timestamp(entry.timestamp) && entry.timestamp > summary_.last_activity)
    summary_.last_activity = entry.timestamp;

  using Kind = TranscriptEntry::Kind;
  switch (entry.kind) {
    case Kind::summary:
      if (auto title = one_line_title(entry.summary); !title.empty()) summary_title_ = std::move(title);
      break;
    case Kind::title:
      if (auto title = one_line_title(entry.summary); !title.empty())
        (entry.type == "custom-title" ? custom_title_ : ai_title_) = std::move(title);
      break;
    case Kind::prompt:
      if (entry.sidechain || entry.meta) break;
      ++summary_.message_count;
      // A slash command ("/model") says what was done, not what the conversation is about.
      if (prompt_title_.empty() && !entry.text.starts_with('/')) prompt_title_ = one_line_title(entry.text);
      break;
    case Kind::assistant:
      if (entry.sidechain) break;
      // A line without an id is a message of its own.
      if (entry.message_id.empty() || entry.message_id != last_message_id_) ++summary_.message_count;
      last_message_id_ = entry.message_id;
      break;
    case Kind::tool_results:
    case Kind::other:
      break;
  }
  refresh_title();
}

void TranscriptSummarizer::refresh_title() {
  for (const auto* title : {&custom_title_, &summary_title_, &ai_title_, &prompt_title_}) {
    if (!title->empty()) {
      if (summary_.title != *title) summary_.title = *title;
      return;
    }
  }
}

}  // namespace tether::server::claude_code
