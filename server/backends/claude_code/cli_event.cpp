// Parses stream-json stdout lines into CliEvent; see cli_event.hpp. Every lookup is
// checked: the CLI is someone else's program and its output may change between versions.
#include "server/backends/claude_code/cli_event.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>

#include <limits>

namespace tether::server::claude_code {
namespace json = boost::json;
namespace {

const json::object* object_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_object() : nullptr;
}

const json::array* array_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_array() : nullptr;
}

std::optional<std::string> string_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

std::string string_or_empty(const json::object& object, std::string_view key) {
  return string_at(object, key).value_or(std::string());
}

std::optional<double> number_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value) return std::nullopt;
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  if (value->is_double()) return value->get_double();
  return std::nullopt;
}

// A count, index, status or duration: a number that T cannot hold (1e300, found by the
// fuzzer) counts as absent; converting it would be undefined behaviour.
template <class T>
std::optional<T> integer_at(const json::object& object, std::string_view key) {
  auto number = number_at(object, key);
  // max() + 1.0 is exactly 2^31 or 2^63: the first value past the range.
  constexpr double kLimit = static_cast<double>(std::numeric_limits<T>::max()) + 1.0;
  if (!number || !(*number >= static_cast<double>(std::numeric_limits<T>::min()) && *number < kLimit)) {
    return std::nullopt;
  }
  return static_cast<T>(*number);
}

std::optional<int> int_at(const json::object& object, std::string_view key) { return integer_at<int>(object, key); }

bool bool_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_bool() && value->get_bool();
}

CliEvent parse_system(const json::object& line) {
  const auto subtype = string_or_empty(line, "subtype");
  if (subtype == "init") {
    SystemInit init;
    init.session_id = string_or_empty(line, "session_id");
    init.model = string_or_empty(line, "model");
    init.permission_mode = string_or_empty(line, "permissionMode");
    init.cwd = string_or_empty(line, "cwd");
    init.version = string_or_empty(line, "claude_code_version");
    if (const auto* tools = array_at(line, "tools"))
      for (const auto& tool : *tools)
        if (tool.is_string()) init.tools.emplace_back(tool.get_string());
    if (init.session_id.empty()) return Unrecognized{"system/init without session_id"};
    return init;
  }
  if (subtype == "status") {
    SystemStatus status;
    status.status = string_at(line, "status");
    status.permission_mode = string_at(line, "permissionMode");
    return status;
  }
  if (subtype == "api_retry") {
    ApiRetry retry;
    retry.attempt = int_at(line, "attempt").value_or(0);
    retry.max_retries = int_at(line, "max_retries").value_or(0);
    retry.retry_delay_ms = number_at(line, "retry_delay_ms").value_or(0);
    retry.error_status = int_at(line, "error_status");
    retry.error = string_or_empty(line, "error");
    return retry;
  }
  return Ignored{"system/" + subtype};
}

CliEvent parse_stream_event(const json::object& line) {
  // A subagent's (Task's) own stream would interleave with the main reply: skipped.
  if (const auto* parent = line.if_contains("parent_tool_use_id"); parent && parent->is_string())
    return Ignored{"stream_event/subagent"};
  const auto* event = object_at(line, "event");
  if (!event) return Unrecognized{"stream_event without event"};
  const auto type = string_or_empty(*event, "type");
  if (type == "message_start") {
    const auto* message = object_at(*event, "message");
    if (!message) return Unrecognized{"message_start without message"};
    return MessageStart{string_or_empty(*message, "id")};
  }
  if (type == "content_block_start") {
    const auto* block = object_at(*event, "content_block");
    if (!block) return BlockStart{int_at(*event, "index").value_or(0), ""};
    return BlockStart{int_at(*event, "index").value_or(0), string_or_empty(*block, "type"),
                      string_or_empty(*block, "id"), string_or_empty(*block, "name")};
  }
  if (type == "content_block_delta") {
    const auto* delta = object_at(*event, "delta");
    if (!delta) return Unrecognized{"content_block_delta without delta"};
    const int index = int_at(*event, "index").value_or(0);
    const auto delta_type = string_or_empty(*delta, "type");
    if (delta_type == "text_delta") return TextDelta{index, string_or_empty(*delta, "text")};
    if (delta_type == "thinking_delta") return ThinkingDelta{index, string_or_empty(*delta, "thinking")};
    if (delta_type == "input_json_delta") return ToolInputDelta{index, string_or_empty(*delta, "partial_json")};
    return Ignored{"stream_event/" + delta_type};
  }
  return Ignored{"stream_event/" + type};
}

std::optional<std::string> parent_of(const json::object& line) { return string_at(line, "parent_tool_use_id"); }

CliEvent parse_assistant(const json::object& line) {
  const auto* message = object_at(line, "message");
  if (!message) return Unrecognized{"assistant without message"};
  AssistantMessage assistant;
  assistant.message_id = string_or_empty(*message, "id");
  assistant.error = string_at(line, "error");
  assistant.parent_tool_use_id = parent_of(line);
  if (const auto* content = array_at(*message, "content")) {
    for (const auto& item : *content) {
      const auto* block = item.if_object();
      if (!block) continue;
      const auto type = string_or_empty(*block, "type");
      if (type == "text") {
        assistant.blocks.emplace_back(TextBlock{string_or_empty(*block, "text")});
      } else if (type == "thinking") {
        assistant.blocks.emplace_back(ThinkingBlock{string_or_empty(*block, "thinking")});
      } else if (type == "tool_use") {
        const auto* input = object_at(*block, "input");
        assistant.blocks.emplace_back(ToolUseBlock{string_or_empty(*block, "id"), string_or_empty(*block, "name"),
                                                   input ? *input : json::object()});
      }
    }
  }
  return assistant;
}

CliEvent parse_user(const json::object& line) {
  const auto* message = object_at(line, "message");
  if (!message) return Unrecognized{"user without message"};
  UserMessage user;
  user.is_replay = bool_at(line, "isReplay");
  user.parent_tool_use_id = parent_of(line);
  const auto* content = message->if_contains("content");
  if (content && content->is_string()) {
    user.texts.emplace_back(content->get_string());
  } else if (content && content->is_array()) {
    for (const auto& item : content->get_array()) {
      const auto* block = item.if_object();
      if (!block) continue;
      const auto type = string_or_empty(*block, "type");
      if (type == "tool_result") {
        const auto* result_content = block->if_contains("content");
        user.tool_results.push_back(ToolResult{string_or_empty(*block, "tool_use_id"),
                                               result_content ? tool_result_text(*result_content) : "",
                                               bool_at(*block, "is_error"), std::nullopt});
      } else if (type == "text") {
        user.texts.push_back(string_or_empty(*block, "text"));
      }
    }
  }
  // The line's tool_use_result is about its tool result: only one to tell it to.
  if (const auto* result = line.if_contains("tool_use_result"); result && user.tool_results.size() == 1)
    user.tool_results.front().patch = structured_patch(*result);
  return user;
}

CliEvent parse_result(const json::object& line) {
  TurnEnd end;
  end.subtype = string_or_empty(line, "subtype");
  end.is_error = bool_at(line, "is_error");
  end.result = string_at(line, "result");
  if (const auto* errors = array_at(line, "errors"))
    for (const auto& error : *errors)
      if (error.is_string()) end.errors.emplace_back(error.get_string());
  end.stop_reason = string_at(line, "stop_reason");
  end.terminal_reason = string_at(line, "terminal_reason");
  end.api_error_status = int_at(line, "api_error_status");
  end.session_id = string_or_empty(line, "session_id");
  end.duration_ms = integer_at<std::int64_t>(line, "duration_ms").value_or(0);
  end.duration_api_ms = integer_at<std::int64_t>(line, "duration_api_ms").value_or(0);
  end.num_turns = integer_at<std::int64_t>(line, "num_turns").value_or(0);
  end.total_cost_usd = number_at(line, "total_cost_usd").value_or(0);
  if (const auto* usage = object_at(line, "usage")) end.usage = *usage;
  if (const auto* denials = array_at(line, "permission_denials")) end.permission_denials = *denials;
  return end;
}

CliEvent parse_control_request(const json::object& line) {
  auto request_id = string_at(line, "request_id");
  const auto* request = object_at(line, "request");
  if (!request_id || request_id->empty() || !request) return Unrecognized{"control_request without request_id/request"};
  const auto subtype = string_or_empty(*request, "subtype");
  if (subtype == "can_use_tool") {
    PermissionPrompt prompt;
    prompt.request_id = std::move(*request_id);
    prompt.tool_name = string_or_empty(*request, "tool_name");
    if (const auto* input = object_at(*request, "input")) prompt.input = *input;
    prompt.description = string_or_empty(*request, "description");
    if (const auto* suggestions = array_at(*request, "permission_suggestions")) prompt.suggestions = *suggestions;
    prompt.tool_use_id = string_or_empty(*request, "tool_use_id");
    prompt.blocked_path = string_at(*request, "blocked_path");
    prompt.title = string_at(*request, "title");
    return prompt;
  }
  return OtherControlRequest{std::move(*request_id), subtype, *request};
}

CliEvent parse_control_response(const json::object& line) {
  const auto* response = object_at(line, "response");
  if (!response) return Unrecognized{"control_response without response"};
  ControlResponse parsed;
  parsed.request_id = string_or_empty(*response, "request_id");
  parsed.success = string_or_empty(*response, "subtype") == "success";
  parsed.error = string_or_empty(*response, "error");
  if (const auto* payload = object_at(*response, "response")) parsed.response = *payload;
  return parsed;
}

// A hunk's position or length: an integer JSON wrote as one, 0 to 2^31 - 1.
std::optional<std::int64_t> hunk_number(const json::object& hunk, std::string_view key) {
  const auto* value = hunk.if_contains(key);
  if (!value) return std::nullopt;
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
  if (value->is_int64() && value->get_int64() >= 0 && value->get_int64() <= kMax) return value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(kMax))
    return static_cast<std::int64_t>(value->get_uint64());
  return std::nullopt;
}

}  // namespace

std::optional<FilePatch> structured_patch(const json::value& tool_use_result) {
  const auto* result = tool_use_result.if_object();
  if (!result) return std::nullopt;  // a string: a denial, an error
  const auto* hunks = array_at(*result, "structuredPatch");
  if (!hunks || hunks->empty()) return std::nullopt;
  FilePatch patch;
  std::size_t line_count = 0;
  std::size_t bytes = 0;
  for (const auto& item : *hunks) {
    const auto* hunk = item.if_object();
    if (!hunk) return std::nullopt;
    const auto old_start = hunk_number(*hunk, "oldStart");
    const auto old_lines = hunk_number(*hunk, "oldLines");
    const auto new_start = hunk_number(*hunk, "newStart");
    const auto new_lines = hunk_number(*hunk, "newLines");
    const auto* lines = array_at(*hunk, "lines");
    if (!old_start || !old_lines || !new_start || !new_lines || !lines) return std::nullopt;
    PatchHunk parsed{*old_start, *old_lines, *new_start, *new_lines, {}};
    for (const auto& line : *lines) {
      if (!line.is_string()) return std::nullopt;
      ++line_count;
      bytes += line.get_string().size();
      // Past the bounds the rest is still checked (a malformed patch is no patch at all),
      // not copied.
      if (line_count > kMaxPatchLines || bytes > kMaxPatchBytes) patch.truncated = true;
      if (!patch.truncated) parsed.lines.emplace_back(line.get_string());
    }
    if (!patch.truncated) patch.hunks.push_back(std::move(parsed));
  }
  if (patch.truncated) patch.hunks.clear();
  return patch;
}

std::string tool_result_text(const json::value& content) {
  if (content.is_string()) return std::string(content.get_string());
  std::string text;
  if (const auto* blocks = content.if_array()) {
    for (const auto& item : *blocks) {
      const auto* block = item.if_object();
      if (!block) continue;
      const auto type = string_or_empty(*block, "type");
      if (!text.empty()) text += '\n';
      if (type == "text") text += string_or_empty(*block, "text");
      else if (type == "image") text += "[image]";
      else text += "[" + type + "]";
    }
  }
  return text;
}

CliEvent parse_cli_line(std::string_view line) {
  json::parse_options options;
  options.max_depth = 256;  // tool inputs nest deeper than the protocol's 32
  boost::system::error_code error;
  json::value value = json::parse(line, error, {}, options);
  if (error) return Unrecognized{"not JSON: " + error.message()};
  const auto* object = value.if_object();
  if (!object) return Unrecognized{"not a JSON object"};
  const auto type = string_or_empty(*object, "type");
  if (type == "system") return parse_system(*object);
  if (type == "stream_event") return parse_stream_event(*object);
  if (type == "assistant") return parse_assistant(*object);
  if (type == "user") return parse_user(*object);
  if (type == "result") return parse_result(*object);
  if (type == "control_request") return parse_control_request(*object);
  if (type == "control_response") return parse_control_response(*object);
  if (type == "control_cancel_request") {
    auto request_id = string_at(*object, "request_id");
    if (!request_id) return Unrecognized{"control_cancel_request without request_id"};
    return ControlCancel{std::move(*request_id)};
  }
  if (type == "keep_alive" || type == "transcript_mirror") return Ignored{type};
  return Unrecognized{type.empty() ? "no type" : "unknown type " + type};
}

}  // namespace tether::server::claude_code
