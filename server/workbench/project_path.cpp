// Client paths inside a project; see project_path.hpp.
#include "server/workbench/project_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace tether::server::workbench {
namespace fs = std::filesystem;
using protocol::Error;
using protocol::ErrorCode;

namespace {

constexpr std::string_view kOutsideHint = "Name a path relative to the project folder, without \"..\".";

std::string shown(std::string_view relative) { return "\"" + std::string(relative.empty() ? "." : relative) + "\""; }

Error outside(std::string_view relative) {
  return Error{ErrorCode::forbidden, shown(relative) + " is outside the project.", std::string(kOutsideHint)};
}

// What an errno from realpath, lstat or open means for the client.
Error from_errno(int number, std::string_view relative) {
  switch (number) {
    case ENOENT:
    case ENOTDIR:
      return Error{ErrorCode::not_found, shown(relative) + " does not exist in the project.",
                   "Refresh the listing: it may have been moved or deleted."};
    case EACCES:
    case EPERM:
      return Error{ErrorCode::forbidden, "The server's user cannot read " + shown(relative) + ".",
                   "Check its permissions (and its folders'), or run tether as a user that may read it."};
    case ELOOP:
      return Error{ErrorCode::invalid_message, shown(relative) + " is a loop of symlinks.",
                   "Fix the symlink on disk."};
    case ENAMETOOLONG:
      return Error{ErrorCode::invalid_message, shown(relative) + " is too long a path.", std::string(kOutsideHint)};
    default:
      return Error{ErrorCode::internal, shown(relative) + " cannot be read: " + std::strerror(number) + ".",
                   "The server log has nothing more; check the file on disk."};
  }
}

// A path that is not a regular file, said the way a person would.
Error not_a_file(mode_t mode, std::string_view relative) {
  if (S_ISDIR(mode)) {
    return Error{ErrorCode::invalid_message, shown(relative) + " is a directory, not a file.",
                 "List it with GET /api/sessions/{id}/files?path=…"};
  }
  const char* what = S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" : (S_ISCHR(mode) || S_ISBLK(mode)) ? "a device" : "not a regular file";
  return Error{ErrorCode::invalid_message, shown(relative) + " is " + what + ", not a file.",
               "Only regular files can be shown."};
}

protocol::Result<fs::path> real_path(const fs::path& path, std::string_view relative) {
  std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr), &std::free);
  if (!resolved) return from_errno(errno, relative);
  return fs::path(resolved.get());
}

bool inside(const fs::path& real, const fs::path& root) {
  const auto& text = real.native();
  const auto& base = root.native();
  if (base == "/") return true;
  return text == base || (text.size() > base.size() && text.starts_with(base) && text[base.size()] == '/');
}

}  // namespace

protocol::Result<std::string> normalize_relative(std::string_view relative) {
  if (relative.size() > kMaxPathBytes) {
    return Error{ErrorCode::invalid_message, "The path is longer than " + std::to_string(kMaxPathBytes) + " bytes.",
                 std::string(kOutsideHint)};
  }
  if (relative.find('\0') != std::string_view::npos) {
    return Error{ErrorCode::invalid_message, "The path contains a NUL byte.", std::string(kOutsideHint)};
  }
  if (relative.starts_with('/')) return outside(relative);
  std::string normalized;
  while (!relative.empty()) {
    const auto end = relative.find('/');
    const auto segment = relative.substr(0, end);
    relative.remove_prefix(end == std::string_view::npos ? relative.size() : end + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return outside(normalized.empty() ? std::string("..") : normalized + "/..");
    if (!normalized.empty()) normalized += '/';
    normalized += segment;
  }
  return normalized;
}

protocol::Result<fs::path> resolve_root(const fs::path& root) {
  std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(root.c_str(), nullptr), &std::free);
  if (resolved) return fs::path(resolved.get());
  if (errno == ENOENT || errno == ENOTDIR) {
    return Error{ErrorCode::folder_missing, "The project folder " + root.string() + " no longer exists.",
                 "Restore the folder, or start a new session in another project."};
  }
  return Error{ErrorCode::forbidden, "The server's user cannot reach the project folder " + root.string() + ".",
               "Check the folder's permissions."};
}

protocol::Result<ProjectPath> resolve_existing(const fs::path& root, std::string_view relative) {
  auto normalized = normalize_relative(relative);
  if (!normalized) return normalized.error();
  auto base = resolve_root(root);
  if (!base) return base.error();
  auto real = real_path(normalized->empty() ? *base : *base / *normalized, *normalized);
  if (!real) return real.error();
  if (!inside(*real, *base)) return outside(*normalized);
  return ProjectPath{std::move(*real), std::move(*normalized)};
}

protocol::Result<ProjectPath> resolve_maybe_missing(const fs::path& root, std::string_view relative) {
  auto normalized = normalize_relative(relative);
  if (!normalized) return normalized.error();
  auto base = resolve_root(root);
  if (!base) return base.error();
  // The deepest ancestor that exists decides; the missing rest cannot lead anywhere.
  fs::path candidate = normalized->empty() ? *base : *base / *normalized;
  fs::path missing;
  for (;;) {
    struct stat info {};
    if (::lstat(candidate.c_str(), &info) == 0) break;
    if (errno != ENOENT && errno != ENOTDIR) return from_errno(errno, *normalized);
    missing = missing.empty() ? candidate.filename() : candidate.filename() / missing;
    candidate = candidate.parent_path();
  }
  auto real = real_path(candidate, *normalized);
  if (!real) return real.error();
  if (!inside(*real, *base)) return outside(*normalized);
  return ProjectPath{missing.empty() ? std::move(*real) : *real / missing, std::move(*normalized)};
}

protocol::Result<ProjectPath> resolve_directory(const fs::path& root, std::string_view relative) {
  auto resolved = resolve_existing(root, relative);
  if (!resolved) return resolved.error();
  struct stat info {};
  if (::stat(resolved->absolute.c_str(), &info) != 0) return from_errno(errno, resolved->relative);
  if (!S_ISDIR(info.st_mode)) {
    return Error{ErrorCode::invalid_message, shown(resolved->relative) + " is not a directory.",
                 "Open it with GET /api/sessions/{id}/file?path=…"};
  }
  return resolved;
}

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

protocol::Result<OpenedFile> open_regular_file(const fs::path& root, std::string_view relative) {
  auto resolved = resolve_existing(root, relative);
  if (!resolved) return resolved.error();
  const auto& name = resolved->relative;
  // lstat first: a device is never even opened (opening one can have effects of its own).
  struct stat info {};
  if (::lstat(resolved->absolute.c_str(), &info) != 0) return from_errno(errno, name);
  if (!S_ISREG(info.st_mode)) return not_a_file(info.st_mode, name);
  // O_NONBLOCK: should a FIFO have replaced the file since, the open does not wait for a
  // writer; O_NOFOLLOW: nor does a symlink swapped in lead elsewhere. fstat decides.
  FileHandle handle(::open(resolved->absolute.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (handle.get() < 0) return from_errno(errno == ELOOP ? ENOENT : errno, name);
  if (::fstat(handle.get(), &info) != 0) return from_errno(errno, name);
  if (!S_ISREG(info.st_mode)) return not_a_file(info.st_mode, name);
  return OpenedFile{std::move(*resolved), std::move(handle), static_cast<std::uint64_t>(info.st_size)};
}

}  // namespace tether::server::workbench
