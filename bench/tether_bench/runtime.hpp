// Shared plumbing of the scenarios: running an io_context on N threads with a hard
// stop, opening many connections with bounded concurrency, and making client envelopes.
#pragma once

#include "bench/tether_bench/report.hpp"
#include "bench/tether_bench/scenarios.hpp"
#include "bench/tether_bench/transport.hpp"
#include "tether/protocol.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tether::bench {

using Clock = std::chrono::steady_clock;

inline std::chrono::nanoseconds seconds(double s) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(s));
}

// Runs `io` on `threads` threads until it runs out of work or `hard_stop` passes.
void run_io(boost::asio::io_context& io, unsigned threads, Clock::time_point hard_stop);

// A client envelope with the given id, encoded by the protocol module.
std::string client_frame(protocol::MessageType type, boost::json::object payload, std::string id);

// Opens `count` WebSocket connections, at most options.connect_concurrency handshakes
// at a time. Failed slots stay null and count as errors. With more than one thread, each
// connection gets a strand (WsConnection::executor()); with one, the strand's cost is
// spared.
std::vector<std::unique_ptr<WsConnection>> connect_all(boost::asio::io_context& io, const Options& options,
                                                       unsigned count, Latencies& handshake, std::uint64_t& errors);

// Sends `count` client frames (frame_of(i)), at most `window` of them unanswered, and
// reads the answers that name them (reply_to): an ack counts, anything else is an error.
boost::asio::awaitable<void> send_acknowledged(WsConnection& connection, std::size_t count,
                                               std::function<std::string(std::size_t)> frame_of, std::size_t window,
                                               std::uint64_t& errors);

// Creates a session over REST (POST /api/sessions): its id, or the error in words.
boost::asio::awaitable<void> create_session(const Options& options, std::string title, std::string& id,
                                            std::string& error);

// Creates a session over REST (POST /api/sessions) unless options.session names one.
std::string ensure_session(boost::asio::io_context& io, const Options& options, const std::string& title);

}  // namespace tether::bench
