// A session's project files, read-only: one directory's entries a page at a time, and one
// file's text. Every path goes through project_path.hpp. Blocking: run it off the network
// threads.
#pragma once

#include "server/workbench/project_path.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tether::server::workbench {

inline constexpr std::size_t kDefaultEntriesPerPage = 500;
inline constexpr std::size_t kMaxEntriesPerPage = 2000;
inline constexpr std::uint64_t kMaxFileBytes = 1u << 20;  // shown as text up to 1 MiB
inline constexpr std::size_t kBinarySniffBytes = 8192;    // a NUL in these: binary

enum class EntryKind { file, directory, symlink, other };
std::string_view to_string(EntryKind kind) noexcept;

struct Entry {
  std::string name;
  EntryKind kind = EntryKind::other;
  std::uint64_t size = 0;  // of the entry itself (a symlink's is its target's length)
};

struct ListQuery {
  std::string path;  // relative to the project root; "" is the root
  std::size_t offset = 0;
  std::size_t limit = kDefaultEntriesPerPage;
  bool hidden = false;  // list names that start with "."
};

struct ListPage {
  std::string path;                        // normalized
  std::vector<Entry> entries;              // this page: directories first, then by name (bytes)
  std::size_t total = 0;                   // every listed entry, all pages
  std::optional<std::size_t> next_offset;  // none on the last page
  std::size_t ignored_hidden = 0;          // left out because .gitignore ignores them
};

// Which of these project-relative paths (directories end with "/") .gitignore ignores.
// Returns the ignored ones; empty when the project is not in a git work tree.
using IgnoreCheck = std::function<std::vector<std::string>(const std::vector<std::string>& paths)>;

// `.git` is never listed. A failed ignore check ignores nothing: the listing still works.
protocol::Result<ListPage> list_directory(const std::filesystem::path& root, const ListQuery& query,
                                          const IgnoreCheck& ignored);

struct FileContent {
  std::string path;  // normalized
  std::uint64_t size = 0;
  bool too_large = false;  // past kMaxFileBytes: no text
  bool binary = false;     // a NUL in the first 8 KiB, or not UTF-8: no text
  std::string text;
};

protocol::Result<FileContent> read_file(const std::filesystem::path& root, std::string_view relative);

// Whether bytes are well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_utf8(std::string_view bytes) noexcept;

}  // namespace tether::server::workbench
