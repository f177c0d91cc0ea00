// The `claude` child process under Asio; see cli_process.hpp.
#include "server/backends/claude_code/cli_process.hpp"

#include "server/metrics/metrics.hpp"
#include "server/process/leftovers.hpp"
#include "server/process/spawn.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace tether::server::claude_code {
namespace asio = boost::asio;
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
// After the process has exited, how long its stdout may stay open (a grandchild
// holding the pipe) before we stop waiting for EOF.
constexpr auto kDrainAfterExit = std::chrono::seconds(1);

struct Pipe {
  int read = -1;
  int write = -1;
};

void close_fd(int& fd) noexcept {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Closes every fd of the pipes on scope exit unless released.
struct PipeSet {
  std::array<Pipe, 3> pipes;
  ~PipeSet() {
    for (auto& pipe : pipes) {
      close_fd(pipe.read);
      close_fd(pipe.write);
    }
  }
};

}  // namespace

CliProcess::CliProcess(Strand strand, const ClaudeCodeOptions& options, CliProcessCallbacks callbacks)
    : strand_(strand),
      options_(options),
      callbacks_(std::move(callbacks)),
      stdin_(strand),
      stdout_(strand),
      stderr_(strand),
      reap_timer_(strand),
      kill_timer_(strand),
      retire_timer_(strand),
      stdout_lines_(options.max_line_bytes),
      stderr_lines_(4096),
      stderr_tail_(options.stderr_tail_lines, 1000) {
  metrics::registry().claude_processes.add(1);
}

CliProcess::~CliProcess() {
  metrics::registry().claude_processes.add(-1);
  // Normally reaped already; otherwise make sure no process outlives its owner.
  if (!exit_code_ && pid_ > 0) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    if (!tag_.empty()) process::forget_process(options_.process_records, tag_);
  }
}

std::shared_ptr<CliProcess> CliProcess::spawn(Strand strand, const LaunchSpec& spec, const ClaudeCodeOptions& options,
                                              std::string_view owner, CliProcessCallbacks callbacks,
                                              std::error_code& error) {
  error.clear();
  struct stat info {};
  if (::stat(spec.cwd.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    error = std::make_error_code(std::errc::not_a_directory);
    return nullptr;
  }
  PipeSet pipes;
  for (auto& pipe : pipes.pipes) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      error = std::error_code(errno, std::generic_category());
      return nullptr;
    }
    pipe = {fds[0], fds[1]};
  }
  auto& [in, out, err] = pipes.pipes;

  process::SpawnRequest request{spec.executable, spec.argv, spec.env, spec.cwd,
                                in.read,         out.write, err.write, options.supervisor};
  std::string tag;
  if (!options.process_records.empty()) {
    tag = process::record_process(options.process_records, owner);
    if (!tag.empty()) request.env.push_back(std::string(process::kTagVariable) + "=" + tag);
  }
  const pid_t pid = process::spawn(request, error);
  if (pid < 0) {
    if (!tag.empty()) process::forget_process(options.process_records, tag);
    return nullptr;
  }
  close_fd(in.read);
  close_fd(out.write);
  close_fd(err.write);

  std::shared_ptr<CliProcess> process(new CliProcess(strand, options, std::move(callbacks)));
  process->pid_ = pid;
  process->tag_ = std::move(tag);
  const int stdin_fd = std::exchange(in.write, -1);
  const int stdout_fd = std::exchange(out.read, -1);
  const int stderr_fd = std::exchange(err.read, -1);
  process->start(stdin_fd, stdout_fd, stderr_fd);
  return process;
}

void CliProcess::start(int stdin_fd, int stdout_fd, int stderr_fd) {
  stdin_.assign(stdin_fd);
  stdout_.assign(stdout_fd);
  stderr_.assign(stderr_fd);
  boost::system::error_code ignored;
  stdin_.non_blocking(true, ignored);
  stdout_.non_blocking(true, ignored);
  stderr_.non_blocking(true, ignored);
  spdlog::info("claude-code: started pid {}", pid_);
  asio::post(strand_, [self = shared_from_this()] {
    self->read_stdout();
    self->read_stderr();
  });
}

void CliProcess::read_stdout() {
  stdout_buffer_.resize(kReadChunk);
  stdout_.async_read_some(asio::buffer(stdout_buffer_),
                          [self = shared_from_this()](boost::system::error_code error, std::size_t bytes) {
                            if (error) {
                              auto rest = self->stdout_lines_.take_rest();
                              if (!rest.empty() && self->callbacks_.on_line) self->callbacks_.on_line(std::move(rest));
                              if (error != asio::error::eof && error != asio::error::operation_aborted)
                                spdlog::warn("claude-code: pid {} stdout: {}", self->pid_, error.message());
                              self->stdout_finished();
                              return;
                            }
                            const auto dropped = self->stdout_lines_.dropped_lines();
                            for (auto& line : self->stdout_lines_.feed({self->stdout_buffer_.data(), bytes}))
                              if (self->callbacks_.on_line) self->callbacks_.on_line(std::move(line));
                            if (self->stdout_lines_.dropped_lines() != dropped)
                              spdlog::warn("claude-code: pid {} printed a stdout line over {} bytes; skipped", self->pid_,
                                           self->options_.max_line_bytes);
                            self->read_stdout();
                          });
}

void CliProcess::read_stderr() {
  stderr_buffer_.resize(16 * 1024);
  stderr_.async_read_some(asio::buffer(stderr_buffer_),
                          [self = shared_from_this()](boost::system::error_code error, std::size_t bytes) {
                            if (error) {
                              auto rest = self->stderr_lines_.take_rest();
                              if (!rest.empty()) self->stderr_tail_.add(rest);
                              // The exit report quotes stderr: it waits for this EOF too.
                              self->stderr_done_ = true;
                              self->finish_if_done();
                              return;
                            }
                            for (auto& line : self->stderr_lines_.feed({self->stderr_buffer_.data(), bytes})) {
                              if (line.empty()) continue;
                              spdlog::info("claude-code: pid {} stderr: {}", self->pid_, line.substr(0, 1000));
                              self->stderr_tail_.add(line);
                            }
                            self->read_stderr();
                          });
}

void CliProcess::write(std::string line) {
  if (stdin_closing_ || exit_code_ || !stdin_.is_open()) {
    spdlog::warn("claude-code: pid {} stdin closed; dropped a line", pid_);
    return;
  }
  if (queued_bytes_ + line.size() > kMaxQueuedStdinBytes) {
    spdlog::error("claude-code: pid {} is not reading its stdin; dropped a line", pid_);
    return;
  }
  queued_bytes_ += line.size();
  write_queue_.push_back(std::move(line));
  flush_writes();
}

void CliProcess::flush_writes() {
  if (writing_) return;
  if (write_queue_.empty()) {
    if (stdin_closing_ && stdin_.is_open()) {
      boost::system::error_code ignored;
      stdin_.close(ignored);
    }
    return;
  }
  writing_ = true;
  asio::async_write(stdin_, asio::buffer(write_queue_.front()),
                    [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                      self->writing_ = false;
                      self->queued_bytes_ -= self->write_queue_.front().size();
                      self->write_queue_.pop_front();
                      if (error) {
                        // EPIPE: the CLI is gone; its exit is reported through stdout EOF.
                        spdlog::warn("claude-code: pid {} stdin: {}", self->pid_, error.message());
                        self->write_queue_.clear();
                        self->queued_bytes_ = 0;
                        boost::system::error_code ignored;
                        self->stdin_.close(ignored);
                        return;
                      }
                      self->flush_writes();
                    });
}

void CliProcess::close_stdin() {
  stdin_closing_ = true;
  flush_writes();
}

void CliProcess::signal_now(int signal_number) noexcept {
  if (pid_ > 0 && !exit_code_) ::kill(-pid_, signal_number);
}

void CliProcess::terminate() {
  if (exit_code_) return;
  signal_now(SIGTERM);
  kill_timer_.expires_after(options_.terminate_grace);
  kill_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (error || self->exit_code_) return;
    spdlog::warn("claude-code: pid {} ignored SIGTERM; SIGKILL", self->pid_);
    self->signal_now(SIGKILL);
  });
  // A killed process may leave stdout open through a grandchild: reap regardless.
  poll_exit();
}

void CliProcess::retire() {
  close_stdin();
  retire_timer_.expires_after(options_.terminate_grace);
  retire_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (error || self->exit_code_) return;
    spdlog::warn("claude-code: pid {} did not exit on stdin EOF; SIGTERM", self->pid_);
    self->terminate();
  });
}

void CliProcess::stdout_finished() {
  stdout_done_ = true;
  poll_exit();
  finish_if_done();
}

// Reaping by polling waitpid(WNOHANG) only once the process is expected to end (stdout
// closed, or killed): no SIGCHLD handler, which would be process-wide and race with
// whoever else in the server spawns children.
void CliProcess::poll_exit() {
  if (exit_code_) {
    finish_if_done();
    return;
  }
  if (polling_) return;
  polling_ = true;
  int status = 0;
  const pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
  if (reaped == pid_ || (reaped < 0 && errno == ECHILD)) {
    polling_ = false;
    exit_code_ = reaped < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    // A tool the CLI left in its group (one that ignored the supervisor's SIGTERM) goes
    // too. The group's id cannot be given to a new process while any member lives.
    ::kill(-pid_, SIGKILL);
    if (!tag_.empty()) process::forget_process(options_.process_records, tag_);
    reaped_at_ = std::chrono::steady_clock::now();
    kill_timer_.cancel();
    retire_timer_.cancel();
    spdlog::info("claude-code: pid {} exited with code {}", pid_, *exit_code_);
    finish_if_done();
    return;
  }
  reap_timer_.expires_after(std::chrono::milliseconds(20));
  reap_timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
    self->polling_ = false;
    self->poll_exit();
  });
}

void CliProcess::finish_if_done() {
  if (finished_ || !exit_code_) return;
  if (!stdout_done_ || !stderr_done_) {
    if (std::chrono::steady_clock::now() - reaped_at_ < kDrainAfterExit) {
      if (draining_) return;
      draining_ = true;
      reap_timer_.expires_after(std::chrono::milliseconds(50));
      reap_timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
        self->draining_ = false;
        self->finish_if_done();
      });
      return;
    }
    // A grandchild holds the pipes open: stop waiting (pending reads are aborted).
    boost::system::error_code ignored;
    stdout_.close(ignored);
    stderr_.close(ignored);
    stdout_done_ = true;
    stderr_done_ = true;
  }
  finished_ = true;
  boost::system::error_code ignored;
  stdin_.close(ignored);
  write_queue_.clear();
  if (callbacks_.on_exit) {
    auto on_exit = std::move(callbacks_.on_exit);
    callbacks_ = {};
    on_exit(*exit_code_);
  }
}

}  // namespace tether::server::claude_code
