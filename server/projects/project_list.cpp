// The project list; see project_list.hpp.
#include "server/projects/project_list.hpp"

#include <algorithm>
#include <map>

namespace tether::server {
namespace fs = std::filesystem;

std::vector<ProjectSummary> collect_projects(const Workspace& workspace, const std::vector<SessionPlace>& sessions,
                                             const std::vector<ExternalConversation>& conversations) {
  std::map<std::string, ProjectSummary> by_path;
  auto entry = [&](const std::string& path) -> ProjectSummary& {
    auto& project = by_path[path];
    project.path = path;
    return project;
  };
  for (const auto& root : workspace.roots()) entry(root.string());
  for (const auto& session : sessions) {
    auto& project = entry(session.cwd);
    ++project.session_count;
    project.last_activity = std::max(project.last_activity, session.updated_at);
  }
  for (const auto& conversation : conversations) {
    auto& project = entry(conversation.cwd);
    ++project.terminal_count;
    project.last_activity = std::max(project.last_activity, conversation.last_activity);
  }
  std::vector<ProjectSummary> projects;
  projects.reserve(by_path.size());
  for (auto& [path, project] : by_path) {
    std::error_code error;
    project.is_root = workspace.is_root(project.path);
    project.exists = fs::is_directory(project.path, error);
    projects.push_back(std::move(project));
  }
  std::stable_sort(projects.begin(), projects.end(), [](const ProjectSummary& a, const ProjectSummary& b) {
    return a.last_activity > b.last_activity;
  });
  return projects;
}

}  // namespace tether::server
