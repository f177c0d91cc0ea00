// The transcript listing cache; see transcript_index.hpp.
#include "server/backends/claude_code/transcript_index.hpp"

#include "server/backends/claude_code/transcript_file.hpp"
#include "tether/protocol/messages.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <utility>

namespace tether::server::claude_code {
namespace fs = std::filesystem;
namespace {

// The CLI's own bound on a folder name (Claude Code 2.1.197: longer names are cut to
// 200 and get a hash suffix).
constexpr std::size_t kMaxFolderName = 200;
// How many bytes before the resume offset are compared to detect a file rewritten in
// place (same inode, not merely appended to).
constexpr std::size_t kTailBytes = 64;

bool is_alnum(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Decodes UTF-8 leniently: an invalid byte is U+FFFD, as a JavaScript string would hold it.
template <class F>
void for_each_code_point(std::string_view text, F&& f) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    char32_t cp = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (!valid) {
      f(char32_t{0xFFFD});
      ++i;
      continue;
    }
    f(cp);
    i += length;
  }
}

// The CLI's hash of a path for long folder names: Java's String.hashCode over UTF-16
// units, then Math.abs(...).toString(36).
std::string js_hash36(std::string_view text) {
  std::uint32_t hash = 0;
  auto add = [&hash](std::uint32_t unit) { hash = hash * 31u + unit; };
  for_each_code_point(text, [&](char32_t cp) {
    if (cp >= 0x10000) {
      add(0xD800 + ((cp - 0x10000) >> 10));
      add(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      add(cp);
    }
  });
  const auto signed_hash = static_cast<std::int64_t>(static_cast<std::int32_t>(hash));
  auto value = static_cast<std::uint64_t>(signed_hash < 0 ? -signed_hash : signed_hash);
  if (value == 0) return "0";
  std::string digits;
  while (value > 0) {
    digits += "0123456789abcdefghijklmnopqrstuvwxyz"[value % 36];
    value /= 36;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// encode_project_folder before the length bound.
std::string sanitize(std::string_view cwd) {
  std::string out;
  out.reserve(cwd.size());
  for_each_code_point(cwd, [&](char32_t cp) {
    if (is_alnum(cp)) out += static_cast<char>(cp);
    else out.append(cp >= 0x10000 ? "--" : "-");  // one '-' per UTF-16 unit, like the CLI
  });
  return out;
}

struct FileStat {
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t mtime_ns = 0;
};

// lstat: a symlink is not a transcript (it could point anywhere on the machine).
std::optional<FileStat> regular_file_stat(const fs::path& file) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileStat{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                  static_cast<std::uint64_t>(st.st_size),
                  static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

bool is_real_directory(const fs::directory_entry& entry) {
  std::error_code error;
  return fs::is_directory(entry.symlink_status(error)) && !error;
}

// The `count` bytes of `file` before `end`, or nothing when they cannot be read.
std::optional<std::string> bytes_before(const fs::path& file, std::uint64_t end, std::size_t count) {
  const auto start = end > count ? end - count : 0;
  std::string bytes(static_cast<std::size_t>(end - start), '\0');
  if (bytes.empty()) return bytes;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  const auto n = ::pread(fd, bytes.data(), bytes.size(), static_cast<off_t>(start));
  ::close(fd);
  if (n != static_cast<ssize_t>(bytes.size())) return std::nullopt;
  return bytes;
}

bool any_root_may_hold(std::string_view folder, const std::vector<fs::path>& roots) {
  return std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) { return folder_may_hold(folder, root); });
}

bool is_transcript_name(const fs::path& file) {
  const auto name = file.filename().string();
  return name.size() == 36 + 6 && name.ends_with(".jsonl") && protocol::is_uuid(std::string_view(name).substr(0, 36));
}

}  // namespace

std::string encode_project_folder(std::string_view cwd) {
  auto name = sanitize(cwd);
  if (name.size() <= kMaxFolderName) return name;
  name.resize(kMaxFolderName);
  return name + "-" + js_hash36(cwd);
}

bool folder_may_hold(std::string_view folder_name, const fs::path& root) {
  const auto root_text = root.string();
  if (folder_name == encode_project_folder(root_text)) return true;
  auto prefix = sanitize(root_text);
  if (prefix.empty()) return false;
  if (prefix.back() != '-') prefix += '-';  // "/" encodes to "-", the start of every name
  if (folder_name.starts_with(prefix)) return true;
  // A long descendant's name is its first 200 characters, '-', a hash.
  return prefix.size() >= kMaxFolderName && folder_name.size() > kMaxFolderName &&
         folder_name[kMaxFolderName] == '-' && folder_name.substr(0, kMaxFolderName) == std::string_view(prefix).substr(0, kMaxFolderName);
}

bool path_inside(const fs::path& path, const fs::path& root) {
  if (!path.is_absolute() || !root.is_absolute()) return false;
  const auto p = path.lexically_normal();
  const auto r = root.lexically_normal();
  auto pi = p.begin();
  for (const auto& component : r) {
    if (component.empty()) continue;  // the trailing "" of "/a/b/"
    if (pi == p.end() || *pi != component) return false;
    ++pi;
  }
  return true;
}

TranscriptIndex::TranscriptIndex(fs::path config_dir) : config_dir_(std::move(config_dir)) {}

std::uint64_t TranscriptIndex::bytes_read() const {
  std::lock_guard lock(mutex_);
  return bytes_read_;
}

fs::path TranscriptIndex::file_for(const std::string& cwd, std::string_view claude_session_id) const {
  if (!protocol::is_uuid(claude_session_id)) return {};
  return config_dir_ / "projects" / encode_project_folder(cwd) / (std::string(claude_session_id) + ".jsonl");
}

bool TranscriptIndex::refresh(const fs::path& file) {
  const auto stat = regular_file_stat(file);
  if (!stat) {
    cache_.erase(file);
    return false;
  }
  auto found = cache_.find(file);
  if (found != cache_.end()) {
    const auto& cached = found->second;
    if (cached.device == stat->device && cached.inode == stat->inode && cached.size == stat->size &&
        cached.mtime_ns == stat->mtime_ns)
      return true;
  }
  // Resume only a file that is the same file, not shorter than what was read, and whose
  // bytes before the resume point are still the ones read: else it was rewritten.
  Cached next;
  if (found != cache_.end()) {
    const auto& cached = found->second;
    if (cached.device == stat->device && cached.inode == stat->inode && stat->size >= cached.end_offset &&
        bytes_before(file, cached.end_offset, cached.tail.size()) == cached.tail)
      next = cached;
  }
  const auto from = next.end_offset;
  TranscriptSummarizer& summarizer = next.summarizer;
  auto on_line = [&summarizer](std::string_view line) { summarizer.add_line(line); };
  const auto read = read_lines(file, from, on_line);
  if (read.failed) {
    cache_.erase(file);
    return false;
  }
  summarizer.add_skipped(read.skipped_long_lines);
  bytes_read_ += stat->size > from ? stat->size - from : 0;
  next.device = stat->device;
  next.inode = stat->inode;
  next.size = stat->size;
  next.mtime_ns = stat->mtime_ns;
  next.end_offset = read.end_offset;
  if (auto tail = bytes_before(file, read.end_offset, kTailBytes)) next.tail = std::move(*tail);
  else next.size = 0;  // could not take the fingerprint: look again next time
  cache_.insert_or_assign(file, std::move(next));
  return true;
}

std::optional<TranscriptListing> TranscriptIndex::listing_of(const fs::path& file,
                                                             const std::vector<fs::path>& roots) const {
  const auto found = cache_.find(file);
  if (found == cache_.end()) return std::nullopt;
  const auto& summary = found->second.summarizer.summary();
  if (summary.cwd.empty()) return std::nullopt;
  const fs::path cwd(summary.cwd);
  if (std::none_of(roots.begin(), roots.end(), [&](const fs::path& root) { return path_inside(cwd, root); }))
    return std::nullopt;
  TranscriptListing listing{file, found->second.size, summary};
  listing.summary.claude_session_id = file.stem().string();
  return listing;
}

std::vector<TranscriptListing> TranscriptIndex::list(const std::vector<fs::path>& roots) {
  std::lock_guard lock(mutex_);
  std::set<fs::path> seen;
  std::error_code error;
  const auto projects = config_dir_ / "projects";
  for (auto folder = fs::directory_iterator(projects, error); !error && folder != fs::directory_iterator();
       folder.increment(error)) {
    if (!is_real_directory(*folder) || !any_root_may_hold(folder->path().filename().string(), roots)) continue;
    std::error_code inner;
    for (auto file = fs::directory_iterator(folder->path(), inner); !inner && file != fs::directory_iterator();
         file.increment(inner)) {
      if (!is_transcript_name(file->path())) continue;
      if (refresh(file->path())) seen.insert(file->path());
    }
  }
  // Forget files that are gone from the folders this listing covers.
  for (auto it = cache_.begin(); it != cache_.end();) {
    const bool covered = any_root_may_hold(it->first.parent_path().filename().string(), roots);
    if (covered && !seen.contains(it->first)) it = cache_.erase(it);
    else ++it;
  }
  std::vector<TranscriptListing> listings;
  for (const auto& file : seen)
    if (auto listing = listing_of(file, roots)) listings.push_back(std::move(*listing));
  std::sort(listings.begin(), listings.end(), [](const TranscriptListing& a, const TranscriptListing& b) {
    if (a.summary.last_activity != b.summary.last_activity) return a.summary.last_activity > b.summary.last_activity;
    return a.file < b.file;
  });
  return listings;
}

std::optional<TranscriptListing> TranscriptIndex::find(std::string_view claude_session_id,
                                                       const std::vector<fs::path>& roots) {
  if (!protocol::is_uuid(claude_session_id)) return std::nullopt;
  const std::string name = std::string(claude_session_id) + ".jsonl";
  std::lock_guard lock(mutex_);
  std::vector<fs::path> cached;
  for (const auto& [file, entry] : cache_)
    if (file.filename() == name) cached.push_back(file);
  for (const auto& file : cached) {
    if (!any_root_may_hold(file.parent_path().filename().string(), roots) || !refresh(file)) continue;
    if (auto listing = listing_of(file, roots)) return listing;
  }
  std::error_code error;
  for (auto folder = fs::directory_iterator(config_dir_ / "projects", error);
       !error && folder != fs::directory_iterator(); folder.increment(error)) {
    if (!is_real_directory(*folder) || !any_root_may_hold(folder->path().filename().string(), roots)) continue;
    const auto file = folder->path() / name;
    if (std::find(cached.begin(), cached.end(), file) != cached.end() || !refresh(file)) continue;
    if (auto listing = listing_of(file, roots)) return listing;
  }
  return std::nullopt;
}

}  // namespace tether::server::claude_code
