// The one place that checks a path a client names inside a session's project (the
// workbench: files, listings, diffs). A client path is relative to the project root; it
// is refused when absolute, with a NUL, with a ".." segment or too long, and what it
// resolves to (symlinks followed) must lie inside the root's own real path: a symlink that
// leads out is refused, one that stays inside is fine. Files are opened without following
// a last symlink and without blocking, and only regular files are read: a FIFO, a device or
// a socket is refused before anything waits on it. Blocking (it reads the disk): run it off
// the network threads.
#pragma once

#include "tether/protocol/errors.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace tether::server::workbench {

// The longest client path accepted (bytes); the kernel's PATH_MAX.
inline constexpr std::size_t kMaxPathBytes = 4096;

// A client path checked without the disk: "" is the root, "." and empty segments are
// dropped ("./src//a" is "src/a").
protocol::Result<std::string> normalize_relative(std::string_view relative);

// The real path of a project root (a session's cwd); folder_missing when it is gone.
protocol::Result<std::filesystem::path> resolve_root(const std::filesystem::path& root);

struct ProjectPath {
  std::filesystem::path absolute;  // the real path, inside the root's real path
  std::string relative;            // the client's path, normalized ("" for the root)
};

// An existing path inside the project, every symlink followed.
protocol::Result<ProjectPath> resolve_existing(const std::filesystem::path& root, std::string_view relative);

// A path that may no longer exist (a deleted file's diff): its deepest existing ancestor
// must be inside the project, and the path itself, when it exists, too.
protocol::Result<ProjectPath> resolve_maybe_missing(const std::filesystem::path& root, std::string_view relative);

// A directory inside the project ("" is the root).
protocol::Result<ProjectPath> resolve_directory(const std::filesystem::path& root, std::string_view relative);

// An open file descriptor, closed with its owner.
class FileHandle {
 public:
  FileHandle() = default;
  explicit FileHandle(int fd) : fd_(fd) {}
  FileHandle(FileHandle&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileHandle& operator=(FileHandle&& other) noexcept;
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  ~FileHandle();
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

struct OpenedFile {
  ProjectPath path;
  FileHandle handle;
  std::uint64_t size = 0;
};

// A regular file inside the project, open for reading (O_NOFOLLOW, O_NONBLOCK, O_CLOEXEC).
protocol::Result<OpenedFile> open_regular_file(const std::filesystem::path& root, std::string_view relative);

}  // namespace tether::server::workbench
