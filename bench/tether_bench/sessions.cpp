// sessions: memory follows the active sessions, not the stored ones. S sessions are
// created over REST and each given one turn (a chat_request the echo backend answers);
// once the server has unloaded them (start it with a short --unload-idle-sessions-after
// and give --settle that long and more), A of them are opened by a tab each: joined from
// the tail, one more turn sent and answered, the tab kept open. The server's RSS: empty,
// with S stored, with A active; the growth per stored and per active session.
#include "bench/tether_bench/runtime.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <thread>

namespace tether::bench {
namespace asio = boost::asio;
using asio::awaitable;
using protocol::MessageType;

namespace {

// REST creations in progress at once: enough for group commit to batch them.
constexpr unsigned kCreators = 16;
// chat_requests on their way before the sender waits for acks.
constexpr unsigned kSendWindow = 64;

awaitable<void> creator(const Options& options, std::atomic<unsigned>& next, unsigned count,
                        std::vector<std::string>& ids, std::uint64_t& errors) {
  for (unsigned index = next++; index < count; index = next++) {
    std::string id, error;
    co_await create_session(options, "tether-bench sessions " + std::to_string(index), id, error);
    if (id.empty()) ++errors;
    ids[index] = std::move(id);
  }
}

// One short turn in every session, kSendWindow at a time, each acknowledged.
awaitable<void> one_turn_each(WsConnection& connection, const std::vector<std::string>& ids, std::uint64_t& errors) {
  auto frame_of = [&](std::size_t i) {
    return client_frame(MessageType::chat_request,
                        protocol::to_json(protocol::ChatRequest{ids[i], "stored", std::nullopt}),
                        "s" + std::to_string(i));
  };
  // Named before the co_await: GCC 12 destroys a temporary of a co_await expression twice.
  auto sending = send_acknowledged(connection, ids.size(), std::move(frame_of), kSendWindow, errors);
  co_await std::move(sending);
}

// A tab on one session: joined from the tail, a turn sent and its reply read. The
// connection stays open (the caller keeps it) so that the session stays active.
awaitable<void> open_tab(WsConnection& connection, std::string session_id, std::uint64_t& errors) {
  boost::system::error_code ec;
  const auto join = client_frame(MessageType::session_join,
                                 protocol::to_json(protocol::SessionJoin{session_id, 0, std::int64_t{20}}), "join");
  co_await connection.send(join, ec);
  const auto request = client_frame(
      MessageType::chat_request, protocol::to_json(protocol::ChatRequest{session_id, "active", std::nullopt}), "turn");
  co_await connection.send(request, ec);
  while (!ec) {
    const auto text = co_await connection.receive(ec);
    if (ec) break;
    for (const auto part : protocol::split_frame(text)) {
      auto envelope = protocol::decode_envelope(part);
      if (!envelope) continue;
      if (envelope->type == MessageType::error) ++errors;
      if (envelope->type == MessageType::chat_response && envelope->payload.if_contains(protocol::field::request_id) &&
          envelope->payload.at(protocol::field::request_id) == "turn") {
        co_return;
      }
    }
  }
  ++errors;
}

std::optional<std::int64_t> settled_rss(int pid, double settle_s) {
  std::this_thread::sleep_for(seconds(settle_s));
  return read_rss_kib(pid);
}

}  // namespace

Report run_sessions(const Options& options) {
  Report report;
  report.scenario = "sessions";
  report.url = options.url;
  const auto started = Clock::now();
  const auto cpu = process_cpu_time();
  asio::io_context io;
  const auto limit = [&] { return Clock::now() + seconds(options.phase_limit_s); };
  const auto rss_empty = read_rss_kib(options.server_pid);

  const auto create_started = Clock::now();
  std::vector<std::string> ids(options.stored_sessions);
  std::atomic<unsigned> next{0};
  for (unsigned i = 0; i < kCreators; ++i) {
    asio::co_spawn(io, creator(options, next, options.stored_sessions, ids, report.errors), asio::detached);
  }
  run_io(io, 1, limit());
  std::erase(ids, std::string());
  Latencies handshake;
  auto sender = connect_all(io, options, 1, handshake, report.errors);
  if (!sender[0] || ids.size() < options.active_sessions) {
    report.notes.push_back("the sessions could not be created");
    report.finish(started, cpu, 1);
    return report;
  }
  asio::co_spawn(io, one_turn_each(*sender[0], ids, report.errors), asio::detached);
  run_io(io, 1, limit());
  sender[0].reset();
  report.set("stored_sessions", static_cast<double>(ids.size()));
  report.set("build_s", std::chrono::duration<double>(Clock::now() - create_started).count());
  const auto rss_stored = settled_rss(options.server_pid, options.settle_s);

  // The active ones are spread over the stored ones.
  auto tabs = connect_all(io, options, options.active_sessions, handshake, report.errors);
  const auto stride = ids.size() / options.active_sessions;
  const auto open_started = Clock::now();
  for (unsigned i = 0; i < options.active_sessions; ++i) {
    if (tabs[i]) asio::co_spawn(io, open_tab(*tabs[i], ids[i * stride], report.errors), asio::detached);
  }
  run_io(io, 1, limit());
  report.set("active_sessions", options.active_sessions);
  report.set("open_active_s", std::chrono::duration<double>(Clock::now() - open_started).count());
  const auto rss_active = read_rss_kib(options.server_pid);

  if (rss_empty && rss_stored && rss_active) {
    report.set("server_rss_empty_kib", static_cast<double>(*rss_empty));
    report.set("server_rss_stored_kib", static_cast<double>(*rss_stored));
    report.set("server_rss_active_kib", static_cast<double>(*rss_active));
    report.set("rss_per_stored_session_bytes",
               static_cast<double>(*rss_stored - *rss_empty) * 1024 / static_cast<double>(ids.size()));
    report.set("rss_per_active_session_kib",
               static_cast<double>(*rss_active - *rss_stored) / static_cast<double>(options.active_sessions));
  } else {
    report.notes.push_back("no --server-pid: server memory not measured");
  }
  tabs.clear();
  report.finish(started, cpu, 1);
  return report;
}

}  // namespace tether::bench
