// What the conversation list shows of one transcript, built line by line so that a file
// that grows is read only from where the last read stopped. The summarizer is a small
// copyable value: the index keeps one per file and resumes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tether::server::claude_code {

struct TranscriptSummary {
  std::string claude_session_id;  // the lines' sessionId (the index uses the file name)
  std::string cwd;                // of the first line that has one
  // The user's /rename (custom-title), else the latest summary line, else the latest
  // ai-title, else the first prompt typed on the main thread; one line, <= 120 chars.
  std::string title;
  std::string last_activity;  // the greatest timestamp seen
  std::int64_t message_count = 0;  // main-thread prompts + main-thread assistant messages
  std::int64_t skipped_lines = 0;  // malformed lines

  bool operator==(const TranscriptSummary&) const = default;
};

class TranscriptSummarizer {
 public:
  void add_line(std::string_view line);
  // A line dropped before parsing (longer than the reader's bound).
  void add_skipped(std::int64_t lines = 1) { summary_.skipped_lines += lines; }
  const TranscriptSummary& summary() const noexcept { return summary_; }

  bool operator==(const TranscriptSummarizer&) const = default;

 private:
  void refresh_title();

  TranscriptSummary summary_;
  std::string custom_title_, summary_title_, ai_title_, prompt_title_;
  // The CLI writes one line per content block, all with the message's id: a message is
  // counted when its id differs from the previous main-thread assistant line's. No set
  // of ids is kept, so the state stays small however long the conversation is.
  std::string last_message_id_;
};

// One line, whitespace runs collapsed, at most `max_chars` characters ("…" when cut).
std::string one_line_title(std::string_view text, std::size_t max_chars = 120);

}  // namespace tether::server::claude_code
