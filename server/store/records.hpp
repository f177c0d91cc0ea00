// What the store keeps: sessions and their events. An event is stored as the exact
// envelope text clients receive, so a replay after a restart is byte-for-byte the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tether::server {

struct SessionRecord {
  std::string id;
  std::string title;
  std::string cwd;
  std::string created_at;  // ISO-8601 UTC
  std::string updated_at;
  std::int64_t head_seq = 0;        // the highest seq ever given out, compacted or not
  std::string backend_state = "{}";  // JSON object reported by the backend
  std::string origin = "tether";     // "terminal": opened from a Claude Code transcript
  std::int64_t history_offset = 0;   // bytes of that transcript already read
};

struct EventRecord {
  std::int64_t seq = 0;
  std::string type;
  std::optional<std::string> request_id;  // the turn it belongs to, if any
  std::string envelope;                   // the encoded envelope, as sent
  // Dropped when its turn is complete: a later event holds its final form (a delta of
  // the reply or of thinking, a state report during the turn).
  bool transient = false;
};

// The event types the store's questions depend on, named by the hub (which knows the
// protocol; the store knows only rows): a turn begins with a `request` event and ends with
// a `response`; a conversation's messages are made of the `messages` types.
struct EventKinds {
  std::string request;
  std::string response;
  std::vector<std::string> messages;
};

// A session as it is loaded: its record, its latest events (Repository::load_session says
// which), every chat_request's (request id, seq), and its oldest event's seq (0: none).
struct LoadedSession {
  SessionRecord session;
  std::vector<EventRecord> events;
  std::vector<std::pair<std::string, std::int64_t>> requests;
  std::int64_t first_seq = 0;
};

}  // namespace tether::server
