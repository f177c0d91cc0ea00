// The repository the server runs: one SQLite file in WAL mode, every commit on the disk
// before a client hears of it.
#pragma once

#include "server/store/repository.hpp"
#include "server/store/sqlite/sqlite.hpp"

#include <filesystem>

namespace tether::server {

class SqliteRepository final : public Repository {
 public:
  // Opens (creating if needed) the database and migrates its schema.
  SqliteRepository(const std::filesystem::path& file, EventKinds kinds);

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
  void begin() override;
  void commit() override;
  void rollback() override;
  void savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;

 private:
  EventKinds kinds_;
  sqlite::Connection db_;
};

}  // namespace tether::server
