// Reads /proc to list a process's children; see process_tree.hpp.
#include "support/process_tree.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tether::test {
namespace fs = std::filesystem;

std::vector<pid_t> children_named(pid_t parent, const std::string& name) {
  std::vector<pid_t> pids;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    const auto pid_text = entry.path().filename().string();
    if (pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // "pid (comm) state ppid …": comm may contain spaces and parentheses.
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid != parent || state == 'Z') continue;
    std::error_code link_error;
    const auto exe = fs::read_symlink(entry.path() / "exe", link_error);
    if (!link_error && exe.filename().string().find(name) != std::string::npos) pids.push_back(std::stoi(pid_text));
  }
  return pids;
}

}  // namespace tether::test
