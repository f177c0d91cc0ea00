// Workspace roots and session working directories; see workspace.hpp.
#include "server/backends/workspace.hpp"

#include <algorithm>

namespace tether::server {
namespace fs = std::filesystem;
using protocol::ErrorCode;

namespace {

// True when `path` is `root` or below it, compared component by component (so that
// /srv/app2 is not inside /srv/app).
bool is_within(const fs::path& path, const fs::path& root) {
  auto path_it = path.begin();
  for (auto root_it = root.begin(); root_it != root.end(); ++root_it, ++path_it) {
    if (root_it->empty()) continue;  // a trailing separator
    if (path_it == path.end() || *path_it != *root_it) return false;
  }
  return true;
}

}  // namespace

protocol::Result<std::vector<fs::path>> canonical_workspace_roots(const std::vector<std::string>& roots,
                                                                  const fs::path& default_root) {
  std::vector<fs::path> canonical;
  std::vector<fs::path> given;
  for (const auto& root : roots) given.emplace_back(root);
  if (given.empty()) given.push_back(default_root);
  for (const auto& root : given) {
    std::error_code error;
    auto resolved = fs::canonical(root, error);
    if (error || !fs::is_directory(resolved, error))
      return protocol::make_error(ErrorCode::invalid_message, "workspace root " + root.string() + " is not a directory");
    canonical.push_back(std::move(resolved));
  }
  return canonical;
}

protocol::Result<std::string> resolve_session_cwd(const std::optional<std::string>& requested,
                                                  const std::vector<fs::path>& roots) {
  if (roots.empty()) return protocol::make_error(ErrorCode::internal, "no workspace roots configured");
  if (!requested || requested->empty()) return roots.front().string();
  if (requested->find('\0') != std::string::npos)
    return protocol::make_error(ErrorCode::invalid_message, "cwd must not contain NUL");
  fs::path path(*requested);
  if (path.is_relative()) path = roots.front() / path;
  std::error_code error;
  const auto resolved = fs::canonical(path, error);
  if (error) return protocol::make_error(ErrorCode::invalid_message, "cwd " + *requested + " does not exist");
  if (!fs::is_directory(resolved, error))
    return protocol::make_error(ErrorCode::invalid_message, "cwd " + *requested + " is not a directory");
  const bool allowed = std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) { return is_within(resolved, root); });
  if (!allowed) {
    std::string message = "cwd " + *requested + " is outside the workspace (";
    for (std::size_t i = 0; i < roots.size(); ++i) message += (i ? ", " : "") + roots[i].string();
    message += "); start the server with --workspace to allow it";
    return protocol::make_error(ErrorCode::invalid_message, std::move(message));
  }
  return resolved.string();
}

}  // namespace tether::server
