// The conversations on this machine that began outside Tether (Claude Code's own
// transcripts): what the sidebar lists beside Tether's sessions and what can be opened.
// Blocking (it reads files): call it off the network threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server {

struct ExternalConversation {
  std::string id;  // Claude Code's session id (what --resume takes)
  std::string cwd;
  std::string title;
  std::string last_activity;  // ISO-8601
  std::int64_t message_count = 0;
  std::uint64_t bytes = 0;
  std::int64_t skipped_lines = 0;  // malformed lines, left out
};

class ConversationCatalog {
 public:
  virtual ~ConversationCatalog() = default;
  // Those whose cwd is inside the workspace roots, newest first.
  virtual std::vector<ExternalConversation> list() = 0;
  virtual std::optional<ExternalConversation> find(std::string_view id) = 0;
  // Where they are read from (shown to users).
  virtual std::filesystem::path location() const = 0;
};

}  // namespace tether::server
