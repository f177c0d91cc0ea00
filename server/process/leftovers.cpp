#include "server/process/leftovers.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <random>
#include <sstream>
#include <unordered_map>

namespace tether::server::process {
namespace fs = std::filesystem;

namespace {

std::string random_tag() {
  std::random_device random;
  std::array<char, 33> text{};
  constexpr std::string_view digits = "0123456789abcdef";
  for (std::size_t i = 0; i < 32; ++i) text[i] = digits[random() % 16];
  return std::string(text.data(), 32);
}

bool is_tag(std::string_view name) {
  return name.size() == 32 && name.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The value of kTagVariable in a process's environment, or empty (gone, not ours, none).
std::string tag_of(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  if (!file) return {};
  const std::string prefix = std::string(kTagVariable) + "=";
  std::string entry;
  while (std::getline(file, entry, '\0')) {
    if (entry.starts_with(prefix)) return entry.substr(prefix.size());
  }
  return {};
}

}  // namespace

std::string record_process(const fs::path& dir, std::string_view owner) {
  std::error_code error;
  fs::create_directories(dir, error);
  fs::permissions(dir, fs::perms::owner_all, error);
  auto tag = random_tag();
  const int fd = ::open((dir / tag).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return {};
  const bool written = ::write(fd, owner.data(), owner.size()) == static_cast<ssize_t>(owner.size());
  ::close(fd);
  if (!written) return {};
  return tag;
}

void forget_process(const fs::path& dir, std::string_view tag) {
  if (!is_tag(tag)) return;
  std::error_code ignored;
  fs::remove(dir / tag, ignored);
}

std::vector<Leftover> end_leftovers(const fs::path& dir) {
  std::unordered_map<std::string, std::string> owners;  // by tag
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    const auto name = entry.path().filename().string();
    if (!is_tag(name)) continue;
    std::ifstream file(entry.path());
    std::stringstream owner;
    owner << file.rdbuf();
    owners.emplace(name, owner.str());
  }
  std::vector<Leftover> ended;
  if (owners.empty()) return ended;
  // A process may fork while we look: pass again until a pass finds nothing.
  for (int pass = 0; pass < 10; ++pass) {
    bool found = false;
    for (const auto& entry : fs::directory_iterator("/proc", error)) {
      const auto name = entry.path().filename().string();
      pid_t pid = 0;
      const auto [end, parsed] = std::from_chars(name.data(), name.data() + name.size(), pid);
      if (parsed != std::errc{} || end != name.data() + name.size() || pid == ::getpid()) continue;
      const auto owner = owners.find(tag_of(pid));
      if (owner == owners.end()) continue;
      // Killed in an earlier pass and not yet gone: not a new find.
      if (std::any_of(ended.begin(), ended.end(), [&](const Leftover& seen) { return seen.pid == pid; })) continue;
      if (::kill(pid, SIGKILL) == 0) {
        ended.push_back(Leftover{pid, owner->second});
        found = true;
      }
    }
    if (!found) break;
  }
  for (const auto& [tag, owner] : owners) forget_process(dir, tag);
  return ended;
}

}  // namespace tether::server::process
