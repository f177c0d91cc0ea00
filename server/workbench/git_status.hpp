// The parser of `git status --porcelain=v2 -z --branch --untracked-files=all`: pure (text
// in, value out), so that every kind of line is tested without a repository. Each file is
// one status (what the UI shows as its letter) and whether it has staged and unstaged
// changes; conflicts (every "u" line, whatever its two letters) are neither staged nor
// unstaged: they are conflicted, which is its own status.
#pragma once

#include "tether/protocol/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server::workbench {

enum class FileStatus { modified, added, deleted, renamed, copied, untracked, conflicted, typechange };
std::string_view to_string(FileStatus status) noexcept;

struct ChangedFile {
  std::string path;
  std::optional<std::string> old_path;  // renames and copies only
  FileStatus status = FileStatus::modified;
  bool staged = false;    // the index differs from HEAD
  bool unstaged = false;  // the work tree differs from the index (untracked: true)
};

struct GitStatus {
  std::optional<std::string> branch;    // none when HEAD is detached
  std::optional<std::string> head;      // the commit; none before the first one
  std::optional<std::string> upstream;  // e.g. "origin/main"
  std::int64_t ahead = 0;
  std::int64_t behind = 0;
  std::vector<ChangedFile> files;       // in git's order
  bool truncated = false;               // more than max_files changed; the rest left out
};

// Ignored ("!") lines and unknown headers are skipped; anything else that is not what git
// prints is an error (code internal), never a crash.
protocol::Result<GitStatus> parse_git_status(std::string_view output, std::size_t max_files);

}  // namespace tether::server::workbench
