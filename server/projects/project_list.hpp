// The projects the UI lists: the workspace roots, every directory that has Tether
// sessions, and every directory inside the roots with Claude Code conversations, each
// with its counts and latest activity. Blocking (it checks that each folder still exists).
#pragma once

#include "server/projects/conversation_catalog.hpp"
#include "server/projects/workspace.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tether::server {

struct ProjectSummary {
  std::filesystem::path path;
  bool is_root = false;
  bool exists = true;
  std::int64_t session_count = 0;   // Tether sessions
  std::int64_t terminal_count = 0;  // Claude Code conversations not opened in Tether
  std::string last_activity;        // ISO-8601; empty when nothing happened there yet
};

struct SessionPlace {
  std::string cwd;
  std::string updated_at;
};

// Newest activity first; projects with no activity (a bare root) last, by path.
std::vector<ProjectSummary> collect_projects(const Workspace& workspace, const std::vector<SessionPlace>& sessions,
                                             const std::vector<ExternalConversation>& conversations);

}  // namespace tether::server
