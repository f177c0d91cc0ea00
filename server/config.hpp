// Everything `tether serve` can be told, with its default and why. Filled from the
// command line and TETHER_* variables (cli/serve_command.cpp), checked once by
// validate() before anything listens.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server {

struct ServerConfig {
  // Loopback only by default: this server drives an agent that can run commands.
  std::string host = "127.0.0.1";
  // 0 picks a free port (tests); the printed URL shows the real one.
  std::uint16_t port = 3000;
  // Required on every API request. Empty: a random 256-bit token is made at start.
  std::string token;
  // Where to also write the token, readable only by this user (mode 0600), for native
  // clients (tether chat, scripts) to read. Empty: nowhere.
  std::filesystem::path token_file;
  // Binding beyond loopback exposes an agent that runs commands: refused unless this is
  // set (then with a warning) or TLS is on. Prefer an SSH tunnel (docs/security.md).
  bool insecure_allow_remote = false;
  // The token came as --token on the command line, where every user of the machine can
  // read it (`ps`): the server says so at start-up.
  bool token_on_command_line = false;
  // TLS: a PEM certificate chain (leaf first) and its PEM private key. Both set: the
  // port serves https and wss only. Both empty: plain http and ws (loopback use).
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  // Where tether.db lives. Empty: $XDG_DATA_HOME/tether, else ~/.local/share/tether.
  std::filesystem::path data_dir;
  // The built web UI. Empty: the folder the build produced (web/dist).
  std::filesystem::path web_root;
  // More names (Host header, any port) the server answers to besides loopback ones.
  std::vector<std::string> allowed_hosts;
  // Extra origins allowed to use the API (exact "scheme://host:port").
  std::vector<std::string> allowed_origins;
  // auto | echo | claude-code. auto: claude-code when the CLI is found, else echo.
  std::string backend = "auto";
  // The Claude Code CLI. Empty: `claude` on PATH.
  std::string claude_path;
  // Directories sessions may work in (POST /api/sessions {cwd}). Empty: the directory
  // `tether serve` was started in, which is also the default cwd of a session.
  std::vector<std::string> workspace;
  // Where Claude Code keeps its own conversations (projects/<encoded cwd>/<id>.jsonl), read
  // to list and open them. Empty: $CLAUDE_CONFIG_DIR, else ~/.claude.
  std::filesystem::path claude_config_dir;
  // Variables of the server's environment that the Claude Code CLI (and so the model's
  // tools) also gets, besides its allowlist (cli_environment.hpp). TETHER_* never.
  std::vector<std::string> claude_env;
  // The model of new sessions (a CLI alias such as "sonnet", or a full name). Empty: the
  // CLI's own default. Each session may choose another.
  std::string model;
  // A session's CLI process is stopped after this long without a turn and resumed with
  // --resume on the next message: 10 min keeps a conversation warm without hoarding memory.
  std::chrono::milliseconds idle_process_timeout{10 * 60 * 1000};
  // No CLI output for this long during a turn (outside tools and permission prompts) is a
  // stall: interrupt and tell the user. The CLI itself would wait 5 min.
  std::chrono::milliseconds turn_stall_timeout{90 * 1000};
  // The permission mode new sessions start in: default (ask), acceptEdits or plan.
  std::string permission_mode = "default";
  // Allows the bypassPermissions mode (every tool runs unasked). Off: opt-in only.
  bool allow_bypass_permissions = false;
  // Pause between the echo backend's words: 20 ms reads like a fast typist.
  std::chrono::milliseconds echo_delay{20};
  // One WebSocket message (or HTTP body) at most; larger: message_too_large, close 1009.
  // 8 MiB: a message with a 5 MiB image (the API's limit per image) in base64 fits.
  std::size_t max_message_bytes = 8u << 20;
  // What one connection may have queued for sending before it is closed with 1013:
  // a tab that stopped reading must not grow the server without bound.
  std::size_t max_queued_bytes = 16 << 20;
  // Messages one connection may send per second (bursts of twice that); 0 = no limit.
  // A chat client sends a few; the limit stops a runaway or hostile script.
  double max_messages_per_second = 1000;
  // HOST:PORT of a second listener that serves /metrics only, without the token (for a
  // Prometheus scraper); empty = none (/metrics is then on the main address, behind the token).
  std::string metrics_listen;
  // HTTP requests of the API (REST, the fallback's POSTs, SSE opens) one client address
  // may make per second, in bursts of ten times that; past it: 429 with Retry-After.
  // 0 = no limit. A tab makes a few; the limit stops a runaway or hostile script.
  double max_requests_per_second = 50;
  // Upgrades beyond this many open WebSockets get 503 with Retry-After.
  std::size_t max_connections = 20000;
  // An HTTP request (headers and body) must arrive within this; it also ends a
  // slow-loris client that sends its headers a byte at a time, or nothing at all.
  std::chrono::milliseconds request_timeout{30'000};
  // How often clients are told to ping; the server closes a connection silent for 4x this.
  std::chrono::milliseconds heartbeat_interval{15000};
  // A session nobody has used for this long (no tab joined, no turn running or waiting)
  // leaves memory and is loaded again when next used: a server that keeps thousands of
  // sessions for months holds memory for the active ones. 15 min outlasts the Claude Code
  // process's own idle stop (10 min), so a warm process is never cut short. 0 = never.
  std::chrono::seconds unload_idle_sessions_after{15 * 60};
  // A permission prompt unanswered this long is denied (0: never).
  std::chrono::seconds permission_timeout{0};
  // Claude Code processes at once over every session; 0 = one per GiB of memory (2 to 32).
  std::size_t max_claude_processes = 0;
  // How much of its history (bytes of envelopes) a loaded session holds in memory; older
  // events are read from the store when a client asks for them (Session::kDefaultHeldHistoryBytes).
  std::size_t held_history_bytes = 2 << 20;
  // Tests only (hidden options): a pause before each store transaction, a slow disk; and
  // a file whose existence makes every transaction fail, a failing disk.
  std::chrono::milliseconds store_delay{0};
  std::filesystem::path store_fault_file;
  // I/O threads; 0 = one per core.
  unsigned threads = 0;
  // text | json (one JSON object per log line, for machines).
  std::string log_format = "text";
  // trace | debug | info | warn | error.
  std::string log_level = "info";

  // An error in words, or nothing when the configuration can be used.
  std::optional<std::string> validate() const;
  std::filesystem::path database_file() const;
  // Where running Claude Code processes are recorded (server/process/leftovers.hpp).
  std::filesystem::path process_records_dir() const;
  bool binds_loopback_only() const;
  bool tls_enabled() const { return !tls_cert.empty() && !tls_key.empty(); }
};

// HOST:PORT with an IP address ("127.0.0.1:9464", "[::1]:9464"); nothing when it is not one.
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
std::optional<ListenAddress> parse_listen_address(std::string_view text);

// Fills the derived defaults (data dir, web root, token).
ServerConfig with_defaults(ServerConfig config);

}  // namespace tether::server
