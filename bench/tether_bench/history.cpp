// history: what a long session costs the tab that opens it. A session of N turns is built
// through the server (chat_requests the echo backend answers, never rows written behind
// its back); then a new tab opens it from the tail (session_join with tailTurns) and
// another from the start (lastSeq 0), each timed from its join to the join's answer
// (the latest turn is in hand), with the bytes that took; then the history is paged back
// over REST (events?before=) to the first event. The server's RSS before, after the build
// and at the end shows what the history holds in memory.
#include "bench/tether_bench/runtime.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include <optional>

namespace tether::bench {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using asio::use_awaitable;
using protocol::MessageType;

namespace {

// How many chat_requests are on their way before the builder waits for their acks.
constexpr unsigned kBuildWindow = 64;
// Events per REST page: what a UI asks for as the reader scrolls up.
constexpr std::size_t kPageEvents = 200;

// Sends `turns` chat_requests of `bytes` each (one "word": one delta per reply, so the
// build is quick), kBuildWindow at a time, each acknowledged.
awaitable<void> build(WsConnection& connection, std::string session_id, unsigned turns, std::size_t bytes,
                      std::uint64_t& errors) {
  const std::string message(bytes, 'h');
  auto frame_of = [&](std::size_t i) {
    return client_frame(MessageType::chat_request,
                        protocol::to_json(protocol::ChatRequest{session_id, message, std::nullopt}),
                        "h" + std::to_string(i));
  };
  // Named before the co_await: GCC 12 destroys a temporary of a co_await expression twice.
  auto sending = send_acknowledged(connection, turns, std::move(frame_of), kBuildWindow, errors);
  co_await std::move(sending);
}

// Polls the session list until the session is idle (every turn answered).
awaitable<void> wait_idle(const Options& options, std::string session_id, std::uint64_t& errors) {
  auto executor = co_await asio::this_coro::executor;
  for (int attempt = 0; attempt < 6000; ++attempt) {
    boost::system::error_code ec;
    auto result = co_await http_request(executor, options.target, "GET", "/api/sessions", std::string(), ec);
    if (!ec && result.status == 200) {
      if (auto body = protocol::parse_object(result.body)) {
        for (const auto& session : body->at(protocol::field::sessions).as_array()) {
          const auto& s = session.as_object();
          if (s.at(protocol::field::id).as_string() == session_id &&
              s.at(protocol::field::status).as_string() == protocol::session_status::idle) {
            co_return;
          }
        }
      }
    }
    asio::steady_timer pause(executor, std::chrono::milliseconds(50));
    co_await pause.async_wait(use_awaitable);
  }
  ++errors;
}

struct Opening {
  double seconds = 0;
  std::uint64_t bytes = 0;
  std::uint64_t events = 0;
  std::int64_t history_start = 1;
  bool has_older = false;
};

// A new tab: connect, join (from the tail when tail_turns is set), read to the answer.
awaitable<void> open_session(const Options& options, std::string session_id, std::optional<std::int64_t> tail_turns,
                             Opening& opening, std::uint64_t& errors) {
  boost::system::error_code ec;
  auto connection = co_await WsConnection::connect(co_await asio::this_coro::executor, options.target,
                                                   std::chrono::milliseconds(10000), ec);
  if (ec || !connection) {
    ++errors;
    co_return;
  }
  const auto started = Clock::now();
  const auto frame = client_frame(MessageType::session_join,
                                  protocol::to_json(protocol::SessionJoin{session_id, 0, tail_turns}), "open");
  co_await connection->send(frame, ec);
  while (!ec) {
    const auto text = co_await connection->receive(ec);
    if (ec) break;
    opening.bytes += text.size();
    for (const auto part : protocol::split_frame(text)) {
      auto envelope = protocol::decode_envelope(part);
      if (!envelope) continue;
      if (envelope->seq) ++opening.events;
      if (envelope->reply_to != "open") continue;
      opening.seconds = std::chrono::duration<double>(Clock::now() - started).count();
      if (auto update = protocol::session_update_from_json(envelope->payload)) {
        opening.history_start = update->history_start.value_or(1);
        opening.has_older = update->has_older.value_or(false);
      }
      co_await connection->close(ec);
      co_return;
    }
  }
  ++errors;
}

struct Paging {
  double seconds = 0;
  std::uint64_t bytes = 0;
  std::uint64_t events = 0;
  unsigned pages = 0;
};

// Pages back over REST from `before` to the first event.
awaitable<void> page_back(const Options& options, std::string session_id, std::int64_t before, Paging& paging,
                          std::uint64_t& errors) {
  auto executor = co_await asio::this_coro::executor;
  const auto started = Clock::now();
  for (bool older = true; older;) {
    boost::system::error_code ec;
    const auto path = "/api/sessions/" + session_id + "/events?before=" + std::to_string(before) +
                      "&limit=" + std::to_string(kPageEvents);
    auto result = co_await http_request(executor, options.target, "GET", path, std::string(), ec);
    auto body = ec || result.status != 200
                    ? protocol::Result<json::object>(protocol::make_error(protocol::ErrorCode::internal, "page failed"))
                    : protocol::parse_object(result.body);
    if (!body) {
      ++errors;
      break;
    }
    const auto& events = body->at(protocol::field::events).as_array();
    paging.bytes += result.body.size();
    paging.events += events.size();
    ++paging.pages;
    if (events.empty()) break;
    before = events.front().as_object().at(protocol::field::seq).as_int64();
    older = body->at(protocol::field::has_older).as_bool();
  }
  paging.seconds = std::chrono::duration<double>(Clock::now() - started).count();
}

}  // namespace

Report run_history(const Options& options) {
  Report report;
  report.scenario = "history";
  report.url = options.url;
  const auto started = Clock::now();
  const auto cpu = process_cpu_time();
  asio::io_context io;
  const auto rss_empty = read_rss_kib(options.server_pid);
  const std::string session_id = ensure_session(io, options, "tether-bench history");

  const auto build_started = Clock::now();
  Latencies handshake;
  auto builder = connect_all(io, options, 1, handshake, report.errors);
  if (!builder[0]) {
    report.finish(started, cpu, 1);
    return report;
  }
  asio::co_spawn(io, build(*builder[0], session_id, options.turns, options.turn_bytes, report.errors), asio::detached);
  run_io(io, 1, Clock::now() + seconds(options.phase_limit_s));
  asio::co_spawn(io, wait_idle(options, session_id, report.errors), asio::detached);
  run_io(io, 1, Clock::now() + seconds(options.phase_limit_s));
  const double build_s = std::chrono::duration<double>(Clock::now() - build_started).count();
  report.set("turns", options.turns);
  report.set("history_mb", static_cast<double>(options.turns) * 2.0 * static_cast<double>(options.turn_bytes) / 1e6);
  report.set("build_s", build_s);
  const auto rss_built = read_rss_kib(options.server_pid);

  Opening tail, whole;
  asio::co_spawn(io, open_session(options, session_id, std::int64_t{1}, tail, report.errors), asio::detached);
  run_io(io, 1, Clock::now() + seconds(options.phase_limit_s));
  asio::co_spawn(io, open_session(options, session_id, std::nullopt, whole, report.errors), asio::detached);
  run_io(io, 1, Clock::now() + seconds(options.phase_limit_s));
  report.set("open_tail_ms", tail.seconds * 1000);
  report.set("open_tail_kib", static_cast<double>(tail.bytes) / 1024);
  report.set("open_tail_events", static_cast<double>(tail.events));
  report.set("open_whole_ms", whole.seconds * 1000);
  report.set("open_whole_kib", static_cast<double>(whole.bytes) / 1024);
  report.set("open_whole_events", static_cast<double>(whole.events));

  Paging paging;
  if (tail.has_older) {
    asio::co_spawn(io, page_back(options, session_id, tail.history_start, paging, report.errors), asio::detached);
    run_io(io, 1, Clock::now() + seconds(options.phase_limit_s));
  }
  report.set("page_back_ms", paging.seconds * 1000);
  report.set("page_back_pages", paging.pages);
  report.set("page_back_events", static_cast<double>(paging.events));
  report.set("page_back_kib", static_cast<double>(paging.bytes) / 1024);
  // Every event once: the tail plus the pages are the whole history.
  if (tail.has_older && paging.events + tail.events < whole.events) ++report.errors;

  const auto rss_end = read_rss_kib(options.server_pid);
  if (rss_empty && rss_built && rss_end) {
    report.set("server_rss_empty_kib", static_cast<double>(*rss_empty));
    report.set("server_rss_built_kib", static_cast<double>(*rss_built));
    report.set("server_rss_end_kib", static_cast<double>(*rss_end));
  } else if (options.server_pid <= 0) {
    report.notes.push_back("no --server-pid: server memory not measured");
  }
  builder[0].reset();
  report.finish(started, cpu, 1);
  return report;
}

}  // namespace tether::bench
