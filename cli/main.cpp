// `tether`: the one binary. Subcommands: serve (the server), chat (the terminal client);
// and, hidden, the supervisor the server puts between itself and each Claude Code CLI.
#include "cli/chat_command.hpp"
#include "cli/serve_command.hpp"
#include "server/process/supervisor.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  // Started by the server between itself and a Claude Code CLI (server/process/supervisor.hpp):
  // before anything else, and nothing else.
  if (argc > 1 && argv[1] == tether::server::process::kSuperviseCommand) {
    return tether::server::process::run_supervisor(argc, argv);
  }
  CLI::App app{"Tether: a web interface for Claude Code whose connection never loses a word"};
  app.set_version_flag("--version", std::string("tether ") + TETHER_VERSION);
  app.require_subcommand(1);
  tether::cli::add_serve_command(app);
  tether::cli::add_chat_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
