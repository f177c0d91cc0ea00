// A repository in memory, for unit tests of the layers above the store (the hub's session
// core, recovery, replay) without a file. It keeps the SQLite repository's contract, down
// to its failures (tests/unit/repository_test.cpp runs the same cases on both); nothing
// survives the object.
#pragma once

#include "server/store/repository.hpp"

#include <map>
#include <optional>
#include <string>

namespace tether::server {

class MemoryRepository final : public Repository {
 public:
  explicit MemoryRepository(EventKinds kinds);

  void create_session(const SessionRecord& session) override;
  std::vector<SessionRecord> list_sessions() override;
  std::optional<LoadedSession> load_session(std::string_view id, std::size_t tail_bytes = SIZE_MAX) override;
  bool rename_session(std::string_view id, std::string_view title, std::string_view updated_at) override;
  bool delete_session(std::string_view id) override;
  void save_backend_state(std::string_view id, std::string_view state) override;
  void save_history_offset(std::string_view id, std::int64_t offset) override;
  void append_events(std::string_view session_id, const std::vector<EventRecord>& events,
                     std::string_view updated_at) override;
  void compact_turn(std::string_view session_id, std::int64_t first_seq, std::int64_t last_seq) override;
  std::vector<EventRecord> events_after(std::string_view session_id, std::int64_t after, std::int64_t through,
                                        std::size_t max_bytes, std::size_t max_count) override;
  std::vector<EventRecord> events_before(std::string_view session_id, std::int64_t before, std::int64_t through,
                                         std::size_t limit) override;
  bool has_events_before(std::string_view session_id, std::int64_t seq) override;
  std::vector<EventRecord> message_events(std::string_view session_id, std::int64_t through) override;
  void record_health_check(std::string_view at) override;
  std::vector<std::string> sessions_with_unfinished_turns() override;
  // Rollbacks restore a copy taken at begin() / savepoint(): simple and exact, and the
  // histories of unit tests are small.
  void begin() override;
  void commit() override;
  void rollback() override;
  void savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;

  // The last health check written (empty: none).
  const std::string& last_health_check() const { return state_.health_check; }

 private:
  struct StoredSession {
    SessionRecord record;
    std::map<std::int64_t, EventRecord> events;  // by seq
  };
  struct State {
    std::map<std::string, StoredSession, std::less<>> sessions;
    std::string health_check;
  };

  // The session, or a throw: the SQLite repository fails the same writes on its foreign key.
  StoredSession& existing(std::string_view id);
  StoredSession* find(std::string_view id);

  EventKinds kinds_;
  State state_;
  std::optional<State> transaction_start_;
  std::optional<State> savepoint_;
};

}  // namespace tether::server
