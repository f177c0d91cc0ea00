// libFuzzer target: Claude Code's transcripts as Tether reads them (listing summary,
// thread at the latest leaf, turns), fed with the input as a transcript file. The first
// byte picks a line at which the summary is split in two reads, as a file that grows
// between two listings is read: the two-part summary must equal the one-shot one.
#include "server/backends/claude_code/transcript_history.hpp"
#include "server/backends/claude_code/transcript_index.hpp"
#include "server/backends/claude_code/transcript_line.hpp"
#include "server/backends/claude_code/transcript_summary.hpp"

#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cc = tether::server::claude_code;

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    auto line = text.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
  return lines;
}

std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

void check_summary(const cc::TranscriptSummary& summary) {
  if (characters(summary.title) > 120 || summary.title.find('\n') != std::string::npos) __builtin_trap();
  if (summary.message_count < 0 || summary.skipped_lines < 0) __builtin_trap();
}

void check_thread(const std::vector<cc::TranscriptEntry>& entries, const std::vector<const cc::TranscriptEntry*>& thread) {
  // In file order, each entry once, only main-thread conversation lines.
  const cc::TranscriptEntry* previous = nullptr;
  for (const auto* entry : thread) {
    if (entry < entries.data() || entry >= entries.data() + entries.size()) __builtin_trap();
    if (previous && entry <= previous) __builtin_trap();
    if (entry->sidechain) __builtin_trap();
    using Kind = cc::TranscriptEntry::Kind;
    if (entry->kind != Kind::prompt && entry->kind != Kind::assistant && entry->kind != Kind::tool_results)
      __builtin_trap();
    previous = entry;
  }
}

// A folder name is made of [A-Za-z0-9-] only, and a root's own folder and its children's
// folders are recognised as the root's.
void check_encoding(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos || path.size() > 4096) return;
  const auto name = cc::encode_project_folder(path);
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) __builtin_trap();
  if (!cc::folder_may_hold(name, std::string(path))) __builtin_trap();
  if (!cc::folder_may_hold(cc::encode_project_folder(std::string(path) + "/child"), std::string(path))) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto lines = lines_of(text);

  std::vector<cc::TranscriptEntry> entries;
  cc::TranscriptSummarizer whole;
  for (const auto line : lines) {
    whole.add_line(line);
    if (auto entry = cc::parse_transcript_line(line)) entries.push_back(std::move(*entry));
  }
  check_summary(whole.summary());

  const std::size_t split = lines.empty() ? 0 : data[0] % (lines.size() + 1);
  cc::TranscriptSummarizer first;
  for (std::size_t i = 0; i < split; ++i) first.add_line(lines[i]);
  cc::TranscriptSummarizer resumed = first;
  for (std::size_t i = split; i < lines.size(); ++i) resumed.add_line(lines[i]);
  if (!(resumed.summary() == whole.summary())) __builtin_trap();

  const auto thread = cc::main_thread(entries);
  check_thread(entries, thread);
  for (const auto& turn : cc::turns_of(thread)) {
    for (const auto& event : turn.events) (void)boost::json::serialize(event.payload);
    (void)boost::json::serialize(turn.usage);
  }
  // Every entry as a thread of its own, in file order: turns_of takes any sequence.
  std::vector<const cc::TranscriptEntry*> all;
  for (const auto& entry : entries) all.push_back(&entry);
  (void)cc::turns_of(all);

  if (!lines.empty()) check_encoding(lines.front());
  return 0;
}
