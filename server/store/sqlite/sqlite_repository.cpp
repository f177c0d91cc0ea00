// Every SQL statement of Tether.
#include "server/store/sqlite/sqlite_repository.hpp"


#include <algorithm>
#include <limits>
#include <unordered_map>

namespace tether::server {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sessions (
  id            TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  cwd           TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  head_seq      INTEGER NOT NULL DEFAULT 0,
  backend_state TEXT NOT NULL DEFAULT '{}',
  origin         TEXT NOT NULL DEFAULT 'tether',
  history_offset INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  type       TEXT NOT NULL,
  request_id TEXT,
  envelope   TEXT NOT NULL,
  transient  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
-- Version 1 had an index by request id; compaction now deletes a seq range, and keeping
-- that index cost every streamed event an index insert and an index delete.
DROP INDEX IF EXISTS events_by_request;
-- /healthz writes here: proof that a commit reaches the disk.
CREATE TABLE IF NOT EXISTS health_checks (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL);
)sql";

// Version 3: where a session came from, and how far its external history (a Claude Code
// transcript) has been read. Added to a table made by an earlier version.
constexpr std::string_view kAddOriginColumns = R"sql(
ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT 'tether';
ALTER TABLE sessions ADD COLUMN history_offset INTEGER NOT NULL DEFAULT 0;
-- Their prompts went to Claude Code without Tether's uuid: the first read of their
-- transcript only notes where it ends (HistorySource::kBaseline), imports nothing.
UPDATE sessions SET history_offset = -1;
)sql";
// Version 4: which events a finished turn drops is said by the hub when it appends them
// (`transient`); before, it was every chat_stream.
constexpr std::string_view kAddTransientColumn = R"sql(
ALTER TABLE events ADD COLUMN transient INTEGER NOT NULL DEFAULT 0;
UPDATE events SET transient = 1 WHERE type = 'chat_stream';
)sql";
constexpr int kSchemaVersion = 4;

SessionRecord read_session(const sqlite::Statement& row) {
  return SessionRecord{row.text(0),    row.text(1), row.text(2), row.text(3), row.text(4),
                       row.integer(5), row.text(6), row.text(7), row.integer(8)};
}

constexpr std::string_view kSessionColumns =
    "id, title, cwd, created_at, updated_at, head_seq, backend_state, origin, history_offset";

}  // namespace

SqliteRepository::SqliteRepository(const std::filesystem::path& file, EventKinds kinds) : kinds_(std::move(kinds)), db_(file) {
  // WAL: readers never block the writer. synchronous=FULL: every commit is on the disk
  // (fsync of the WAL) before any client sees its events, so that a power loss can never
  // give a seq that a client holds to another event (NORMAL survives kill -9, not power
  // loss). Group commit keeps it to one fsync per batch; its cost is in docs/benchmarks.md.
  db_.execute("PRAGMA journal_mode = WAL");
  db_.execute("PRAGMA synchronous = FULL");
  db_.execute("PRAGMA foreign_keys = ON");
  auto version_query = db_.prepare("PRAGMA user_version");
  const auto version = version_query.step() ? version_query.integer(0) : 0;
  version_query.reset();
  db_.execute(kSchema);
  if (version > 0 && version < 3) db_.execute(kAddOriginColumns);
  if (version > 0 && version < 4) db_.execute(kAddTransientColumn);
  db_.execute("PRAGMA user_version = " + std::to_string(kSchemaVersion));
}

void SqliteRepository::create_session(const SessionRecord& session) {
  db_.prepare("INSERT INTO sessions (" + std::string(kSessionColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, session.id)
      .bind(2, session.title)
      .bind(3, session.cwd)
      .bind(4, session.created_at)
      .bind(5, session.updated_at)
      .bind(6, session.head_seq)
      .bind(7, session.backend_state)
      .bind(8, session.origin)
      .bind(9, session.history_offset)
      .run();
}

std::vector<SessionRecord> SqliteRepository::list_sessions() {
  auto query = db_.prepare("SELECT " + std::string(kSessionColumns) + " FROM sessions ORDER BY updated_at DESC, id");
  std::vector<SessionRecord> sessions;
  while (query.step()) sessions.push_back(read_session(query));
  return sessions;
}

std::optional<LoadedSession> SqliteRepository::load_session(std::string_view id, std::size_t tail_bytes) {
  auto query = db_.prepare("SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  LoadedSession loaded{read_session(query), {}, {}, 0};
  query.reset();

  // Every request, and which turns have no response: one pass that reads no envelope
  // (the columns before it are in the row's first page; long envelopes overflow).
  const auto& request = kinds_.request;
  auto turns = db_.prepare("SELECT seq, type, request_id FROM events WHERE session_id = ? AND type IN (?, ?) ORDER BY seq");
  turns.bind(1, id).bind(2, request).bind(3, kinds_.response);
  std::unordered_map<std::string, std::int64_t> open;
  while (turns.step()) {
    auto request_id = turns.optional_text(2);
    if (!request_id) continue;
    if (turns.text(1) == request) {
      loaded.requests.emplace_back(*request_id, turns.integer(0));
      open.emplace(std::move(*request_id), turns.integer(0));
    } else {
      open.erase(*request_id);
    }
  }
  auto oldest_open = std::numeric_limits<std::int64_t>::max();
  for (const auto& [request_id, seq] : open) oldest_open = std::min(oldest_open, seq);

  auto first = db_.prepare("SELECT MIN(seq) FROM events WHERE session_id = ?");
  first.bind(1, id);
  if (first.step()) loaded.first_seq = first.integer(0);  // NULL (no events) reads as 0

  auto events = db_.prepare(
      "SELECT seq, type, request_id, envelope, transient FROM events WHERE session_id = ? ORDER BY seq DESC");
  events.bind(1, id);
  std::size_t bytes = 0;
  while (events.step()) {
    const auto seq = events.integer(0);
    if (!loaded.events.empty() && bytes >= tail_bytes && seq < oldest_open) break;
    loaded.events.push_back(EventRecord{seq, events.text(1), events.optional_text(2), events.text(3), events.integer(4) != 0});
    bytes += loaded.events.back().envelope.size();
  }
  std::reverse(loaded.events.begin(), loaded.events.end());
  return loaded;
}

namespace {

std::vector<EventRecord> read_events(sqlite::Statement& query) {
  std::vector<EventRecord> events;
  while (query.step()) {
    events.push_back(EventRecord{query.integer(0), query.text(1), query.optional_text(2), query.text(3),
                                 query.integer(4) != 0});
  }
  return events;
}

constexpr std::string_view kEventColumns = "seq, type, request_id, envelope, transient";

}  // namespace

std::vector<EventRecord> SqliteRepository::events_after(std::string_view session_id, std::int64_t after,
                                                  std::int64_t through, std::size_t max_bytes, std::size_t max_count) {
  auto& query = db_.cached("SELECT " + std::string(kEventColumns) +
                           " FROM events WHERE session_id = ? AND seq > ? AND seq <= ? ORDER BY seq");
  query.bind(1, session_id).bind(2, after).bind(3, through);
  std::vector<EventRecord> events;
  std::size_t bytes = 0;
  while (events.size() < max_count && query.step()) {
    auto text = query.text(3);
    if (!events.empty() && bytes + text.size() > max_bytes) break;
    bytes += text.size();
    events.push_back(EventRecord{query.integer(0), query.text(1), query.optional_text(2), std::move(text),
                                 query.integer(4) != 0});
  }
  query.reset();
  return events;
}

std::vector<EventRecord> SqliteRepository::events_before(std::string_view session_id, std::int64_t before,
                                                   std::int64_t through, std::size_t limit) {
  auto& query = db_.cached("SELECT " + std::string(kEventColumns) +
                           " FROM events WHERE session_id = ? AND seq < ? AND seq <= ? ORDER BY seq DESC LIMIT ?");
  query.bind(1, session_id).bind(2, before).bind(3, through).bind(4, static_cast<std::int64_t>(limit));
  auto events = read_events(query);
  std::reverse(events.begin(), events.end());
  return events;
}

bool SqliteRepository::has_events_before(std::string_view session_id, std::int64_t seq) {
  auto& query = db_.cached("SELECT EXISTS (SELECT 1 FROM events WHERE session_id = ? AND seq < ?)");
  query.bind(1, session_id).bind(2, seq);
  const bool exists = query.step() && query.integer(0) != 0;
  query.reset();
  return exists;
}

std::vector<EventRecord> SqliteRepository::message_events(std::string_view session_id, std::int64_t through) {
  std::string types;
  for (std::size_t i = 0; i < kinds_.messages.size(); ++i) types += i == 0 ? "?" : ", ?";
  auto& query = db_.cached("SELECT " + std::string(kEventColumns) +
                           " FROM events WHERE session_id = ? AND seq <= ? AND type IN (" + types + ") ORDER BY seq");
  query.bind(1, session_id).bind(2, through);
  for (std::size_t i = 0; i < kinds_.messages.size(); ++i) query.bind(static_cast<int>(i) + 3, kinds_.messages[i]);
  return read_events(query);
}

bool SqliteRepository::rename_session(std::string_view id, std::string_view title, std::string_view updated_at) {
  db_.prepare("UPDATE sessions SET title = ?, updated_at = ? WHERE id = ?").bind(1, title).bind(2, updated_at).bind(3, id).run();
  return db_.changes() > 0;
}

bool SqliteRepository::delete_session(std::string_view id) {
  db_.prepare("DELETE FROM events WHERE session_id = ?").bind(1, id).run();
  db_.prepare("DELETE FROM sessions WHERE id = ?").bind(1, id).run();
  return db_.changes() > 0;
}

void SqliteRepository::save_history_offset(std::string_view id, std::int64_t offset) {
  db_.prepare("UPDATE sessions SET history_offset = ? WHERE id = ?").bind(1, offset).bind(2, id).run();
}

void SqliteRepository::save_backend_state(std::string_view id, std::string_view state) {
  db_.prepare("UPDATE sessions SET backend_state = ? WHERE id = ?").bind(1, state).bind(2, id).run();
}

void SqliteRepository::append_events(std::string_view session_id, const std::vector<EventRecord>& events,
                               std::string_view updated_at) {
  if (events.empty()) return;
  auto& insert = db_.cached(
      "INSERT INTO events (session_id, seq, type, request_id, envelope, transient) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& event : events) {
    insert.bind(1, session_id)
        .bind(2, event.seq)
        .bind(3, event.type)
        .bind_optional(4, event.request_id)
        .bind(5, event.envelope)
        .bind(6, std::int64_t{event.transient});
    insert.run();
  }
  db_.cached("UPDATE sessions SET head_seq = MAX(head_seq, ?), updated_at = ? WHERE id = ?")
      .bind(1, events.back().seq)
      .bind(2, updated_at)
      .bind(3, session_id)
      .run();
}

void SqliteRepository::compact_turn(std::string_view session_id, std::int64_t first_seq, std::int64_t last_seq) {
  db_.cached("DELETE FROM events WHERE session_id = ? AND seq BETWEEN ? AND ? AND transient = 1")
      .bind(1, session_id)
      .bind(2, first_seq)
      .bind(3, last_seq)
      .run();
}

void SqliteRepository::record_health_check(std::string_view at) {
  db_.cached("INSERT OR REPLACE INTO health_checks (id, checked_at) VALUES (1, ?)").bind(1, at).run();
}

std::vector<std::string> SqliteRepository::sessions_with_unfinished_turns() {
  // One pass over the requests and responses (compaction leaves few other events).
  auto query = db_.prepare(
      "SELECT DISTINCT session_id FROM ("
      " SELECT session_id FROM events WHERE type IN (?1, ?2) GROUP BY session_id, request_id"
      " HAVING SUM(type = ?2) = 0) ORDER BY session_id");
  query.bind(1, kinds_.request).bind(2, kinds_.response);
  std::vector<std::string> ids;
  while (query.step()) ids.push_back(query.text(0));
  return ids;
}

void SqliteRepository::begin() { db_.execute("BEGIN IMMEDIATE"); }
void SqliteRepository::commit() { db_.execute("COMMIT"); }
void SqliteRepository::rollback() { db_.execute("ROLLBACK"); }
void SqliteRepository::savepoint() { db_.execute("SAVEPOINT job"); }
void SqliteRepository::release_savepoint() { db_.execute("RELEASE job"); }
void SqliteRepository::rollback_to_savepoint() { db_.execute("ROLLBACK TO job; RELEASE job"); }

}  // namespace tether::server
