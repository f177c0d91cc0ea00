// The folder picker's listing; see folder_listing.hpp.
#include "server/projects/folder_listing.hpp"

#include <algorithm>

namespace tether::server {
namespace fs = std::filesystem;

protocol::Result<FolderPage> list_folders(const Workspace& workspace, const FolderQuery& query) {
  auto folder = workspace.resolve_directory(query.path);
  if (!folder) return folder.error();
  FolderPage page;
  page.path = *folder;
  page.root = workspace.root_of(page.path);
  if (!workspace.is_root(page.path)) page.parent = page.path.parent_path();

  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(page.path, fs::directory_options::skip_permission_denied, error), end;
       !error && it != end; it.increment(error)) {
    const auto name = it->path().filename().string();
    if (!query.hidden && name.starts_with('.')) continue;
    std::error_code entry_error;
    if (it->is_symlink(entry_error)) {
      const auto target = fs::canonical(it->path(), entry_error);
      if (entry_error || !workspace.contains(target) || !fs::is_directory(target, entry_error)) continue;
    } else if (!it->is_directory(entry_error)) {
      continue;
    }
    names.push_back(name);
  }
  if (error) {
    return protocol::Error{protocol::ErrorCode::forbidden, "The folder " + page.path.string() + " cannot be read: " +
                                                               error.message() + ".",
                           "Check its permissions, or pick another folder."};
  }
  std::sort(names.begin(), names.end());
  page.total = names.size();
  const auto first = std::min(query.offset, names.size());
  const auto last = std::min(names.size(), first + query.limit);
  page.names.assign(std::make_move_iterator(names.begin() + static_cast<std::ptrdiff_t>(first)),
                    std::make_move_iterator(names.begin() + static_cast<std::ptrdiff_t>(last)));
  if (last < names.size()) page.next_offset = last;
  return page;
}

}  // namespace tether::server
