// Claude Code's conversations as a catalog and a history source; see claude_transcripts.hpp.
#include "server/backends/claude_code/claude_transcripts.hpp"

#include "server/backends/claude_code/transcript_file.hpp"
#include "server/backends/claude_code/transcript_history.hpp"
#include "server/backends/claude_code/transcript_line.hpp"

#include <spdlog/spdlog.h>

namespace tether::server::claude_code {
namespace fs = std::filesystem;
namespace json = boost::json;
namespace field = protocol::field;

namespace {

ExternalConversation to_conversation(const TranscriptListing& listing) {
  const auto& summary = listing.summary;
  return ExternalConversation{listing.file.stem().string(), summary.cwd,          summary.title,
                              summary.last_activity,        summary.message_count, listing.bytes,
                              summary.skipped_lines};
}

ExternalTurn to_external(TranscriptTurn turn) {
  ExternalTurn external;
  external.prompt_uuid = std::move(turn.prompt_uuid);
  external.prompt = std::move(turn.prompt_text);
  for (auto& image : turn.images) external.images.push_back({std::move(image.media_type), std::move(image.data)});
  external.started_at = std::move(turn.started_at);
  external.ended_at = std::move(turn.ended_at);
  for (auto& event : turn.events) external.events.emplace_back(event.type, std::move(event.payload));
  external.reply = std::move(turn.reply);
  if (!turn.model.empty()) external.detail[field::model] = std::move(turn.model);
  if (!turn.usage.empty()) external.detail[field::usage] = std::move(turn.usage);
  return external;
}

}  // namespace

ClaudeTranscripts::ClaudeTranscripts(fs::path config_dir, const Workspace& workspace)
    : config_dir_(std::move(config_dir)), workspace_(workspace), index_(config_dir_) {}

std::vector<ExternalConversation> ClaudeTranscripts::list() {
  std::vector<ExternalConversation> conversations;
  for (const auto& listing : index_.list(workspace_.roots())) conversations.push_back(to_conversation(listing));
  return conversations;
}

std::optional<ExternalConversation> ClaudeTranscripts::find(std::string_view id) {
  auto listing = index_.find(id, workspace_.roots());
  if (!listing) return std::nullopt;
  return to_conversation(*listing);
}

bool ClaudeTranscripts::may_have_history(const json::object& backend_state) const {
  const auto* id = backend_state.if_contains(field::claude_session_id);
  return id != nullptr && id->is_string() && !id->get_string().empty();
}

std::optional<ExternalHistory> ClaudeTranscripts::read_since(const json::object& backend_state, const std::string& cwd,
                                                             std::int64_t offset) {
  const auto* id = backend_state.if_contains(field::claude_session_id);
  if (id == nullptr || !id->is_string() || id->get_string().empty()) return std::nullopt;
  const std::string claude_id(id->get_string());
  auto file = index_.file_for(cwd, claude_id);
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    auto listing = index_.find(claude_id, workspace_.roots());
    if (!listing) return std::nullopt;
    file = listing->file;
  }
  const auto size = static_cast<std::int64_t>(fs::file_size(file, error));
  if (error || size == offset) return std::nullopt;

  ExternalHistory history;
  if (offset == kBaseline) {
    history.end_offset = static_cast<std::int64_t>(read_lines(file, 0, [](std::string_view) {}).end_offset);
    return history;
  }
  // Smaller than what was read: the file was replaced. Read it all again; the turns
  // already held are recognised by their uuids.
  const std::uint64_t from = size < offset ? 0 : static_cast<std::uint64_t>(offset);
  std::vector<TranscriptEntry> entries;
  const auto read = read_lines(file, from, [&](std::string_view line) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;  // a blank line is not an error
    if (auto entry = parse_transcript_line(line)) {
      entries.push_back(std::move(*entry));
    } else {
      ++history.skipped_lines;
    }
  });
  history.end_offset = static_cast<std::int64_t>(read.end_offset);
  history.skipped_lines += static_cast<std::int64_t>(read.skipped_long_lines);
  if (history.end_offset == offset) return std::nullopt;

  // From the start, the thread that ends at the latest leaf; after that, what was
  // appended, in file order (a resumed conversation continues from its leaf).
  std::vector<const TranscriptEntry*> thread;
  if (from == 0) {
    thread = main_thread(entries);
  } else {
    for (const auto& entry : entries) {
      const bool conversation = entry.kind == TranscriptEntry::Kind::prompt ||
                                entry.kind == TranscriptEntry::Kind::assistant ||
                                entry.kind == TranscriptEntry::Kind::tool_results;
      if (conversation && !entry.sidechain) thread.push_back(&entry);
    }
  }
  for (auto& turn : turns_of(thread)) {
    // Lines before the first prompt of an appended stretch end a turn read earlier.
    if (turn.prompt_uuid.empty() && from > 0) continue;
    if (turn.prompt_uuid.empty()) turn.prompt_uuid = "start-" + claude_id;
    history.turns.push_back(to_external(std::move(turn)));
  }
  if (history.skipped_lines > 0)
    spdlog::warn("claude transcript {}: {} malformed line(s) skipped", file.string(), history.skipped_lines);
  return history;
}

}  // namespace tether::server::claude_code
