// Workspace roots and the path check; see workspace.hpp.
#include "server/projects/workspace.hpp"

#include <algorithm>

namespace tether::server {
namespace fs = std::filesystem;
using protocol::ErrorCode;

namespace {

// True when `path` is `base` or below it, component by component.
bool is_within(const fs::path& path, const fs::path& base) {
  auto path_it = path.begin();
  for (auto base_it = base.begin(); base_it != base.end(); ++base_it, ++path_it) {
    if (base_it->empty()) continue;  // a trailing separator
    if (path_it == path.end() || *path_it != *base_it) return false;
  }
  return true;
}

}  // namespace

protocol::Result<Workspace> Workspace::open(const std::vector<std::string>& roots, const fs::path& default_root,
                                            fs::path home) {
  std::vector<fs::path> given(roots.begin(), roots.end());
  if (given.empty()) given.push_back(default_root);
  std::vector<fs::path> canonical;
  for (const auto& root : given) {
    std::error_code error;
    auto resolved = fs::canonical(root, error);
    if (error || !fs::is_directory(resolved, error))
      return protocol::make_error(ErrorCode::invalid_message, "workspace root " + root.string() + " is not a directory");
    if (std::find(canonical.begin(), canonical.end(), resolved) == canonical.end()) canonical.push_back(std::move(resolved));
  }
  std::error_code error;
  if (!home.empty()) home = fs::weakly_canonical(home, error);
  return Workspace(std::move(canonical), std::move(home));
}

protocol::Result<fs::path> Workspace::resolve_directory(std::string_view requested) const {
  if (requested.empty()) return roots_.front();
  if (requested.find('\0') != std::string_view::npos)
    return protocol::make_error(ErrorCode::invalid_message, "A path must not contain NUL.");
  fs::path path(requested);
  if (path.is_relative()) path = roots_.front() / path;
  std::error_code error;
  const auto resolved = fs::canonical(path, error);
  // Whether it exists is said only inside the roots: outside, every answer is the same.
  if (error) {
    const auto lexical = path.lexically_normal();
    if (!contains(lexical)) {
      return protocol::Error{ErrorCode::forbidden, std::string(requested) + " is outside the workspace (" + roots_text() + ").",
                             "Start tether serve with --workspace DIR to allow another directory."};
    }
    return protocol::Error{ErrorCode::not_found, "The folder " + std::string(requested) + " does not exist.",
                           "Pick another folder, or create it first."};
  }
  if (!contains(resolved)) {
    return protocol::Error{ErrorCode::forbidden, std::string(requested) + " is outside the workspace (" + roots_text() + ").",
                           "Start tether serve with --workspace DIR to allow another directory."};
  }
  if (!fs::is_directory(resolved, error))
    return protocol::make_error(ErrorCode::invalid_message, std::string(requested) + " is not a directory.");
  return resolved;
}

bool Workspace::contains(const fs::path& path) const {
  return path.is_absolute() &&
         std::any_of(roots_.begin(), roots_.end(), [&](const fs::path& root) { return is_within(path, root); });
}

bool Workspace::is_root(const fs::path& path) const {
  return std::find(roots_.begin(), roots_.end(), path) != roots_.end();
}

fs::path Workspace::root_of(const fs::path& path) const {
  fs::path innermost;
  for (const auto& root : roots_)
    if (is_within(path, root) && root.native().size() > innermost.native().size()) innermost = root;
  return innermost;
}

std::string Workspace::display(const fs::path& path) const {
  if (home_.empty() || home_ == home_.root_path() || !is_within(path, home_)) return path.string();
  const auto relative = path.lexically_relative(home_);
  return relative.empty() || relative == "." ? "~" : "~/" + relative.string();
}

std::string Workspace::roots_text() const {
  std::string text;
  for (std::size_t i = 0; i < roots_.size(); ++i) text += (i ? ", " : "") + roots_[i].string();
  return text;
}

}  // namespace tether::server
