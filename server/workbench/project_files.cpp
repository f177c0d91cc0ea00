// Listing and reading a project's files; see project_files.hpp.
#include "server/workbench/project_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <unordered_set>

namespace tether::server::workbench {
namespace {

EntryKind kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return EntryKind::directory;
  if (S_ISREG(mode)) return EntryKind::file;
  if (S_ISLNK(mode)) return EntryKind::symlink;
  return EntryKind::other;
}

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

}  // namespace

std::string_view to_string(EntryKind kind) noexcept {
  switch (kind) {
    case EntryKind::file: return "file";
    case EntryKind::directory: return "directory";
    case EntryKind::symlink: return "symlink";
    case EntryKind::other: return "other";
  }
  return "other";
}

protocol::Result<ListPage> list_directory(const std::filesystem::path& root, const ListQuery& query,
                                          const IgnoreCheck& ignored) {
  auto folder = resolve_directory(root, query.path);
  if (!folder) return folder.error();
  const int fd = ::open(folder->absolute.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  std::unique_ptr<DIR, DirCloser> dir(fd >= 0 ? ::fdopendir(fd) : nullptr);
  if (!dir) {
    const int number = errno;
    if (fd >= 0) ::close(fd);
    return protocol::Error{protocol::ErrorCode::forbidden,
                           "The server's user cannot read the folder \"" +
                               (folder->relative.empty() ? std::string(".") : folder->relative) +
                               "\": " + std::strerror(number) + ".",
                           "Check its permissions, or run tether as a user that may read it."};
  }
  std::vector<Entry> entries;
  errno = 0;
  while (const dirent* item = ::readdir(dir.get())) {
    const std::string_view name = item->d_name;
    if (name == "." || name == ".." || name == ".git") continue;  // .git: never, hidden or not
    if (!query.hidden && name.starts_with('.')) continue;
    struct stat info {};
    Entry entry{std::string(name), EntryKind::other, 0};
    if (::fstatat(::dirfd(dir.get()), item->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0) {
      entry.kind = kind_of(info.st_mode);
      entry.size = static_cast<std::uint64_t>(info.st_size);
    }
    entries.push_back(std::move(entry));
  }

  ListPage page;
  page.path = folder->relative;
  if (ignored && !entries.empty()) {
    const std::string prefix = page.path.empty() ? std::string() : page.path + "/";
    std::vector<std::string> paths;
    paths.reserve(entries.size());
    for (const auto& entry : entries)
      paths.push_back(prefix + entry.name + (entry.kind == EntryKind::directory ? "/" : ""));
    const auto answer = ignored(paths);
    if (!answer.empty()) {
      const std::unordered_set<std::string> out(answer.begin(), answer.end());
      std::size_t index = 0;
      std::erase_if(entries, [&](const Entry&) { return out.contains(paths[index++]); });
      page.ignored_hidden = paths.size() - entries.size();
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    const bool a_dir = a.kind == EntryKind::directory;
    const bool b_dir = b.kind == EntryKind::directory;
    if (a_dir != b_dir) return a_dir;
    return a.name < b.name;
  });
  page.total = entries.size();
  const auto first = std::min(query.offset, entries.size());
  const auto last = std::min(entries.size(), first + std::min(query.limit, kMaxEntriesPerPage));
  page.entries.assign(std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(first)),
                      std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(last)));
  if (last < entries.size()) page.next_offset = last;
  return page;
}

protocol::Result<FileContent> read_file(const std::filesystem::path& root, std::string_view relative) {
  auto file = open_regular_file(root, relative);
  if (!file) return file.error();
  FileContent content;
  content.path = file->path.relative;
  content.size = file->size;
  if (file->size > kMaxFileBytes) {
    content.too_large = true;
    return content;
  }
  // Read to the bound, not to the size fstat gave: the file may grow meanwhile.
  std::string bytes(static_cast<std::size_t>(kMaxFileBytes) + 1, '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const auto n = ::read(file->handle.get(), bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return protocol::Error{protocol::ErrorCode::internal,
                             "\"" + content.path + "\" could not be read: " + std::strerror(errno) + ".",
                             "Check the file on disk."};
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  content.size = got;
  if (got > kMaxFileBytes) {
    content.too_large = true;
    return content;
  }
  const auto head = std::string_view(bytes).substr(0, kBinarySniffBytes);
  if (head.find('\0') != std::string_view::npos || !is_utf8(bytes)) {
    content.binary = true;
    return content;
  }
  content.text = std::move(bytes);
  return content;
}

bool is_utf8(std::string_view bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;  // the second byte's range; narrower after E0, ED, F0, F4
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return false;
    }
    if (i + length > bytes.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace tether::server::workbench
