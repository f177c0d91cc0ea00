// The benchmark protocol subset (docs/benchmarks.md) for peers that cannot include the
// protocol module directly: websocketpp 0.8.2 does not compile as C++20, the protocol
// module needs C++20. This header is plain C++17; peer_envelopes.cpp encodes and decodes
// through tether::protocol exactly as naive_beast.cpp does, so the bytes are the same.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tether::bench_peer {

struct Incoming {
  enum class Kind { ping, session_join, chat_request };
  Kind kind = Kind::ping;
  std::string id;          // the envelope id, answered as replyTo
  std::string session_id;  // session_join, chat_request
  std::string message;     // chat_request
};

// Every client message of a text frame (several envelopes separated by '\n'), in order;
// envelopes that do not parse or are outside the subset are skipped.
std::vector<Incoming> decode(std::string_view frame);

// `pong` or `ack` with replyTo, no payload.
std::string pong(const std::string& reply_to);
std::string ack(const std::string& reply_to);

// Session events with the given seq: chat_stream {sessionId, requestId, delta,
// isComplete} and chat_response {sessionId, requestId, message, stopReason}.
std::string chat_stream(const std::string& session_id, const std::string& request_id, std::string delta,
                        bool complete, std::int64_t seq);
std::string chat_response(const std::string& session_id, const std::string& request_id, const std::string& message,
                          std::int64_t seq);

}  // namespace tether::bench_peer
