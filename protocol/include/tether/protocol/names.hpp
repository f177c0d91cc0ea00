// Every type tag and JSON field name of protocol v1 (docs/protocol.md), in one place.
// Code never spells a protocol string itself: it names one of these constants, so
// the C++ side cannot drift from the TypeScript side (web/src/types/websocket.ts).
#pragma once

#include <optional>
#include <string_view>

namespace tether::protocol {

inline constexpr int kVersion = 1;

enum class MessageType {
  // client -> server
  session_join,
  session_leave,
  chat_request,  // also server -> client, as the session's record of the accepted message
  chat_cancel,
  ping,
  permission_response,
  set_permission_mode,
  // server -> client
  connection_status,
  chat_stream,
  chat_response,
  session_update,
  thinking,
  tool_use,
  tool_input,  // a tool's input as the model writes it (transient)
  tool_result,
  permission_request,
  permission_resolved,
  ack,
  pong,
  error,
};

std::string_view to_string(MessageType type) noexcept;
std::optional<MessageType> parse_message_type(std::string_view text) noexcept;

// True for the types a client may send.
bool is_client_message(MessageType type) noexcept;

namespace field {
// envelope
inline constexpr std::string_view id = "id";
inline constexpr std::string_view type = "type";
inline constexpr std::string_view payload = "payload";
inline constexpr std::string_view timestamp = "timestamp";
inline constexpr std::string_view reply_to = "replyTo";
inline constexpr std::string_view seq = "seq";
// payloads
inline constexpr std::string_view session_id = "sessionId";
inline constexpr std::string_view last_seq = "lastSeq";
inline constexpr std::string_view message = "message";
inline constexpr std::string_view model = "model";
inline constexpr std::string_view request_id = "requestId";
inline constexpr std::string_view delta = "delta";
inline constexpr std::string_view is_complete = "isComplete";
inline constexpr std::string_view stop_reason = "stopReason";
inline constexpr std::string_view status = "status";
inline constexpr std::string_view connection_id = "connectionId";
inline constexpr std::string_view server_version = "serverVersion";
inline constexpr std::string_view heartbeat_interval_ms = "heartbeatIntervalMs";
inline constexpr std::string_view duplicate = "duplicate";
inline constexpr std::string_view code = "code";
inline constexpr std::string_view hint = "hint";
inline constexpr std::string_view backend = "backend";
inline constexpr std::string_view backend_reason = "backendReason";
inline constexpr std::string_view detail = "detail";
inline constexpr std::string_view last_event_seq = "lastSeq";
inline constexpr std::string_view tail_turns = "tailTurns";
inline constexpr std::string_view history_start = "historyStart";
inline constexpr std::string_view has_older = "hasOlder";
inline constexpr std::string_view head_seq = "headSeq";
inline constexpr std::string_view title = "title";
inline constexpr std::string_view created_at = "createdAt";
inline constexpr std::string_view updated_at = "updatedAt";
inline constexpr std::string_view role = "role";
inline constexpr std::string_view content = "content";
inline constexpr std::string_view messages = "messages";
inline constexpr std::string_view sessions = "sessions";
inline constexpr std::string_view session = "session";
inline constexpr std::string_view events = "events";
inline constexpr std::string_view error = "error";
inline constexpr std::string_view cwd = "cwd";
// chat_request images (docs/projects.md)
inline constexpr std::string_view images = "images";
inline constexpr std::string_view media_type = "mediaType";
inline constexpr std::string_view data = "data";
}  // namespace field

// Projects, folders, Claude Code transcripts and capabilities (docs/projects.md).
namespace field {
inline constexpr std::string_view origin = "origin";
inline constexpr std::string_view cwd_exists = "cwdExists";
inline constexpr std::string_view resume_command = "resumeCommand";
inline constexpr std::string_view imported = "imported";
inline constexpr std::string_view home = "home";
inline constexpr std::string_view roots = "roots";
inline constexpr std::string_view projects = "projects";
inline constexpr std::string_view path = "path";
inline constexpr std::string_view display_path = "displayPath";
inline constexpr std::string_view is_root = "isRoot";
inline constexpr std::string_view exists = "exists";
inline constexpr std::string_view session_count = "sessionCount";
inline constexpr std::string_view terminal_count = "terminalCount";
inline constexpr std::string_view last_activity = "lastActivity";
inline constexpr std::string_view folders = "folders";
inline constexpr std::string_view parent = "parent";
inline constexpr std::string_view root = "root";
inline constexpr std::string_view total = "total";
inline constexpr std::string_view next_offset = "nextOffset";
inline constexpr std::string_view transcripts = "transcripts";
inline constexpr std::string_view config_dir = "configDir";
inline constexpr std::string_view skipped_lines = "skippedLines";
inline constexpr std::string_view elapsed_ms = "elapsedMs";
inline constexpr std::string_view message_count = "messageCount";
inline constexpr std::string_view bytes = "bytes";
inline constexpr std::string_view models = "models";
inline constexpr std::string_view commands = "commands";
inline constexpr std::string_view output_styles = "outputStyles";
inline constexpr std::string_view permission_modes = "permissionModes";
inline constexpr std::string_view default_model = "defaultModel";
inline constexpr std::string_view argument_hint = "argumentHint";
inline constexpr std::string_view value = "value";
inline constexpr std::string_view display_name = "displayName";
}  // namespace field

// The workbench: a session's project files and git changes (docs/protocol.md §5.1.2). The
// listing and the file also use path, name, total, nextOffset, text, status.
namespace field {
inline constexpr std::string_view entries = "entries";
inline constexpr std::string_view kind = "kind";
inline constexpr std::string_view size = "size";
inline constexpr std::string_view ignored_hidden = "ignoredHidden";
inline constexpr std::string_view binary = "binary";
inline constexpr std::string_view too_large = "tooLarge";
inline constexpr std::string_view limit = "limit";
inline constexpr std::string_view repository = "repository";
inline constexpr std::string_view branch = "branch";
inline constexpr std::string_view head = "head";
inline constexpr std::string_view upstream = "upstream";
inline constexpr std::string_view ahead = "ahead";
inline constexpr std::string_view behind = "behind";
inline constexpr std::string_view files = "files";
inline constexpr std::string_view old_path = "oldPath";
inline constexpr std::string_view staged = "staged";
inline constexpr std::string_view unstaged = "unstaged";
inline constexpr std::string_view truncated = "truncated";
inline constexpr std::string_view diff = "diff";
}  // namespace field

// Values of Session.origin.
namespace session_origin {
inline constexpr std::string_view tether = "tether";
inline constexpr std::string_view terminal = "terminal";  // opened from a Claude Code transcript
}  // namespace session_origin

// Values of session_update.status.
namespace session_status {
inline constexpr std::string_view idle = "idle";
inline constexpr std::string_view running = "running";
}  // namespace session_status

// Payload fields of the Claude Code events and controls (docs/protocol.md §6).
namespace field {
inline constexpr std::string_view permission_id = "permissionId";
// permission_resolved: why a prompt closed without a client's answer (permission_close_reason).
inline constexpr std::string_view close_reason = "reason";
// permission_resolved: the connectionId of the client whose answer closed the prompt.
inline constexpr std::string_view answered_by = "answeredBy";
// Session (REST): how many permission prompts of a loaded session wait for an answer.
inline constexpr std::string_view prompts_waiting = "promptsWaiting";
inline constexpr std::string_view tool_name = "toolName";
// tool_use / tool_result inside a subagent: the Task tool call it belongs to.
inline constexpr std::string_view parent_tool_use_id = "parentToolUseId";
// tool_use: how much of the reply's text (UTF-8 bytes) came before the call.
inline constexpr std::string_view reply_offset = "replyOffset";
inline constexpr std::string_view tool_use_id = "toolUseId";
inline constexpr std::string_view name = "name";
inline constexpr std::string_view input = "input";
inline constexpr std::string_view description = "description";
inline constexpr std::string_view suggestions = "suggestions";
inline constexpr std::string_view blocked_path = "blockedPath";
inline constexpr std::string_view behavior = "behavior";
inline constexpr std::string_view updated_input = "updatedInput";
inline constexpr std::string_view remember = "remember";
// permission_response / permission_resolved: the index of the suggestion the user picked.
inline constexpr std::string_view suggestion = "suggestion";
inline constexpr std::string_view is_error = "isError";
// tool_result of a file tool (Edit, MultiEdit, Write): the CLI's structuredPatch, as hunks
// with the file's own line numbers; patchTruncated when it was past the server's bounds.
inline constexpr std::string_view patch = "patch";
inline constexpr std::string_view patch_truncated = "patchTruncated";
inline constexpr std::string_view old_start = "oldStart";
inline constexpr std::string_view old_lines = "oldLines";
inline constexpr std::string_view new_start = "newStart";
inline constexpr std::string_view new_lines = "newLines";
inline constexpr std::string_view lines = "lines";
inline constexpr std::string_view mode = "mode";
inline constexpr std::string_view text = "text";
// session_update.detail of the claude-code backend
inline constexpr std::string_view claude_session_id = "claudeSessionId";
inline constexpr std::string_view permission_mode = "permissionMode";
inline constexpr std::string_view tools = "tools";
inline constexpr std::string_view notice = "notice";
inline constexpr std::string_view retry = "retry";
inline constexpr std::string_view pending_permissions = "pendingPermissions";
inline constexpr std::string_view process = "process";
inline constexpr std::string_view claude_code_version = "claudeCodeVersion";
inline constexpr std::string_view selected_model = "selectedModel";
// chat_response.detail of the claude-code backend
inline constexpr std::string_view usage = "usage";
inline constexpr std::string_view cost_usd = "costUsd";
inline constexpr std::string_view duration_ms = "durationMs";
inline constexpr std::string_view duration_api_ms = "durationApiMs";
inline constexpr std::string_view num_turns = "numTurns";
inline constexpr std::string_view terminal_reason = "terminalReason";
inline constexpr std::string_view api_error_status = "apiErrorStatus";
inline constexpr std::string_view permission_denials = "permissionDenials";
inline constexpr std::string_view exit_code = "exitCode";
inline constexpr std::string_view stderr_tail = "stderr";
}  // namespace field

// Values of permission_response.behavior and permission_resolved.behavior.
namespace permission_behavior {
inline constexpr std::string_view allow = "allow";
inline constexpr std::string_view deny = "deny";
inline constexpr std::string_view cancelled = "cancelled";  // resolved by the CLI, not a client
}  // namespace permission_behavior

// Values of permission_resolved.reason, when a prompt closed without an answer.
namespace permission_close_reason {
// The server stopped (or crashed) while the prompt was open; its turn was interrupted.
inline constexpr std::string_view interrupted = "interrupted";
// Nobody answered within --permission-timeout: Tether denied it (behavior deny).
inline constexpr std::string_view timeout = "timeout";
}  // namespace permission_close_reason

// Values of chat_response.stopReason.
enum class StopReason { end_turn, cancelled, error, interrupted };
std::string_view to_string(StopReason reason) noexcept;
std::optional<StopReason> parse_stop_reason(std::string_view text) noexcept;

}  // namespace tether::protocol
