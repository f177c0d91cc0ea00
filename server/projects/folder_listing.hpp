// The folder picker's listing: the directories inside one folder of the workspace, by
// name, a page at a time. Blocking (it reads the disk): run it off the network threads.
#pragma once

#include "server/projects/workspace.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tether::server {

struct FolderQuery {
  std::string path;      // empty: the first root
  std::size_t offset = 0;
  std::size_t limit = 200;
  bool hidden = false;   // list names that start with "."
};

struct FolderPage {
  std::filesystem::path path;
  std::optional<std::filesystem::path> parent;  // none at a root: the picker stays inside
  std::filesystem::path root;                   // the root this folder is in
  std::vector<std::string> names;               // this page, sorted
  std::size_t total = 0;                        // every listed folder, all pages
  std::optional<std::size_t> next_offset;
};

// A folder reached through a symlink is listed when its target is inside the workspace
// too (so following it can never leave the roots). Unreadable entries are left out.
protocol::Result<FolderPage> list_folders(const Workspace& workspace, const FolderQuery& query);

}  // namespace tether::server
