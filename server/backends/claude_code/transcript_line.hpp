// One line of a Claude Code transcript ($CLAUDE_CONFIG_DIR/projects/<folder>/<id>.jsonl),
// parsed into what Tether reads from it: listing, history import, growth in a terminal.
// The file is another program's, written by versions we have not seen: unknown line
// types and fields are kept as Kind::other or ignored; only a line that is not a JSON
// object, or whose essential fields have the wrong type, is rejected (and counted by
// the caller). Reference: /work/shared/reference/claude-code-transcripts.md.
#pragma once

#include "server/backends/claude_code/cli_event.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server::claude_code {

struct TranscriptImage {
  std::string media_type;
  std::string data;  // base64, as written
};

struct TranscriptEntry {
  enum class Kind { prompt, tool_results, assistant, summary, title, other };
  Kind kind = Kind::other;
  std::string type;  // the line's "type"
  std::string uuid, parent_uuid;  // parent empty for roots
  bool sidechain = false;  // isSidechain: a subagent's line
  // Not typed by the user: isMeta, a compact summary, an interruption note, or text
  // that is only the CLI's wrapping (<command-name>, <local-command-stdout>…).
  bool meta = false;
  std::string timestamp;  // ISO-8601 as written
  std::string cwd, session_id;

  // prompt: string content, or its text blocks joined with "\n\n", and its images.
  std::string text;
  std::vector<TranscriptImage> images;

  // assistant
  std::string message_id, model;
  boost::json::object usage;
  struct Block {
    enum class Kind { text, thinking, tool_use, tool_result } kind = Kind::text;
    std::string text;  // text, thinking, or tool_result content
    std::string tool_use_id;
    std::string name;
    boost::json::object input;
    bool is_error = false;
    std::optional<FilePatch> patch;  // tool_result: the line's toolUseResult.structuredPatch
  };
  std::vector<Block> blocks;  // assistant: text/thinking/tool_use; tool_results: tool_result

  // summary: "summary"; title: "aiTitle" (ai-title) or "customTitle" (custom-title).
  std::string summary;
  std::string leaf_uuid;  // summary, last-prompt
};

// A tool result's content is cut to this many bytes (a file dump, a long log): the
// history of one transcript is held in memory while it is imported.
inline constexpr std::size_t kMaxToolResultBytes = 256 * 1024;

// nullopt: not a JSON object, not valid UTF-8 JSON, or an essential field ill-typed
// (type; uuid, parentUuid, message, message.content of user/assistant lines; the text
// of summary/title lines). Never throws.
std::optional<TranscriptEntry> parse_transcript_line(std::string_view line);

// True when a prompt's text is only the CLI's wrapping (<command-name>…</command-name>,
// <local-command-stdout>…, <local-command-caveat>…) or an interruption note.
bool is_cli_wrapping(std::string_view text);
// "/name args" when a prompt's text is the CLI's wrapping of a slash command the user typed
// (<command-name>/name</command-name><command-args>args</command-args>…).
std::optional<std::string> slash_command_text(std::string_view text);

}  // namespace tether::server::claude_code
