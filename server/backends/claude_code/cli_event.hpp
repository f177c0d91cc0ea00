// The lines the Claude Code CLI prints on stdout in stream-json mode, as typed events.
// parse_cli_line never throws and never fails hard: a line it does not understand
// becomes Unrecognized (logged and skipped by the caller), a known line it has no use
// for becomes Ignored. Field names here are the CLI's, not Tether's protocol.
// Reference: /work/shared/reference/claude-code-stream-json.md §2–§7 (CLI 2.1.197).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tether::server::claude_code {

// system/init: printed at the start of every turn.
struct SystemInit {
  std::string session_id;
  std::string model;
  std::string permission_mode;
  std::string cwd;
  std::string version;
  std::vector<std::string> tools;
};

// system/status: "requesting" at each API call; a permission-mode change.
struct SystemStatus {
  std::optional<std::string> status;
  std::optional<std::string> permission_mode;
};

// system/api_retry: the CLI is about to retry a failed API request.
struct ApiRetry {
  int attempt = 0;
  int max_retries = 0;
  double retry_delay_ms = 0;
  std::optional<int> error_status;  // HTTP status; absent for connection errors
  std::string error;                // the CLI's category: overloaded, rate_limit, server_error…
};

// stream_event message_start: a new API message begins streaming.
struct MessageStart {
  std::string message_id;
};

// stream_event content_block_start.
struct BlockStart {
  int index = 0;
  std::string block_type;  // text, thinking, tool_use…
  std::string tool_use_id;  // tool_use: its id and name
  std::string tool_name;
};

// stream_event content_block_delta with a text_delta.
struct TextDelta {
  int index = 0;
  std::string text;
};

// stream_event content_block_delta with a thinking_delta.
struct ThinkingDelta {
  int index = 0;
  std::string text;
};

// stream_event content_block_delta with an input_json_delta: the next piece of a tool's
// input, as JSON text, while the model writes it.
struct ToolInputDelta {
  int index = 0;
  std::string partial_json;
};

struct TextBlock {
  std::string text;
};
struct ThinkingBlock {
  std::string text;
};
struct ToolUseBlock {
  std::string id;
  std::string name;
  boost::json::object input;
};
using ContentBlock = std::variant<TextBlock, ThinkingBlock, ToolUseBlock>;

// assistant: one complete content block of an API message (several lines share an id).
struct AssistantMessage {
  std::string message_id;
  std::vector<ContentBlock> blocks;
  std::optional<std::string> error;             // set on the CLI's synthetic API-error message
  std::optional<std::string> parent_tool_use_id;  // set inside a subagent (Task)
};

// One hunk of a file tool's structuredPatch (jsdiff's): where it is in the file before and
// after the change (1-based), and its lines, each led by ' ' (context), '-' or '+'.
struct PatchHunk {
  std::int64_t old_start = 0;
  std::int64_t old_lines = 0;
  std::int64_t new_start = 0;
  std::int64_t new_lines = 0;
  std::vector<std::string> lines;
};

// What an Edit, MultiEdit or Write (update) changed, with the file's line numbers: the
// `structuredPatch` of the line's tool_use_result (stream-json) or toolUseResult
// (transcript). Past the bounds below: no hunks, truncated.
struct FilePatch {
  std::vector<PatchHunk> hunks;
  bool truncated = false;
};

// Bounds of a patch sent on: all its hunks' lines, and their UTF-8 bytes.
inline constexpr std::size_t kMaxPatchLines = 2000;
inline constexpr std::size_t kMaxPatchBytes = 256 * 1024;

// The structuredPatch of a tool_use_result / toolUseResult value. nullopt when there is
// none, it is empty (a Write that created its file), or it is not well formed: not an
// array of objects whose oldStart, oldLines, newStart, newLines are integers from 0 to
// 2^31 - 1 and whose lines are an array of strings. Never throws.
std::optional<FilePatch> structured_patch(const boost::json::value& tool_use_result);

struct ToolResult {
  std::string tool_use_id;
  std::string content;  // text blocks joined; images as "[image]"
  bool is_error = false;
  std::optional<FilePatch> patch;  // an Edit's, MultiEdit's, Write's (update) change
};

// user: tool results, interruption notes, replays.
struct UserMessage {
  std::vector<ToolResult> tool_results;
  std::vector<std::string> texts;
  bool is_replay = false;
  std::optional<std::string> parent_tool_use_id;
};

// result: the end of a turn.
struct TurnEnd {
  std::string subtype;  // success, error_during_execution, error_max_turns…
  bool is_error = false;
  std::optional<std::string> result;  // the last reply text (success subtype only)
  std::vector<std::string> errors;    // error_* subtypes
  std::optional<std::string> stop_reason;
  std::optional<std::string> terminal_reason;
  std::optional<int> api_error_status;
  std::string session_id;
  std::int64_t duration_ms = 0;
  std::int64_t duration_api_ms = 0;
  std::int64_t num_turns = 0;
  double total_cost_usd = 0;
  boost::json::object usage;
  boost::json::array permission_denials;
};

// control_request can_use_tool: the CLI asks whether a tool may run.
struct PermissionPrompt {
  std::string request_id;
  std::string tool_name;
  boost::json::object input;
  std::string description;
  boost::json::array suggestions;  // permission_suggestions, as the CLI sent them
  std::string tool_use_id;
  std::optional<std::string> blocked_path;
  std::optional<std::string> title;
};

// Any other control_request from the CLI; it must still be answered.
struct OtherControlRequest {
  std::string request_id;
  std::string subtype;
  boost::json::object request;
};

// control_response: the CLI's answer to one of our control requests.
struct ControlResponse {
  std::string request_id;
  bool success = false;
  std::string error;
  boost::json::object response;
};

// control_cancel_request: the CLI no longer needs an answer to one of its requests.
struct ControlCancel {
  std::string request_id;
};

// A line of a known kind that Tether has no use for (keep_alive, other stream events…).
struct Ignored {
  std::string kind;
};

// A line we do not understand: not JSON, not an object, missing fields, unknown type.
struct Unrecognized {
  std::string reason;
};

using CliEvent = std::variant<SystemInit, SystemStatus, ApiRetry, MessageStart, BlockStart, TextDelta,
                              ThinkingDelta, ToolInputDelta, AssistantMessage, UserMessage, TurnEnd, PermissionPrompt,
                              OtherControlRequest, ControlResponse, ControlCancel, Ignored, Unrecognized>;

CliEvent parse_cli_line(std::string_view line);

// Text of a tool_result's content (a string or an array of blocks).
std::string tool_result_text(const boost::json::value& content);

}  // namespace tether::server::claude_code
