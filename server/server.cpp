#include "server/server.hpp"

#include "server/backend_factory.hpp"
#include "server/backends/claude_code/claude_transcripts.hpp"
#include "server/hub/hub.hpp"
#include "server/logging.hpp"
#include "server/process/leftovers.hpp"
#include "server/store/sqlite/sqlite_repository.hpp"
#include "server/store/store.hpp"
#include "server/transport/listener.hpp"
#include "server/transport/metrics_endpoint.hpp"
#include "server/transport/server_context.hpp"
#include "server/transport/tls_context.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <thread>

namespace tether::server {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// How long closing connections may take to finish their close handshake.
constexpr auto kShutdownGrace = std::chrono::seconds(2);
constexpr auto kBackendSettle = std::chrono::milliseconds(500);

std::string url_host(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) return "127.0.0.1";
  if (host == "::") return "[::1]";
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// SIGINT/SIGTERM: stop accepting, close every stream with 1001, end the backends,
// give writes a moment to drain, then stop the I/O threads. The store drains after.
asio::awaitable<void> stop_gracefully(tcp::acceptor& acceptor, ServerContext& context, asio::io_context& io) {
  spdlog::info("stopping: closing connections");
  context.stopping = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  context.websockets.close_all();
  co_await context.hub.shutdown();
  asio::steady_timer wait(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + kShutdownGrace;
  // Backends end their processes asynchronously (a CLI saves its transcript on stdin
  // EOF): give them a moment even when no connection is left to close.
  const auto backends_settle = std::chrono::steady_clock::now() + kBackendSettle;
  while ((context.websockets.size() > 0 || std::chrono::steady_clock::now() < backends_settle) &&
         std::chrono::steady_clock::now() < deadline) {
    wait.expires_after(std::chrono::milliseconds(20));
    co_await wait.async_wait(asio::use_awaitable);
  }
  io.stop();
}

// Every heartbeat interval, WebSockets silent for too long are pinged or dropped.
asio::awaitable<void> sweep_for_silence(ServerContext& context) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!context.stopping) {
    timer.expires_after(context.config.heartbeat_interval);
    co_await timer.async_wait(asio::use_awaitable);
    context.websockets.check_silence(std::chrono::steady_clock::now());
  }
}

// Sessions quiet for --unload-idle-sessions-after leave memory; checked a few times per
// that period (at most once a minute), so one stays at most ~1.25 periods.
asio::awaitable<void> unload_quiet_sessions(ServerContext& context, std::chrono::seconds quiet_for) {
  if (quiet_for.count() == 0) co_return;
  const auto every = std::clamp<std::chrono::steady_clock::duration>(quiet_for / 4, std::chrono::milliseconds(250),
                                                                      std::chrono::minutes(1));
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!context.stopping) {
    timer.expires_after(every);
    co_await timer.async_wait(asio::use_awaitable);
    if (context.stopping) break;
    if (const auto unloaded = co_await context.hub.unload_quiet_sessions(quiet_for); unloaded > 0) {
      spdlog::debug("{} quiet session(s) left memory; {} loaded", unloaded, context.hub.loaded_sessions());
      // The allocator keeps freed pages for reuse; after a burst of activity (a thousand
      // sessions used at once) hand them back, or the process holds its peak for months.
      // A few ms at most, once per check that unloaded something.
#ifdef __GLIBC__
      malloc_trim(0);
#endif
    }
  }
}

// Writes a file only its owner can read, replacing any older one.
std::optional<std::string> write_private_file(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return std::string(std::strerror(errno));
  ::fchmod(fd, 0600);  // an existing file keeps its old mode through O_CREAT
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) return std::string("short write");
  return std::nullopt;
}

// The part of the configuration the transport layer works with.
TransportConfig transport_config_of(const ServerConfig& config) {
  TransportConfig transport;
  transport.web_root = config.web_root;
  transport.data_dir = config.data_dir;
  transport.max_message_bytes = config.max_message_bytes;
  transport.max_queued_bytes = config.max_queued_bytes;
  transport.max_messages_per_second = config.max_messages_per_second;
  transport.max_requests_per_second = config.max_requests_per_second;
  transport.max_connections = config.max_connections;
  transport.request_timeout = config.request_timeout;
  transport.heartbeat_interval = config.heartbeat_interval;
  transport.model = config.model;
  transport.permission_mode = config.permission_mode;
  transport.allow_bypass_permissions = config.allow_bypass_permissions;
  return transport;
}

}  // namespace

int run_server(ServerConfig config) {
  config = with_defaults(std::move(config));
  configure_logging(config.log_format, config.log_level);
  if (auto error = config.validate()) {
    spdlog::error("{}", *error);
    return 2;
  }
  std::error_code fs_error;
  std::filesystem::create_directories(config.data_dir, fs_error);
  std::filesystem::permissions(config.data_dir, std::filesystem::perms::owner_all, fs_error);

  // Before anything listens: a certificate that cannot be used is a start-up error.
  std::shared_ptr<asio::ssl::context> tls;
  if (config.tls_enabled()) {
    auto made = make_server_tls_context(config.tls_cert, config.tls_key);
    if (auto* error = std::get_if<std::string>(&made)) {
      spdlog::error("{}", *error);
      return 2;
    }
    tls = std::move(std::get<std::shared_ptr<asio::ssl::context>>(made));
  }
  if (!config.binds_loopback_only() && !tls) {
    spdlog::warn("listening on {} without TLS: anyone who can reach this address and learns the token can run "
                 "commands on this machine", config.host);
  }
  if (!config.token_file.empty()) {
    if (auto error = write_private_file(config.token_file, config.token + "\n")) {
      spdlog::error("cannot write the token file {}: {}", config.token_file.string(), *error);
      return 1;
    }
  }

  // The workspace roots, resolved once: every path a client sends is checked against them.
  auto workspace = Workspace::open(config.workspace, std::filesystem::current_path(),
                                   std::getenv("HOME") ? std::getenv("HOME") : "");
  if (!workspace) {
    spdlog::error("{}", workspace.error().message);
    return 2;
  }

  // Before any new process starts: what a killed earlier run left (its supervisor killed
  // too) is ended now; the sessions it served find their turns interrupted when loaded.
  const auto leftovers = process::end_leftovers(config.process_records_dir());
  for (const auto& leftover : leftovers) {
    spdlog::warn("ended process {} that an earlier run left behind (session {})", leftover.pid, leftover.owner);
  }

  auto chosen = make_backend(config);
  if (auto* error = std::get_if<std::string>(&chosen)) {
    spdlog::error("no backend: {}", *error);
    return 2;
  }
  auto backend = std::move(std::get<std::unique_ptr<Backend>>(chosen));

  const unsigned threads = config.threads > 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  asio::io_context io(static_cast<int>(threads));
  tcp::acceptor acceptor(io);
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(config.host), config.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const std::exception& error) {
    spdlog::error("cannot listen on {}:{}: {}. Is another tether running? Pick another port with --port.", config.host,
                  config.port, error.what());
    return 1;
  }
  const auto port = acceptor.local_endpoint().port();
  tcp::acceptor metrics_acceptor(io);
  if (const auto metrics_address = parse_listen_address(config.metrics_listen)) {
    try {
      const tcp::endpoint endpoint(asio::ip::make_address(metrics_address->host), metrics_address->port);
      metrics_acceptor.open(endpoint.protocol());
      metrics_acceptor.set_option(asio::socket_base::reuse_address(true));
      metrics_acceptor.bind(endpoint);
      metrics_acceptor.listen();
    } catch (const std::exception& error) {
      spdlog::error("cannot listen for /metrics on {}: {}. Pick another --metrics-listen.", config.metrics_listen,
                    error.what());
      return 1;
    }
  }

  std::optional<Store> store;
  try {
    store.emplace(std::make_unique<SqliteRepository>(config.database_file(), stored_event_kinds()), config.store_delay,
                  config.store_fault_file);
  } catch (const std::exception& error) {
    spdlog::error("cannot open the database {}: {}. Check --data-dir.", config.database_file().string(), error.what());
    return 1;
  }

  // File-system reads (transcripts, folders) and CLI probes: two threads, so that a long
  // first read of a big transcript does not hold up a folder listing.
  asio::thread_pool blocking(2);
  claude_code::ClaudeTranscripts transcripts(config.claude_config_dir, *workspace);
  Hub hub(io.get_executor(), *store, *backend, &transcripts, blocking.get_executor(), config.held_history_bytes);
  ServerContext context{transport_config_of(config),
                        AccessPolicy(config.token, config.host, config.allowed_hosts, config.allowed_origins,
                                     tls != nullptr),
                        hub,
                        Dispatcher(hub, protocol::DecodeLimits{}),
                        {}};
  context.tls = tls;
  context.workspace = &*workspace;
  context.conversations = &transcripts;
  context.blocking = blocking.get_executor();

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) asio::co_spawn(io, stop_gracefully(acceptor, context, io), asio::detached);
  });

  if (metrics_acceptor.is_open()) {
    const auto bound = metrics_acceptor.local_endpoint();
    spdlog::info("metrics: http://{}:{}/metrics (no token)", url_host(bound.address().to_string()), bound.port());
    asio::co_spawn(io, serve_metrics(metrics_acceptor, io, context), asio::detached);
  }
  asio::co_spawn(io, sweep_for_silence(context), asio::detached);
  asio::co_spawn(io, unload_quiet_sessions(context, config.unload_idle_sessions_after), asio::detached);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await hub.recover();
        spdlog::info("backend: {}{}", backend->name(), backend->reason() ? " (" + *backend->reason() + ")" : "");
        spdlog::info("data: {}", config.database_file().string());
        if (config.token_on_command_line) {
          spdlog::warn("--token on the command line can be read by every user of this machine (ps); set TETHER_TOKEN "
                       "instead, or leave it out for a random one (--token-file saves it for native clients)");
        }
        std::cout << "Tether is running at " << (tls ? "https://" : "http://") << url_host(config.host) << ":" << port
                  << "/?token=" << config.token << std::endl;
        co_await accept_connections(acceptor, io, context);
      },
      [](std::exception_ptr error) {
        if (error) std::rethrow_exception(error);
      });

  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i) workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& worker : workers) worker.join();
  blocking.join();
  store.reset();  // drains every pending write
  spdlog::info("stopped");
  return 0;
}

}  // namespace tether::server
