// A session's project as git sees it, read-only: the status (branch, upstream, changed
// files), the diff of everything or of one file, and which listed paths .gitignore ignores.
// Each runs the user's git through git_runner.hpp. Blocking: run them off the network
// threads.
#pragma once

#include "server/workbench/git_status.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tether::server::workbench {

inline constexpr std::size_t kMaxChangedFiles = 5000;
inline constexpr std::size_t kMaxDiffBytes = 2u << 20;

// None when the project is not inside a git work tree.
protocol::Result<std::optional<GitStatus>> git_status(const std::filesystem::path& root);

struct DiffQuery {
  std::string path;  // relative to the project root; "" = every change
  bool staged = false;
};

struct Diff {
  std::string text;
  bool truncated = false;  // cut at kMaxDiffBytes
};

// An untracked file's diff is its whole text, added (git diff --no-index /dev/null <file>).
protocol::Result<Diff> git_diff(const std::filesystem::path& root, const DiffQuery& query);

// `git check-ignore` on these project-relative paths; the ignored ones. Empty when the
// project is not in a git work tree, or git fails (a listing never fails for it).
std::vector<std::string> git_ignored(const std::filesystem::path& root, const std::vector<std::string>& paths);

}  // namespace tether::server::workbench
