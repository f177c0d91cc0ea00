#include "cli/serve_command.hpp"

#include "server/server.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>

namespace tether::cli {

void add_serve_command(CLI::App& app) {
  auto config = std::make_shared<server::ServerConfig>();
  auto echo_delay_ms = std::make_shared<long>(config->echo_delay.count());
  auto heartbeat_ms = std::make_shared<long>(config->heartbeat_interval.count());
  auto request_timeout_ms = std::make_shared<long>(config->request_timeout.count());
  auto idle_process_s = std::make_shared<long>(config->idle_process_timeout.count() / 1000);
  auto turn_stall_s = std::make_shared<long>(config->turn_stall_timeout.count() / 1000);
  auto* serve = app.add_subcommand("serve", "Run the Tether server (HTTP + WebSocket + web UI)");

  serve->add_option("--host", config->host, "Address to listen on (loopback by default)")
      ->envname("TETHER_HOST")
      ->capture_default_str();
  serve->add_option("--port", config->port, "Port to listen on (0 = any free port)")
      ->envname("TETHER_PORT")
      ->capture_default_str();
  serve->add_option("--token", config->token, "Access token (default: a random one, shown in the printed URL)")
      ->envname("TETHER_TOKEN");
  serve->add_option("--token-file", config->token_file,
                    "Also write the token to this file, readable only by you (mode 0600)")
      ->envname("TETHER_TOKEN_FILE");
  serve->add_flag("--insecure-allow-remote", config->insecure_allow_remote,
                  "Allow --host beyond loopback without TLS (plain HTTP: prefer an SSH tunnel or --tls-cert)")
      ->envname("TETHER_INSECURE_ALLOW_REMOTE");
  serve->add_option("--tls-cert", config->tls_cert,
                    "PEM certificate chain: serve https and wss only, on the same port (default: none, plain "
                    "http; needs --tls-key; allows --host beyond loopback)")
      ->envname("TETHER_TLS_CERT");
  serve->add_option("--tls-key", config->tls_key, "PEM private key of --tls-cert (default: none)")
      ->envname("TETHER_TLS_KEY");
  serve->add_option("--data-dir", config->data_dir,
                    "Where the SQLite database lives (default: $XDG_DATA_HOME/tether or ~/.local/share/tether)")
      ->envname("TETHER_DATA_DIR");
  serve->add_option("--web-root", config->web_root, "Folder of the built web UI (default: the build's web/dist)")
      ->envname("TETHER_WEB_ROOT");
  serve->add_option("--allowed-origin", config->allowed_origins,
                    "Another origin (scheme://host:port) allowed to use the API; repeatable")
      ->envname("TETHER_ALLOWED_ORIGIN");
  serve->add_option("--allowed-host", config->allowed_hosts,
                    "Another host name the server answers to (Host header); repeatable")
      ->envname("TETHER_ALLOWED_HOST");
  serve->add_option("--backend", config->backend, "Reply backend: auto, echo or claude-code")
      ->envname("TETHER_BACKEND")
      ->capture_default_str();
  serve->add_option("--claude-path", config->claude_path, "The Claude Code CLI (default: `claude` on PATH)")
      ->envname("TETHER_CLAUDE_PATH");
  serve->add_option("--workspace", config->workspace,
                    "A directory sessions may work in; repeatable (default: the current directory)")
      ->envname("TETHER_WORKSPACE");
  serve->add_option("--claude-config-dir", config->claude_config_dir,
                    "Where Claude Code keeps its conversations, read to list and open them "
                    "(default: $CLAUDE_CONFIG_DIR, else ~/.claude)")
      ->envname("TETHER_CLAUDE_CONFIG_DIR");
  serve->add_option("--claude-env", config->claude_env,
                    "A variable of this environment that Claude Code and its tools also get; repeatable or comma-"
                    "separated (they get only PATH, HOME, locale, proxies, ANTHROPIC_*, CLAUDE_* and a few more; "
                    "never TETHER_*)")
      ->envname("TETHER_CLAUDE_ENV")
      ->delimiter(',');
  serve->add_option("--model", config->model,
                    "The Claude Code model of new sessions, e.g. sonnet (default: the CLI's own default)")
      ->envname("TETHER_MODEL");
  serve->add_option("--idle-process-timeout", *idle_process_s,
                    "Seconds without a turn before a session's Claude Code process is stopped (resumed on demand)")
      ->envname("TETHER_IDLE_PROCESS_TIMEOUT")
      ->capture_default_str();
  serve->add_option("--turn-stall-timeout", *turn_stall_s,
                    "Seconds without output from Claude Code during a turn before it is interrupted as stalled")
      ->envname("TETHER_TURN_STALL_TIMEOUT")
      ->capture_default_str();
  serve->add_option("--permission-mode", config->permission_mode,
                    "Permission mode of new sessions: default (ask), acceptEdits, plan or bypassPermissions")
      ->envname("TETHER_PERMISSION_MODE")
      ->capture_default_str();
  serve->add_flag("--allow-bypass-permissions", config->allow_bypass_permissions,
                  "Allow the bypassPermissions mode (Claude runs every tool without asking)")
      ->envname("TETHER_ALLOW_BYPASS_PERMISSIONS");
  serve->add_option("--echo-delay-ms", *echo_delay_ms, "Pause between the echo backend's words, in ms")
      ->envname("TETHER_ECHO_DELAY_MS")
      ->capture_default_str();
  serve->add_option("--max-message-bytes", config->max_message_bytes, "Largest WebSocket message or HTTP body")
      ->envname("TETHER_MAX_MESSAGE_BYTES")
      ->capture_default_str();
  serve->add_option("--max-queued-bytes", config->max_queued_bytes,
                    "Bytes queued for one slow connection before it is closed (1013)")
      ->envname("TETHER_MAX_QUEUED_BYTES")
      ->capture_default_str();
  serve->add_option("--max-messages-per-second", config->max_messages_per_second,
                    "Messages one connection may send per second (0 = no limit)")
      ->envname("TETHER_MAX_MESSAGES_PER_SECOND")
      ->capture_default_str();
  serve->add_option("--metrics-listen", config->metrics_listen,
                    "HOST:PORT that serves /metrics without the token, for a Prometheus scraper (default: none; "
                    "/metrics is then on the main address, behind the token)")
      ->envname("TETHER_METRICS_LISTEN");
  serve->add_option("--max-requests-per-second", config->max_requests_per_second,
                    "HTTP API requests one client address may make per second (0 = no limit)")
      ->envname("TETHER_MAX_REQUESTS_PER_SECOND")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve->add_option("--max-connections", config->max_connections, "Open WebSocket/SSE connections at most")
      ->envname("TETHER_MAX_CONNECTIONS")
      ->capture_default_str();
  serve->add_option("--heartbeat-interval-ms", *heartbeat_ms, "How often clients should ping, in ms")
      ->envname("TETHER_HEARTBEAT_INTERVAL_MS")
      ->capture_default_str();
  // Hidden: tests of slow-loris clients need seconds, not the default 30 s.
  serve->add_option("--request-timeout-ms", *request_timeout_ms, "Time limit on reading one HTTP request, in ms")
      ->group("")
      ->capture_default_str();
  auto unload_after_s = std::make_shared<long>(config->unload_idle_sessions_after.count());
  serve->add_option("--unload-idle-sessions-after", *unload_after_s,
                    "Seconds a session may go unused before it leaves memory (reloaded on demand; 0 = never)")
      ->envname("TETHER_UNLOAD_IDLE_SESSIONS_AFTER")
      ->capture_default_str();
  auto permission_timeout_s = std::make_shared<long>(0);
  serve->add_option("--permission-timeout", *permission_timeout_s,
                    "Seconds a permission prompt may wait for an answer before it is denied (0 = no limit)")
      ->envname("TETHER_PERMISSION_TIMEOUT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve->add_option("--max-claude-processes", config->max_claude_processes,
                    "Claude Code processes at once; past it a message waits for a free one (0 = one per GiB of memory)")
      ->envname("TETHER_MAX_CLAUDE_PROCESSES")
      ->capture_default_str();
  serve->add_option("--held-history-bytes", config->held_history_bytes,
                    "Bytes of its latest history a loaded session keeps in memory (older events are read from disk)")
      ->envname("TETHER_HELD_HISTORY_BYTES")
      ->capture_default_str();
  // Hidden: tests of races with group commit need a slow disk on demand.
  auto store_delay_ms = std::make_shared<long>(0);
  serve->add_option("--store-delay-ms", *store_delay_ms, "Pause before each store transaction, in ms (tests)")
      ->group("");
  serve->add_option("--store-fault-file", config->store_fault_file,
                    "While this file exists, every store transaction fails (tests)")
      ->group("");
  serve->add_option("--threads", config->threads, "I/O threads (0 = one per core)")
      ->envname("TETHER_THREADS")
      ->capture_default_str();
  serve->add_option("--log-format", config->log_format, "Log format on stderr: text or json")
      ->envname("TETHER_LOG_FORMAT")
      ->capture_default_str();
  serve->add_option("--log-level", config->log_level, "trace, debug, info, warn or error")
      ->envname("TETHER_LOG_LEVEL")
      ->capture_default_str();

  serve->callback([config, echo_delay_ms, heartbeat_ms, request_timeout_ms, idle_process_s, turn_stall_s,
                   store_delay_ms, unload_after_s, permission_timeout_s] {
    // CLI11 reads TETHER_TOKEN only when --token is absent: a token with no such variable came
    // on the command line.
    config->token_on_command_line = !config->token.empty() && std::getenv("TETHER_TOKEN") == nullptr;
    config->store_delay = std::chrono::milliseconds(*store_delay_ms);
    config->permission_timeout = std::chrono::seconds(*permission_timeout_s);
    config->unload_idle_sessions_after = std::chrono::seconds(*unload_after_s);
    config->echo_delay = std::chrono::milliseconds(*echo_delay_ms);
    config->idle_process_timeout = std::chrono::seconds(*idle_process_s);
    config->turn_stall_timeout = std::chrono::seconds(*turn_stall_s);
    config->heartbeat_interval = std::chrono::milliseconds(*heartbeat_ms);
    config->request_timeout = std::chrono::milliseconds(*request_timeout_ms);
    const int code = server::run_server(*config);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace tether::cli
