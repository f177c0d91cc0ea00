// Where sessions may work: the `--workspace` roots (default: the directory `tether serve`
// was started in), resolved once at start-up, and the one check every client path goes
// through (a session's cwd, a folder to browse, an imported conversation's cwd). The
// Claude Code CLI runs commands in a session's cwd, so a path that escapes the roots
// (through "..", a symlink, or an absolute path elsewhere) is refused here and nowhere else.
#pragma once

#include "tether/protocol/errors.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server {

class Workspace {
 public:
  // Canonical forms of `roots` (empty: {default_root}). A root that is not an existing
  // directory is an error: a configuration mistake is reported at start-up.
  static protocol::Result<Workspace> open(const std::vector<std::string>& roots,
                                          const std::filesystem::path& default_root,
                                          std::filesystem::path home);

  const std::vector<std::filesystem::path>& roots() const noexcept { return roots_; }
  const std::filesystem::path& home() const noexcept { return home_; }

  // The canonical directory a client names: absolute, or relative to the first root; empty
  // means the first root. forbidden outside every root, not_found when it does not exist,
  // invalid_message when it is not a directory or holds a NUL. Touches the file system.
  protocol::Result<std::filesystem::path> resolve_directory(std::string_view requested) const;

  // Whether an absolute path, taken as it is (no file-system access), is a root or below
  // one, compared component by component (/srv/app2 is not inside /srv/app).
  bool contains(const std::filesystem::path& path) const;
  bool is_root(const std::filesystem::path& path) const;
  // The innermost root that contains the path; empty when none does.
  std::filesystem::path root_of(const std::filesystem::path& path) const;

  // The path as a person reads it: the home directory shortened to "~".
  std::string display(const std::filesystem::path& path) const;

 private:
  Workspace(std::vector<std::filesystem::path> roots, std::filesystem::path home)
      : roots_(std::move(roots)), home_(std::move(home)) {}

  std::string roots_text() const;

  std::vector<std::filesystem::path> roots_;
  std::filesystem::path home_;
};

}  // namespace tether::server
