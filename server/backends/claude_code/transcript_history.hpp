// A transcript as Tether turns: the thread that ends at the latest leaf, cut into one
// turn per prompt, each with the events a live turn would have produced (thinking,
// tool_use, tool_result, with the same payloads as turn_mapper) and its reply text.
// Pure: the caller reads the file (transcript_file.hpp) and parses the lines.
#pragma once

#include "server/backends/claude_code/transcript_line.hpp"

#include "tether/protocol/names.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace tether::server::claude_code {

struct TranscriptEvent {
  protocol::MessageType type;  // thinking, tool_use or tool_result
  boost::json::object payload;  // without sessionId/requestId
};

struct TranscriptTurn {
  std::string prompt_uuid;  // the prompt line's uuid; empty for lines before any prompt
  std::string prompt_text;
  std::vector<TranscriptImage> images;
  std::string started_at, ended_at;  // timestamps as written
  std::vector<TranscriptEvent> events;
  std::string reply;  // the text blocks joined with "\n\n", as a live turn joins them
  std::string model;  // of the last assistant message
  boost::json::object usage;  // summed over the turn's distinct assistant messages
};

// The main thread that ends at the latest leaf, root first. The leaf is the last
// non-sidechain prompt / tool_results / assistant entry in file order; the path follows
// parentUuid back to a root (a line without one). Sidechain lines and lines of other
// kinds are never part of it. When a parentUuid names no thread entry earlier in the file
// (the line was skipped as malformed, or it is a compact boundary or another kind of
// line, or it is later in the file, which would be a cycle), the path continues from the
// closest main-thread entry before the named line, or before the current one when the
// named line is not in the file at all: a gap costs at most a side branch, never the
// rest of the conversation.
std::vector<const TranscriptEntry*> main_thread(const std::vector<TranscriptEntry>& entries);

// Groups a thread (or any sequence in file order) into turns: each non-meta prompt starts
// one; assistant/tool_results lines before the first prompt form a turn with an empty
// prompt; meta prompts are skipped. Lines of one assistant message (one block each) are
// taken in order.
std::vector<TranscriptTurn> turns_of(const std::vector<const TranscriptEntry*>& thread);

}  // namespace tether::server::claude_code
