// Thread selection and turn grouping; see transcript_history.hpp.
#include "server/backends/claude_code/transcript_history.hpp"

#include "server/backends/claude_code/patch_payload.hpp"
#include "server/backends/claude_code/turn_mapper.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace tether::server::claude_code {
namespace json = boost::json;
namespace field = protocol::field;
using protocol::MessageType;
using Kind = TranscriptEntry::Kind;
using Block = TranscriptEntry::Block;

namespace {

bool in_thread(const TranscriptEntry& entry) {
  return !entry.sidechain && (entry.kind == Kind::prompt || entry.kind == Kind::assistant || entry.kind == Kind::tool_results);
}

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// A token count as int64, or nothing for a value that is not a whole number in range
// (a transcript is someone else's file: 1e300 must not become undefined behaviour).
std::optional<std::int64_t> count_of(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64()) {
    const auto v = value.get_uint64();
    if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return static_cast<std::int64_t>(v);
  }
  return std::nullopt;
}

bool summed(std::string_view key) {
  return key == "input_tokens" || key == "output_tokens" || key.starts_with("cache_");
}

void add_usage(json::object& total, const json::object& usage) {
  for (const auto& [key, value] : usage) {
    if (!summed(key)) continue;
    const auto count = count_of(value);
    if (!count) continue;
    std::int64_t before = 0;
    if (const auto* existing = total.if_contains(key)) before = existing->is_int64() ? existing->get_int64() : 0;
    std::int64_t sum = 0;
    if (__builtin_add_overflow(before, *count, &sum))
      sum = *count > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    total[key] = sum;
  }
}

class TurnBuilder {
 public:
  void add(const TranscriptEntry& entry) {
    if (entry.kind == Kind::prompt) {
      if (entry.meta) return;
      finish();
      turn_ = TranscriptTurn{};
      open_ = true;
      turn_.prompt_uuid = entry.uuid;
      turn_.prompt_text = entry.text;
      turn_.images = entry.images;
      turn_.started_at = turn_.ended_at = entry.timestamp;
      return;
    }
    if (entry.kind != Kind::assistant && entry.kind != Kind::tool_results) return;
    if (!open_) {
      turn_ = TranscriptTurn{};
      open_ = true;
      turn_.started_at = entry.timestamp;
    }
    if (!entry.timestamp.empty()) turn_.ended_at = entry.timestamp;
    if (entry.kind == Kind::tool_results) {
      for (const auto& block : entry.blocks) {
        json::object payload{{field::tool_use_id, block.tool_use_id},
                             {field::content, block.text},
                             {field::is_error, block.is_error}};
        add_patch(payload, block.patch);  // as live (turn_mapper)
        turn_.events.push_back({MessageType::tool_result, std::move(payload)});
      }
      return;
    }
    add_assistant(entry);
  }

  std::vector<TranscriptTurn> take() {
    finish();
    return std::move(turns_);
  }

 private:
  void add_assistant(const TranscriptEntry& entry) {
    for (const auto& block : entry.blocks) {
      switch (block.kind) {
        case Block::Kind::text:
          // As live (turn_mapper): every non-empty text block is a block of the reply.
          if (block.text.empty()) break;
          if (!turn_.reply.empty()) turn_.reply += kBlockSeparator;
          turn_.reply += block.text;
          break;
        case Block::Kind::thinking:
          turn_.events.push_back(
              {MessageType::thinking, {{field::delta, ""}, {field::text, block.text}, {field::is_complete, true}}});
          break;
        case Block::Kind::tool_use:
          turn_.events.push_back({MessageType::tool_use, {{field::tool_use_id, block.tool_use_id},
                                                          {field::name, block.name},
                                                          {field::input, block.input},
                                                          {field::reply_offset, turn_.reply.size()}}});
          break;
        case Block::Kind::tool_result:
          break;
      }
    }
    // The CLI's own error messages carry the model "<synthetic>": not a model.
    if (!entry.model.empty() && entry.model != "<synthetic>") turn_.model = entry.model;
    // Each line of a message repeats its usage, the last one final: keep the last per id.
    // A line without an id is a message of its own.
    if (entry.message_id.empty()) anonymous_usage_.push_back(&entry.usage);
    else usage_by_message_[entry.message_id] = &entry.usage;
  }

  void finish() {
    if (!open_) return;
    for (const auto& [id, usage] : usage_by_message_) add_usage(turn_.usage, *usage);
    for (const auto* usage : anonymous_usage_) add_usage(turn_.usage, *usage);
    usage_by_message_.clear();
    anonymous_usage_.clear();
    turns_.push_back(std::move(turn_));
    open_ = false;
  }

  std::vector<TranscriptTurn> turns_;
  TranscriptTurn turn_;
  bool open_ = false;
  std::map<std::string_view, const json::object*> usage_by_message_;
  std::vector<const json::object*> anonymous_usage_;
};

}  // namespace

std::vector<const TranscriptEntry*> main_thread(const std::vector<TranscriptEntry>& entries) {
  // previous[i]: the closest thread entry before i (kNone if there is none).
  std::vector<std::size_t> previous(entries.size() + 1, kNone);
  std::unordered_map<std::string_view, std::size_t> index_of;
  std::size_t last = kNone;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    previous[i] = last;
    if (!entries[i].uuid.empty()) index_of.try_emplace(entries[i].uuid, i);
    if (in_thread(entries[i])) last = i;
  }
  std::vector<const TranscriptEntry*> path;
  // Each step goes strictly back in the file, so the walk ends even on a cyclic file.
  for (std::size_t at = last; at != kNone;) {
    const auto& entry = entries[at];
    path.push_back(&entry);
    if (entry.parent_uuid.empty()) break;
    const auto parent = index_of.find(entry.parent_uuid);
    if (parent == index_of.end() || parent->second >= at) {
      at = previous[at];
    } else if (in_thread(entries[parent->second])) {
      at = parent->second;
    } else {
      at = previous[parent->second];
    }
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<TranscriptTurn> turns_of(const std::vector<const TranscriptEntry*>& thread) {
  TurnBuilder builder;
  for (const auto* entry : thread) builder.add(*entry);
  return builder.take();
}

}  // namespace tether::server::claude_code
