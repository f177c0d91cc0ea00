// The workbench's git subprocess; see git_runner.hpp.
#include "server/workbench/git_runner.hpp"

#include "server/process/spawn.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace tether::server::workbench {
namespace {

constexpr std::string_view kDefaultPath = "/usr/local/bin:/usr/bin:/bin";
constexpr std::size_t kStderrLimit = 4096;

protocol::Error git_failed(std::string why, std::string hint) {
  return protocol::Error{protocol::ErrorCode::internal, "git " + std::move(why), std::move(hint)};
}

std::string environment_value(const char* name, std::string_view fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::string(fallback);
}

protocol::Error timed_out(std::chrono::milliseconds timeout) {
  const auto seconds = std::to_string(timeout.count() / 1000);
  return git_failed("took longer than " + seconds + " s and was stopped.",
                    "git took longer than " + seconds +
                        " s: the repository may be very large or on a slow disk; run `git status` there to see.");
}

// The first executable `git` on PATH (posix_spawn does not search it).
std::string find_git(const std::string& path) {
  std::string_view rest = path;
  while (!rest.empty()) {
    const auto end = rest.find(':');
    const auto folder = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (folder.empty() || !folder.starts_with('/')) continue;  // never the cwd: that is the project
    const std::string candidate = std::string(folder) + "/git";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Owns the child and the parent's ends: whatever path leaves run_git, the group is gone.
struct Child {
  pid_t pid = -1;
  int in = -1;
  int out = -1;
  int err = -1;
  int status = 0;
  bool reaped = false;
  ~Child() {
    close_fd(in);
    close_fd(out);
    close_fd(err);
    if (pid > 0 && !reaped) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

}  // namespace

std::vector<std::string> git_safety_options() {
  return {
      // Nothing the repository's config names is run or waited on.
      "-c", "core.fsmonitor=false",       // a hook program that status would start
      "-c", "core.hooksPath=/dev/null",   // no hooks (none of ours runs any, but stay sure)
      "-c", "diff.external=",             // an external diff program (--no-ext-diff too)
      "-c", "core.pager=cat",             // no pager
      "-c", "core.editor=true",           // no editor
      "-c", "credential.helper=",         // no credential helper
      "-c", "protocol.allow=never",       // no fetch of any kind (lazy clones, submodules)
      "-c", "core.untrackedCache=false",  // status writes nothing back
      "-c", "color.ui=false",
      "--no-optional-locks",              // status never takes index.lock (GIT_OPTIONAL_LOCKS too)
  };
}

std::vector<std::string> git_environment() {
  return {"PATH=" + environment_value("PATH", kDefaultPath),
          "HOME=" + environment_value("HOME", "/"),
          "LANG=C.UTF-8",
          "GIT_TERMINAL_PROMPT=0",
          "GIT_OPTIONAL_LOCKS=0"};
}

protocol::Result<GitOutput> run_git(const GitCommand& command) {
  const auto git = find_git(environment_value("PATH", kDefaultPath));
  if (git.empty()) {
    return git_failed("is not installed (no executable git on PATH).",
                      "Install git on the machine that runs tether, or put it on tether's PATH.");
  }
  std::vector<std::string> argv{git};
  for (auto& option : git_safety_options()) argv.push_back(std::move(option));
  argv.insert(argv.end(), command.args.begin(), command.args.end());

  // stdin is a socket pair, not a pipe: send(MSG_NOSIGNAL) to a git that stopped reading
  // is an EPIPE here, never a SIGPIPE that would end the caller (unit tests do not ignore it).
  std::array<int, 2> in{-1, -1};
  std::array<int, 2> out{-1, -1};
  std::array<int, 2> err{-1, -1};
  const auto failed_to_start = [](int number) {
    return git_failed(std::string("could not be started: ") + std::strerror(number) + ".",
                      "Check that git runs on the machine that runs tether.");
  };
  Child child;
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in.data()) != 0) return failed_to_start(errno);
  child.in = in[0];
  if (::pipe2(out.data(), O_CLOEXEC) != 0) {
    close_fd(in[1]);
    return failed_to_start(errno);
  }
  child.out = out[0];
  if (::pipe2(err.data(), O_CLOEXEC) != 0) {
    close_fd(in[1]);
    close_fd(out[1]);
    return failed_to_start(errno);
  }
  child.err = err[0];
  const process::SpawnRequest launch{git, argv, git_environment(), command.cwd, in[1], out[1], err[1], {}};
  std::error_code spawn_error;
  child.pid = process::spawn(launch, spawn_error);
  close_fd(in[1]);
  close_fd(out[1]);
  close_fd(err[1]);
  if (child.pid < 0) return failed_to_start(spawn_error.value());
  if (command.input.empty()) close_fd(child.in);

  GitOutput result;
  std::size_t written = 0;
  const auto deadline = std::chrono::steady_clock::now() + command.timeout;
  std::array<char, 64 * 1024> buffer{};
  while (child.out >= 0 || child.err >= 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return timed_out(command.timeout);
    }
    std::array<pollfd, 3> fds{pollfd{child.in, POLLOUT, 0}, pollfd{child.out, POLLIN, 0},
                              pollfd{child.err, POLLIN, 0}};
    const int polled = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (polled < 0 && errno != EINTR) return git_failed(std::string("could not be read: ") + std::strerror(errno), "");
    if (polled <= 0) continue;
    if (child.in >= 0 && fds[0].revents != 0) {
      const auto sent = ::send(child.in, command.input.data() + written, command.input.size() - written,
                               MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent > 0) written += static_cast<std::size_t>(sent);
      if ((sent < 0 && errno != EAGAIN && errno != EINTR) || written == command.input.size()) close_fd(child.in);
    }
    for (int* fd : {&child.out, &child.err}) {
      const auto& ready = *fd == child.out ? fds[1] : fds[2];
      if (*fd < 0 || ready.revents == 0) continue;
      const auto got = ::read(*fd, buffer.data(), buffer.size());
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) {
        close_fd(*fd);
        continue;
      }
      const std::string_view chunk(buffer.data(), static_cast<std::size_t>(got));
      if (fd == &child.err) {
        result.err.append(chunk.substr(0, kStderrLimit - std::min(kStderrLimit, result.err.size())));
        continue;
      }
      const auto room = command.output_limit - result.out.size();
      result.out.append(chunk.substr(0, room));
      if (chunk.size() > room) {
        // Enough: stop git rather than read what will not be sent.
        result.truncated = true;
        ::kill(-child.pid, SIGKILL);
        close_fd(child.out);
        close_fd(child.err);
      }
    }
  }
  close_fd(child.in);
  // Both outputs closed: git has exited (or was killed), or a grandchild holds them; bounded
  // by the same deadline either way. Waited for without reaping (WNOWAIT), so that the group
  // id cannot be reused before the group is killed: nothing git started outlives the request.
  for (;;) {
    siginfo_t info{};
    const int waited = ::waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED | WNOHANG | WNOWAIT);
    if (waited == 0 && info.si_pid == child.pid) break;
    if (waited < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      return timed_out(command.timeout);
    }
    ::usleep(1000);
  }
  ::kill(-child.pid, SIGKILL);
  ::waitpid(child.pid, &child.status, 0);
  child.reaped = true;
  result.exit_code = WIFEXITED(child.status) ? WEXITSTATUS(child.status) : 128 + WTERMSIG(child.status);
  return result;
}

}  // namespace tether::server::workbench
