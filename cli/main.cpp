// `tether`: the one binary. Subcommands: serve (the server), chat (the terminal client).
#include "cli/chat_command.hpp"
#include "cli/serve_command.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"Tether: a web interface for Claude Code whose connection never loses a word"};
  app.set_version_flag("--version", std::string("tether ") + TETHER_VERSION);
  app.require_subcommand(1);
  tether::cli::add_serve_command(app);
  tether::cli::add_chat_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
