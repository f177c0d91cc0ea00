// Claude Code's own conversations, as Tether sees them: listed beside Tether's sessions
// (ConversationCatalog), and read into a session's history when it is opened, including
// what a terminal added since (HistorySource). Only reads: Tether never writes into
// Claude Code's transcripts. Blocking (files): used on the blocking executor.
#pragma once

#include "server/backends/claude_code/transcript_index.hpp"
#include "server/backends/external_history.hpp"
#include "server/projects/conversation_catalog.hpp"
#include "server/projects/workspace.hpp"

#include <filesystem>

namespace tether::server::claude_code {

class ClaudeTranscripts final : public ConversationCatalog, public HistorySource {
 public:
  ClaudeTranscripts(std::filesystem::path config_dir, const Workspace& workspace);

  std::vector<ExternalConversation> list() override;
  std::optional<ExternalConversation> find(std::string_view id) override;
  std::filesystem::path location() const override { return config_dir_; }

  std::optional<ExternalHistory> read_since(const boost::json::object& backend_state, const std::string& cwd,
                                            std::int64_t offset) override;
  bool may_have_history(const boost::json::object& backend_state) const override;

 private:
  std::filesystem::path config_dir_;
  const Workspace& workspace_;
  TranscriptIndex index_;
};

}  // namespace tether::server::claude_code
