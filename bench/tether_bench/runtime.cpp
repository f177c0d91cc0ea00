#include "bench/tether_bench/runtime.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include <mutex>
#include <stdexcept>
#include <thread>

namespace tether::bench {
namespace asio = boost::asio;
namespace json = boost::json;

void run_io(asio::io_context& io, unsigned threads, Clock::time_point hard_stop) {
  io.restart();
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  // The main thread runs in slices so that, whatever a peer does, the run ends by
  // hard_stop; run_for returns early (and stopped() turns true) once the work is done.
  while (!io.stopped()) {
    if (Clock::now() >= hard_stop) {
      io.stop();
      break;
    }
    io.run_for(std::chrono::milliseconds(50));
  }
  for (auto& thread : pool) thread.join();
}

std::string client_frame(protocol::MessageType type, json::object payload, std::string id) {
  protocol::Envelope envelope;
  envelope.id = std::move(id);
  envelope.type = type;
  envelope.payload = std::move(payload);
  envelope.timestamp = protocol::now_timestamp();
  return protocol::encode(envelope);
}

namespace {

asio::awaitable<void> connector(const Options& options, std::atomic<unsigned>& next, unsigned count,
                                std::vector<std::unique_ptr<WsConnection>>& out, std::mutex& mutex,
                                Latencies& handshake, std::uint64_t& errors) {
  auto executor = co_await asio::this_coro::executor;
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(seconds(options.connect_timeout_s));
  for (unsigned index = next++; index < count; index = next++) {
    const auto started = Clock::now();
    boost::system::error_code ec;
    const auto connection_executor =
        options.threads > 1 ? asio::any_io_executor(asio::make_strand(executor)) : executor;
    auto connection = co_await WsConnection::connect(connection_executor, options.target, timeout, ec);
    const auto took = Clock::now() - started;
    std::lock_guard lock(mutex);
    if (ec || !connection) {
      ++errors;
      continue;
    }
    handshake.add(took);
    out[index] = std::move(connection);
  }
}

}  // namespace

std::vector<std::unique_ptr<WsConnection>> connect_all(asio::io_context& io, const Options& options, unsigned count,
                                                       Latencies& handshake, std::uint64_t& errors) {
  std::vector<std::unique_ptr<WsConnection>> connections(count);
  std::atomic<unsigned> next{0};
  std::mutex mutex;
  const unsigned workers = std::max(1u, std::min(options.connect_concurrency, count));
  for (unsigned i = 0; i < workers; ++i) {
    asio::co_spawn(io, connector(options, next, count, connections, mutex, handshake, errors), asio::detached);
  }
  const double budget = options.connect_timeout_s * (1.0 + static_cast<double>(count) / workers);
  run_io(io, options.threads, Clock::now() + seconds(budget));
  return connections;
}

asio::awaitable<void> send_acknowledged(WsConnection& connection, std::size_t count,
                                        std::function<std::string(std::size_t)> frame_of, std::size_t window,
                                        std::uint64_t& errors) {
  boost::system::error_code ec;
  std::size_t sent = 0, answered = 0;
  while (answered < count && !ec) {
    while (sent < count && sent - answered < window && !ec) {
      const auto frame = frame_of(sent);
      co_await connection.send(frame, ec);
      ++sent;
    }
    const auto text = co_await connection.receive(ec);
    if (ec) break;
    for (const auto part : protocol::split_frame(text)) {
      auto envelope = protocol::decode_envelope(part);
      if (!envelope || !envelope->reply_to) continue;
      ++answered;
      if (envelope->type != protocol::MessageType::ack) ++errors;
    }
  }
  if (ec) ++errors;
}

asio::awaitable<void> create_session(const Options& options, std::string title, std::string& id, std::string& error) {
  auto executor = co_await asio::this_coro::executor;
  boost::system::error_code ec;
  json::object body{{protocol::field::title, title}};
  // Arguments are named first: GCC 12 destroys some temporaries of a co_await expression twice.
  std::string text = json::serialize(body);
  auto result = co_await http_request(executor, options.target, "POST", "/api/sessions", std::move(text), ec);
  if (ec) {
    error = ec.message();
    co_return;
  }
  if (result.status != 201) {
    error = "HTTP " + std::to_string(result.status) + ": " + result.body;
    co_return;
  }
  auto object = protocol::parse_object(result.body);
  if (!object) {
    error = "not JSON: " + result.body;
    co_return;
  }
  const auto* session = object->if_contains(protocol::field::session);
  const auto* value = session && session->is_object() ? session->as_object().if_contains(protocol::field::id) : nullptr;
  if (!value || !value->is_string()) {
    error = "no session id in: " + result.body;
    co_return;
  }
  id = std::string(value->as_string());
}

std::string ensure_session(asio::io_context& io, const Options& options, const std::string& title) {
  if (!options.session.empty()) return options.session;
  std::string id;
  std::string error;
  asio::co_spawn(io, create_session(options, title, id, error), asio::detached);
  run_io(io, 1, Clock::now() + std::chrono::seconds(15));
  if (id.empty()) throw std::runtime_error("could not create a session: " + (error.empty() ? "timeout" : error));
  return id;
}

}  // namespace tether::bench
