// What the hub keeps: sessions and their event logs. Synchronous, and used only on the
// store thread (store.hpp runs every call there, in transactions it opens): nothing here
// may be called from a network thread.
//
// Two implementations: SQLite (store/sqlite/, what the server runs) and memory
// (memory_repository.hpp, for unit tests of the layers above). Both pass the same contract
// tests (tests/unit/repository_test.cpp).
#pragma once

#include "server/store/records.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server {

class Repository {
 public:
  virtual ~Repository() = default;

  // Fails (throws) when the id is taken.
  virtual void create_session(const SessionRecord& session) = 0;
  // The most recently updated first.
  virtual std::vector<SessionRecord> list_sessions() = 0;
  // The session with its latest events: as many as fit in tail_bytes (of envelope text;
  // at least the last one), and every event of a turn with no response (one that a stop
  // cut off: recovery needs it whole).
  virtual std::optional<LoadedSession> load_session(std::string_view id, std::size_t tail_bytes = SIZE_MAX) = 0;
  virtual bool rename_session(std::string_view id, std::string_view title, std::string_view updated_at) = 0;
  virtual bool delete_session(std::string_view id) = 0;
  virtual void save_backend_state(std::string_view id, std::string_view state) = 0;
  // How far the session's external history (a Claude Code transcript) has been read.
  virtual void save_history_offset(std::string_view id, std::int64_t offset) = 0;

  // Appends events (in seq order) and advances the session's head_seq. Fails (throws) on a
  // seq the session already has, or a session that does not exist.
  virtual void append_events(std::string_view session_id, const std::vector<EventRecord>& events,
                             std::string_view updated_at) = 0;
  // Drops the transient events of a finished turn, seq in [first_seq, last_seq] (its
  // request and its response): turns run one at a time, so only that turn's are there.
  virtual void compact_turn(std::string_view session_id, std::int64_t first_seq, std::int64_t last_seq) = 0;

  // Reads of stored history, for what a session no longer holds in memory; none goes
  // past `through` (the caller's durable seq: the store thread also sees a group commit's
  // events before they are committed).
  // Events after `after`, ascending, up to max_bytes of envelope (at least one) or max_count.
  virtual std::vector<EventRecord> events_after(std::string_view session_id, std::int64_t after, std::int64_t through,
                                                std::size_t max_bytes, std::size_t max_count) = 0;
  // The latest `limit` events before `before`, ascending.
  virtual std::vector<EventRecord> events_before(std::string_view session_id, std::int64_t before,
                                                 std::int64_t through, std::size_t limit) = 0;
  virtual bool has_events_before(std::string_view session_id, std::int64_t seq) = 0;
  // The events a conversation's messages are made of (EventKinds::messages), ascending.
  virtual std::vector<EventRecord> message_events(std::string_view session_id, std::int64_t through) = 0;

  // A write that proves the store takes writes (/healthz): one row, replaced.
  virtual void record_health_check(std::string_view at) = 0;

  // Sessions with a turn that has a request but no response: cut off by a stop. By id.
  virtual std::vector<std::string> sessions_with_unfinished_turns() = 0;

  // The store thread's transactions: one per group commit, a savepoint per job in it (a
  // failing job rolls back only itself).
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual void savepoint() = 0;
  virtual void release_savepoint() = 0;
  virtual void rollback_to_savepoint() = 0;
};

}  // namespace tether::server
