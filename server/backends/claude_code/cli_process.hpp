// One running `claude` process: spawned without a shell (posix_spawn, its own process
// group), stdin/stdout/stderr as non-blocking pipes under Asio. It reads stdout line by
// line (bounded), keeps a bounded tail of stderr (also logged), writes stdin lines
// through a queue (never two writes at once), and reaps the process with waitpid.
// Everything runs on the strand given at start; the callbacks are called there.
// The object keeps itself alive (shared_from_this) until the process is reaped.
#pragma once

#include "server/backends/claude_code/cli_command.hpp"
#include "server/backends/claude_code/line_splitter.hpp"
#include "server/backends/claude_code/stderr_tail.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

namespace tether::server::claude_code {

struct CliProcessCallbacks {
  std::function<void(std::string line)> on_line;  // one stdout line (without '\n')
  std::function<void(int exit_code)> on_exit;     // once, after the last line; 128+N for signal N
};

class CliProcess : public std::enable_shared_from_this<CliProcess> {
 public:
  using Strand = boost::asio::strand<boost::asio::any_io_executor>;

  // Spawns the process for `owner` (a session id, in its record); on failure returns
  // nullptr and sets `error` (ENOENT: no such executable or cwd, EACCES: not executable…).
  static std::shared_ptr<CliProcess> spawn(Strand strand, const LaunchSpec& spec, const ClaudeCodeOptions& options,
                                           std::string_view owner, CliProcessCallbacks callbacks,
                                           std::error_code& error);

  ~CliProcess();
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;

  // Queues one complete stdin line (see stdin_line.hpp). Lines after close_stdin, or
  // once the process is gone, are dropped.
  void write(std::string line);
  // EOF on stdin: an idle CLI exits at once; a busy one finishes its turn first.
  void close_stdin();
  // SIGTERM to the process group, then SIGKILL after options.terminate_grace.
  void terminate();
  // Sends the signal to the process group now.
  void signal_now(int signal_number) noexcept;
  // The owner no longer needs this process (idle stop): EOF on stdin so that it exits
  // by itself, terminate() if it has not after options.terminate_grace.
  void retire();

  pid_t pid() const noexcept { return pid_; }
  std::string stderr_tail() const { return stderr_tail_.joined(); }
  bool exited() const noexcept { return exit_code_.has_value(); }

 private:
  CliProcess(Strand strand, const ClaudeCodeOptions& options, CliProcessCallbacks callbacks);
  void start(int stdin_fd, int stdout_fd, int stderr_fd);
  void read_stdout();
  void read_stderr();
  void flush_writes();
  void stdout_finished();
  void poll_exit();
  void finish_if_done();

  Strand strand_;
  ClaudeCodeOptions options_;
  CliProcessCallbacks callbacks_;
  pid_t pid_ = -1;
  std::string tag_;  // its record in ClaudeCodeOptions::process_records (process/leftovers.hpp)
  boost::asio::posix::stream_descriptor stdin_;
  boost::asio::posix::stream_descriptor stdout_;
  boost::asio::posix::stream_descriptor stderr_;
  boost::asio::steady_timer reap_timer_;
  boost::asio::steady_timer kill_timer_;
  boost::asio::steady_timer retire_timer_;
  LineSplitter stdout_lines_;
  LineSplitter stderr_lines_;
  StderrTail stderr_tail_;
  std::string stdout_buffer_;
  std::string stderr_buffer_;
  std::deque<std::string> write_queue_;
  bool writing_ = false;
  bool stdin_closing_ = false;
  bool stdout_done_ = false;
  bool stderr_done_ = false;
  bool draining_ = false;  // a drain timer is pending
  bool polling_ = false;
  bool finished_ = false;
  std::optional<int> exit_code_;
  std::chrono::steady_clock::time_point reaped_at_;
  std::size_t queued_bytes_ = 0;
};

// Bound on unwritten stdin bytes: a CLI that stops reading its stdin cannot make the
// server buffer without limit (the line is dropped and logged instead).
inline constexpr std::size_t kMaxQueuedStdinBytes = 8u << 20;

}  // namespace tether::server::claude_code
