// Reads /proc to list a process's descendants; see process_tree.hpp.
#include "support/process_tree.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace tether::test {
namespace fs = std::filesystem;

std::vector<pid_t> descendants_named(pid_t root, const std::string& name) {
  // Every live process's parent, from "pid (comm) state ppid …" (comm may hold spaces).
  std::map<pid_t, pid_t> parents;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    const auto pid_text = entry.path().filename().string();
    if (pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (state != 'Z') parents[std::stoi(pid_text)] = ppid;
  }
  std::vector<pid_t> pids;
  for (const auto& [pid, parent] : parents) {
    bool below_root = false;
    for (pid_t up = parent; up > 1 && !below_root; up = parents.contains(up) ? parents[up] : 0) below_root = up == root;
    if (!below_root) continue;
    std::error_code link_error;
    const auto exe = fs::read_symlink(fs::path("/proc") / std::to_string(pid) / "exe", link_error);
    if (!link_error && exe.filename().string().find(name) != std::string::npos) pids.push_back(pid);
  }
  return pids;
}

}  // namespace tether::test
