// The list of Claude Code conversations inside the workspace roots, kept as a cache of
// per-file summaries: a listing reads only the files that changed since the last one,
// and of a file that grew only the bytes it gained. Blocking file I/O behind a mutex:
// call it from a blocking thread pool, never a network thread.
#pragma once

#include "server/backends/claude_code/transcript_summary.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server::claude_code {

struct TranscriptListing {
  std::filesystem::path file;
  std::uint64_t bytes = 0;
  TranscriptSummary summary;  // claude_session_id is the file's name
};

class TranscriptIndex {
 public:
  explicit TranscriptIndex(std::filesystem::path config_dir);  // $CLAUDE_CONFIG_DIR

  // Every transcript in a folder of config_dir/projects whose name could encode a
  // directory inside one of `roots` (canonical absolute paths) and whose lines' cwd is
  // inside a root (component-wise). Newest activity first. Only files named
  // <uuid>.jsonl; symlinked folders and files are not followed.
  std::vector<TranscriptListing> list(const std::vector<std::filesystem::path>& roots);

  // One conversation, if it is listed inside the roots; nullopt for an id that is not
  // a uuid.
  std::optional<TranscriptListing> find(std::string_view claude_session_id,
                                        const std::vector<std::filesystem::path>& roots);

  // Where the CLI keeps a conversation of `cwd`: config_dir/projects/encode(cwd)/<id>.jsonl;
  // empty for an id that is not a uuid (it would name another path).
  std::filesystem::path file_for(const std::string& cwd, std::string_view claude_session_id) const;

  const std::filesystem::path& config_dir() const noexcept { return config_dir_; }

  // Bytes read from transcripts since construction (for tests and benchmarks).
  std::uint64_t bytes_read() const;

 private:
  struct Cached {
    std::uint64_t device = 0, inode = 0, size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t end_offset = 0;  // where the next read starts
    std::string tail;              // the bytes before end_offset: detects a rewrite
    TranscriptSummarizer summarizer;
  };

  // Brings one file's cache entry up to date; false when it is not a regular file.
  bool refresh(const std::filesystem::path& file);
  std::optional<TranscriptListing> listing_of(const std::filesystem::path& file,
                                              const std::vector<std::filesystem::path>& roots) const;

  std::filesystem::path config_dir_;
  mutable std::mutex mutex_;
  std::map<std::filesystem::path, Cached> cache_;
  std::uint64_t bytes_read_ = 0;
};

// The CLI's folder name for a cwd: every UTF-16 unit other than [A-Za-z0-9] becomes '-';
// a name longer than 200 is cut to 200 and suffixed with "-" and a hash of the cwd.
std::string encode_project_folder(std::string_view cwd);

// True when a folder of that name may hold conversations of `root` or a directory in it.
bool folder_may_hold(std::string_view folder_name, const std::filesystem::path& root);

// Lexically, component by component: /srv/app2 is not inside /srv/app.
bool path_inside(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace tether::server::claude_code
