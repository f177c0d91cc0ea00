// What a client reconstructs from a session's events (docs/protocol.md §2.1): deltas
// appended per request, replaced by chat_response's whole text; duplicates by seq
// ignored; seqs must only increase.
#pragma once

#include "tether/protocol.hpp"

#include "tests/support/test_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <map>
#include <string>

namespace tether::testing {

struct Transcript {
  std::int64_t last_seq = 0;
  std::map<std::string, std::string> replies;       // requestId -> text
  std::map<std::string, std::string> stop_reasons;  // requestId -> stopReason
  std::map<std::string, std::string> user_messages; // requestId -> message
  int duplicates = 0;

  void apply(const protocol::Envelope& envelope) {
    if (!envelope.seq) return;
    if (*envelope.seq <= last_seq) {
      ++duplicates;
      return;
    }
    last_seq = *envelope.seq;
    const auto& payload = envelope.payload;
    const auto text = [&](std::string_view name) { return std::string(payload.at(name).as_string()); };
    switch (envelope.type) {
      case protocol::MessageType::chat_request:
        user_messages[text(protocol::field::request_id)] = text(protocol::field::message);
        break;
      case protocol::MessageType::chat_stream:
        replies[text(protocol::field::request_id)] += text(protocol::field::delta);
        break;
      case protocol::MessageType::chat_response:
        replies[text(protocol::field::request_id)] = text(protocol::field::message);
        stop_reasons[text(protocol::field::request_id)] = text(protocol::field::stop_reason);
        break;
      default:
        break;
    }
  }
};

inline bool is_response_to(const protocol::Envelope& envelope, const std::string& request_id) {
  return envelope.type == protocol::MessageType::chat_response &&
         envelope.payload.at(protocol::field::request_id).as_string() == request_id;
}

// Polls the session over REST until no turn runs (or fails the test after 20 s).
inline void wait_until_idle(unsigned short port, const std::string& token, const std::string& session) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    auto result = http_request(port, "GET", "/api/sessions/" + session, "", {{"Authorization", "Bearer " + token}});
    auto body = protocol::parse_object(result.body);
    if (body && body->at("session").at("status").as_string() == "idle") return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL() << "session " << session << " still running after 20 s";
}

// n words, each different, so that a missing or doubled delta shows.
inline std::string words(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text += (i ? " " : "") + std::string("word") + std::to_string(i);
  return text;
}

}  // namespace tether::testing
