// Every SQL statement of Tether. Synchronous, and used only on the store thread
// (see store.hpp): nothing here may be called from a network thread.
#pragma once

#include "server/store/records.hpp"
#include "server/store/sqlite.hpp"

#include <filesystem>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server {

class Repository {
 public:
  // Opens (creating if needed) the database in WAL mode and migrates its schema.
  Repository(const std::filesystem::path& file, EventKinds kinds);

  void create_session(const SessionRecord& session);
  std::vector<SessionRecord> list_sessions();
  // The session with its latest events: as many as fit in tail_bytes (of envelope text;
  // at least the last one), and every event of a turn with no chat_response (one that a
  // stop cut off: recovery needs it whole).
  std::optional<LoadedSession> load_session(std::string_view id, std::size_t tail_bytes = SIZE_MAX);
  bool rename_session(std::string_view id, std::string_view title, std::string_view updated_at);
  bool delete_session(std::string_view id);
  void save_backend_state(std::string_view id, std::string_view state);
  // How far the session's external history (a Claude Code transcript) has been read.
  void save_history_offset(std::string_view id, std::int64_t offset);

  // Appends events (in seq order) and advances the session's head_seq.
  void append_events(std::string_view session_id, const std::vector<EventRecord>& events,
                     std::string_view updated_at);
  // Drops the transient events of a finished turn, seq in [first_seq, last_seq] (its
  // request and its response): turns run one at a time, so only that turn's are there.
  void compact_turn(std::string_view session_id, std::int64_t first_seq, std::int64_t last_seq);

  // Reads of stored history, for what a session no longer holds in memory; none goes
  // past `through` (the caller's durable seq: this connection also sees a group commit's
  // rows before they are committed).
  // Events after `after`, ascending, up to max_bytes of envelope (at least one) or max_count.
  std::vector<EventRecord> events_after(std::string_view session_id, std::int64_t after, std::int64_t through,
                                        std::size_t max_bytes, std::size_t max_count);
  // The latest `limit` events before `before`, ascending.
  std::vector<EventRecord> events_before(std::string_view session_id, std::int64_t before, std::int64_t through,
                                         std::size_t limit);
  bool has_events_before(std::string_view session_id, std::int64_t seq);
  // The events a conversation's messages are made of (requests, responses, tools), ascending.
  std::vector<EventRecord> message_events(std::string_view session_id, std::int64_t through);

  // A write that proves the database takes writes (/healthz): one row, replaced.
  void record_health_check(std::string_view at);

  // Sessions with a turn that has a request but no response: cut off by a stop.
  std::vector<std::string> sessions_with_unfinished_turns();

  void begin();
  void commit();
  void rollback();
  void savepoint();
  void release_savepoint();
  void rollback_to_savepoint();

 private:
  EventKinds kinds_;
  sqlite::Connection db_;
};

}  // namespace tether::server
