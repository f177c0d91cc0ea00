// A small blocking client of the REST routes (docs/protocol.md §5.1) for programs and
// tests that manage sessions: create, list, read back with messages. Each call is one
// HTTP exchange bounded by ClientConfig::timeout.
#pragma once

#include "tether/client/config.hpp"
#include "tether/protocol/envelope.hpp"
#include "tether/protocol/errors.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tether {

struct SessionInfo {
  std::string id;
  std::string title;
  std::string status;
  std::string backend;
  std::int64_t head_seq = 0;
};

struct StoredMessage {
  std::string request_id;
  std::string role;  // "user" | "assistant"
  std::string content;
  std::optional<std::string> stop_reason;
  std::int64_t seq = 0;
};

struct SessionHistory {
  SessionInfo session;
  std::vector<StoredMessage> messages;
};

// A page of a session's events, back in time (GET …/events?before=).
struct EventPage {
  std::vector<protocol::Envelope> events;  // ascending seq
  std::int64_t head_seq = 0;
  bool has_older = false;  // events before the first one exist
};

// Thrown for a failed call: the HTTP status (0 when there was no answer) and the
// server's error, or a readable reason.
class RestError : public std::runtime_error {
 public:
  RestError(unsigned status, protocol::Error error)
      : std::runtime_error(error.message), status_(status), error_(std::move(error)) {}
  unsigned status() const noexcept { return status_; }
  const protocol::Error& error() const noexcept { return error_; }

 private:
  unsigned status_;
  protocol::Error error_;
};

class RestClient {
 public:
  // Uses url (any of its forms), token, ca_file and timeout.
  explicit RestClient(ClientConfig config);

  SessionInfo create_session(const std::string& title = {});
  std::vector<SessionInfo> list_sessions();
  SessionHistory get_session(const std::string& session_id);
  // The latest `limit` events with seq < before (docs/protocol.md §3.1).
  EventPage events_before(const std::string& session_id, std::int64_t before, std::size_t limit = 500);

 private:
  ClientConfig config_;
};

}  // namespace tether
