// Runs the user's `git` for the workbench: an argv vector (never a shell string) through
// process/spawn.hpp (its own process group), in the project folder, with a clean
// environment, configuration that a hostile repository cannot turn into a command, a
// timeout (the whole group is killed) and a bound on what is read back.
//
// Why a subprocess and not libgit2: libgit2 is not installed by the setup script (one more
// native dependency to build and keep patched), and the user's own git reads their
// configuration, worktree layout, sparse checkout and index extensions exactly as their
// terminal does, so the workbench shows what `git status` would. The costs are bounded: a
// timeout, a byte limit, one process per request.
//
// What a repository's own config could still run: filter drivers (`filter.<name>.clean`)
// named by its .gitattributes when git re-reads a racily-clean file. That is the same trust
// as running `git status` in the project, which the user's own agent does all day.
// Blocking: run it off the network threads.
#pragma once

#include "tether/protocol/errors.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace tether::server::workbench {

struct GitCommand {
  std::vector<std::string> args;  // after `git` and its safety options, e.g. {"status", "-z"}
                                  // (global options such as --literal-pathspecs may lead)
  std::string cwd;                // the project folder
  std::string input;              // written to git's stdin, then closed
  std::size_t output_limit = 2u << 20;  // bytes of stdout kept; past it git is stopped
  std::chrono::milliseconds timeout{10'000};
};

struct GitOutput {
  int exit_code = 0;
  std::string out;
  std::string err;         // the first few KiB of stderr
  bool truncated = false;  // stdout reached output_limit (and git was stopped)
};

// The options every run starts with (after the executable): what a repository's config
// may not change for us. Exposed for the tests.
std::vector<std::string> git_safety_options();

// The environment every run gets: PATH and HOME (from the server's, or defaults),
// LANG=C.UTF-8, GIT_TERMINAL_PROMPT=0, GIT_OPTIONAL_LOCKS=0; nothing else.
std::vector<std::string> git_environment();

// An error when git could not be found or started, or took longer than the timeout
// (`internal`, its hint says so); otherwise whatever git answered, exit code included.
protocol::Result<GitOutput> run_git(const GitCommand& command);

}  // namespace tether::server::workbench
