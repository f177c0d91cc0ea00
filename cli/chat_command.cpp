// `tether chat` options and dispatch. The URL defaults to a local `tether serve`; the
// token comes from --token, TETHER_TOKEN, or the ?token= of a pasted serve link.
#include "cli/chat_command.hpp"

#include "cli/chat_modes.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace tether::cli {

void add_chat_command(CLI::App& app) {
  auto options = std::make_shared<ChatOptions>();
  auto message = std::make_shared<std::string>();
  auto session = std::make_shared<std::string>();
  auto timeout_seconds = std::make_shared<long>(options->reply_timeout.count());
  auto* chat = app.add_subcommand("chat", "Chat in the terminal with a running `tether serve`");

  chat->add_option("--url", options->client.url,
                   "Server address: ws(s)://host:port[/api/claude/ws] or the link `tether serve` printed")
      ->envname("TETHER_URL")
      ->capture_default_str();
  chat->add_option("--token", options->client.token, "Access token (default: the ?token= of --url)")
      ->envname("TETHER_TOKEN");
  chat->add_option("--ca-file", options->client.ca_file, "PEM file of CA certificates to trust (self-signed wss)")
      ->envname("TETHER_CA_FILE");
  auto* session_option = chat->add_option("--session", *session, "Join this session");
  chat->add_flag("--new", options->new_session, "Start a new session")->excludes(session_option);
  chat->add_option("-m,--message", *message,
                   "Send one message, print the reply to stdout and exit (\"-\" reads it from stdin)");
  chat->add_option("--reply-timeout", *timeout_seconds, "With -m: give up after this many seconds")
      ->capture_default_str();

  chat->callback([options, message, session, timeout_seconds, chat] {
    if (!session->empty()) options->session = *session;
    options->reply_timeout = std::chrono::seconds(*timeout_seconds);
    int code = 0;
    if (chat->count("--message") > 0) {
      if (*message == "-") {
        std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        while (!all.empty() && (all.back() == '\n' || all.back() == '\r')) all.pop_back();
        *message = std::move(all);
      }
      if (message->empty()) {
        std::cerr << "tether chat: the message is empty.\n";
        throw CLI::RuntimeError(2);
      }
      options->message = *message;
      code = run_one_shot(*options);
    } else {
      code = run_interactive(*options);
    }
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace tether::cli
