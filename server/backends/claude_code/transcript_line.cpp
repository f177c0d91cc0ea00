// Parses one transcript line; see transcript_line.hpp. Every lookup is checked: a field
// of the wrong type counts as absent unless the line means nothing without it.
#include "server/backends/claude_code/transcript_line.hpp"

#include "server/backends/claude_code/cli_event.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>

#include <array>

namespace tether::server::claude_code {
namespace json = boost::json;
namespace {

using Kind = TranscriptEntry::Kind;
using Block = TranscriptEntry::Block;

const json::object* object_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_object() : nullptr;
}

std::string string_or_empty(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

bool bool_at(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_bool() && value->get_bool();
}

// A field that may be absent, but when present must be a string (or null): a uuid of
// another type would silently re-link the conversation tree.
bool optional_string(const json::object& object, std::string_view key, std::string& out) {
  const auto* value = object.if_contains(key);
  if (!value || value->is_null()) return true;
  if (!value->is_string()) return false;
  out = value->get_string();
  return true;
}

// Cut at a UTF-8 character boundary, so the text stays valid for the JSON we send on.
std::string cut_tool_result(std::string text) {
  if (text.size() <= kMaxToolResultBytes) return text;
  const auto original = text.size();
  std::size_t cut = kMaxToolResultBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += "\n… (cut: " + std::to_string(original) + " bytes in the transcript)";
  return text;
}

std::optional<TranscriptImage> image_of(const json::object& block) {
  const auto* source = object_at(block, "source");
  if (!source) return std::nullopt;
  TranscriptImage image{string_or_empty(*source, "media_type"), string_or_empty(*source, "data")};
  if (image.data.empty()) return std::nullopt;  // a url source, or nothing: not an attachment
  return image;
}

bool parse_user(const json::object& message, const json::object& line, TranscriptEntry& entry) {
  const auto* content = message.if_contains("content");
  if (!content) return false;
  entry.kind = Kind::prompt;
  if (content->is_string()) {
    entry.text = content->get_string();
  } else if (const auto* blocks = content->if_array()) {
    std::vector<std::string_view> texts;
    for (const auto& item : *blocks) {
      const auto* block = item.if_object();
      if (!block) continue;
      const auto* type_value = block->if_contains("type");
      const std::string_view type = type_value && type_value->is_string() ? std::string_view(type_value->get_string()) : "";
      if (type == "tool_result") {
        Block result;
        result.kind = Block::Kind::tool_result;
        result.tool_use_id = string_or_empty(*block, "tool_use_id");
        if (const auto* result_content = block->if_contains("content"))
          result.text = cut_tool_result(tool_result_text(*result_content));
        result.is_error = bool_at(*block, "is_error");
        entry.blocks.push_back(std::move(result));
      } else if (type == "text") {
        if (const auto* text = block->if_contains("text"); text && text->is_string()) texts.emplace_back(text->get_string());
      } else if (type == "image") {
        if (auto image = image_of(*block)) entry.images.push_back(std::move(*image));
      }
    }
    if (!entry.blocks.empty()) {
      // Tool results are the CLI's answer to tool calls: any text beside them is its own.
      entry.kind = Kind::tool_results;
      entry.images.clear();
      // The line's toolUseResult is about its tool result: only one to tell it to.
      if (const auto* result = line.if_contains("toolUseResult"); result && entry.blocks.size() == 1)
        entry.blocks.front().patch = structured_patch(*result);
      return true;
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (i > 0) entry.text += "\n\n";
      entry.text += texts[i];
    }
  } else {
    return false;
  }
  entry.meta = bool_at(line, "isMeta") || bool_at(line, "isCompactSummary") || bool_at(line, "isVisibleInTranscriptOnly");
  // A slash command typed by the user is a prompt: shown as typed ("/review src"), not
  // as the CLI's wrapping of it.
  if (auto typed = slash_command_text(entry.text)) {
    entry.text = std::move(*typed);
  } else if (entry.images.empty() && is_cli_wrapping(entry.text)) {
    entry.meta = true;
  }
  return true;
}

bool parse_assistant(const json::object& message, TranscriptEntry& entry) {
  entry.kind = Kind::assistant;
  entry.message_id = string_or_empty(message, "id");
  entry.model = string_or_empty(message, "model");
  if (const auto* usage = object_at(message, "usage")) entry.usage = *usage;  // copied into default storage
  const auto* content = message.if_contains("content");
  if (!content) return false;
  if (content->is_string()) {
    Block block;
    block.text = content->get_string();
    entry.blocks.push_back(std::move(block));
    return true;
  }
  const auto* blocks = content->if_array();
  if (!blocks) return false;
  for (const auto& item : *blocks) {
    const auto* block = item.if_object();
    if (!block) continue;
    const auto type = string_or_empty(*block, "type");
    Block parsed;
    if (type == "text") {
      parsed.kind = Block::Kind::text;
      parsed.text = string_or_empty(*block, "text");
    } else if (type == "thinking") {
      parsed.kind = Block::Kind::thinking;
      parsed.text = string_or_empty(*block, "thinking");
    } else if (type == "tool_use") {
      parsed.kind = Block::Kind::tool_use;
      parsed.tool_use_id = string_or_empty(*block, "id");
      parsed.name = string_or_empty(*block, "name");
      if (const auto* input = object_at(*block, "input")) parsed.input = *input;
    } else {
      continue;  // redacted_thinking, server tool blocks…: nothing a live turn shows either
    }
    entry.blocks.push_back(std::move(parsed));
  }
  return true;
}

// Reads the fields every line may carry; false when one that links lines is ill-typed.
bool parse_common(const json::object& line, TranscriptEntry& entry) {
  if (!optional_string(line, "uuid", entry.uuid) || !optional_string(line, "parentUuid", entry.parent_uuid)) return false;
  entry.sidechain = bool_at(line, "isSidechain");
  entry.timestamp = string_or_empty(line, "timestamp");
  entry.cwd = string_or_empty(line, "cwd");
  entry.session_id = string_or_empty(line, "sessionId");
  entry.leaf_uuid = string_or_empty(line, "leafUuid");
  return true;
}

bool parse_titled(const json::object& line, std::string_view key, Kind kind, TranscriptEntry& entry) {
  const auto* value = line.if_contains(key);
  if (!value || !value->is_string()) return false;
  entry.kind = kind;
  entry.summary = value->get_string();
  return true;
}

bool parse_object(const json::object& line, TranscriptEntry& entry) {
  const auto* type = line.if_contains("type");
  if (!type || !type->is_string()) return false;
  entry.type = type->get_string();
  if (!parse_common(line, entry)) return false;
  if (entry.type == "user" || entry.type == "assistant") {
    const auto* message = object_at(line, "message");
    if (!message || entry.uuid.empty()) return false;
    return entry.type == "user" ? parse_user(*message, line, entry) : parse_assistant(*message, entry);
  }
  if (entry.type == "summary") return parse_titled(line, "summary", Kind::summary, entry);
  if (entry.type == "ai-title") return parse_titled(line, "aiTitle", Kind::title, entry);
  if (entry.type == "custom-title") return parse_titled(line, "customTitle", Kind::title, entry);
  entry.kind = Kind::other;
  return true;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

std::optional<std::string> slash_command_text(std::string_view text) {
  auto inside = [&](std::string_view tag) -> std::optional<std::string_view> {
    const std::string open = "<" + std::string(tag) + ">";
    const std::string close = "</" + std::string(tag) + ">";
    const auto begin = text.find(open);
    if (begin == std::string_view::npos) return std::nullopt;
    const auto end = text.find(close, begin + open.size());
    if (end == std::string_view::npos) return std::nullopt;
    return trim(text.substr(begin + open.size(), end - begin - open.size()));
  };
  const auto name = inside("command-name");
  if (!name || !name->starts_with('/') || !is_cli_wrapping(text)) return std::nullopt;
  std::string typed(*name);
  if (const auto args = inside("command-args"); args && !args->empty()) typed.append(" ").append(*args);
  return typed;
}

bool is_cli_wrapping(std::string_view text) {
  // Tags the CLI wraps around slash commands, local command output and `!` shell runs.
  static constexpr std::array<std::string_view, 10> kTags = {
      "command-name",         "command-message", "command-args", "command-contents", "local-command-stdout",
      "local-command-stderr", "local-command-caveat", "bash-input", "bash-stdout", "bash-stderr"};
  text = trim(text);
  if (text.empty() || text == "[Request interrupted by user]" || text == "[Request interrupted by user for tool use]")
    return true;
  while (!text.empty()) {
    bool matched = false;
    for (const auto tag : kTags) {
      const std::string open = "<" + std::string(tag) + ">";
      if (!text.starts_with(open)) continue;
      const std::string close = "</" + std::string(tag) + ">";
      const auto end = text.find(close, open.size());
      if (end == std::string_view::npos) return false;
      text = trim(text.substr(end + close.size()));
      matched = true;
      break;
    }
    if (!matched) return false;
  }
  return true;
}

std::optional<TranscriptEntry> parse_transcript_line(std::string_view line) {
  // Most lines are small; their parse tree lives on the stack. Big ones spill to the heap.
  std::array<unsigned char, 16 * 1024> buffer;
  json::monotonic_resource resource(buffer.data(), buffer.size());
  json::parse_options options;
  options.max_depth = 256;  // tool inputs nest deeper than the protocol's 32
  boost::system::error_code error;
  const json::value value = json::parse(line, error, &resource, options);
  if (error) return std::nullopt;
  const auto* object = value.if_object();
  if (!object) return std::nullopt;
  TranscriptEntry entry;
  if (!parse_object(*object, entry)) return std::nullopt;
  return entry;
}

}  // namespace tether::server::claude_code
