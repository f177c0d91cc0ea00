// The repository's contract, run on both implementations (SQLite on a real file, and
// memory), and what only the SQLite one has: durability across reopening, migrations of
// older files, and group commit on the store thread.
#include "server/store/memory_repository.hpp"
#include "server/store/sqlite/sqlite_repository.hpp"
#include "server/store/store.hpp"
#include "tests/support/server_process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

namespace tether::server {
namespace {

// What the hub names (hub.hpp stored_event_kinds): the store itself knows no event type.
EventKinds kinds() {
  return {"chat_request", "chat_response", {"chat_request", "chat_response", "tool_use", "tool_result"}};
}

SessionRecord session(const std::string& id, std::string updated_at = "t0") {
  return SessionRecord{id, "title", "/tmp", "t0", std::move(updated_at), 0, "{}"};
}
EventRecord event(std::int64_t seq, const std::string& type, std::optional<std::string> request = {}) {
  return EventRecord{seq, type, std::move(request), "{\"seq\":" + std::to_string(seq) + "}"};
}
std::vector<std::int64_t> seqs(const std::vector<EventRecord>& events) {
  std::vector<std::int64_t> result;
  for (const auto& e : events) result.push_back(e.seq);
  return result;
}

class TempDir {
 public:
  std::filesystem::path dir = testing::make_temp_dir("tether-repo");
  std::filesystem::path file = dir / "tether.db";
  ~TempDir() { std::filesystem::remove_all(dir); }
};

struct OnSqlite : TempDir {
  std::unique_ptr<Repository> make() { return std::make_unique<SqliteRepository>(file, kinds()); }
};
struct InMemory {
  std::unique_ptr<Repository> make() { return std::make_unique<MemoryRepository>(kinds()); }
};

template <class Implementation>
class RepositoryContract : public ::testing::Test {
 protected:
  Implementation implementation;
  std::unique_ptr<Repository> owned = implementation.make();
  Repository& repository = *owned;
};
using Implementations = ::testing::Types<OnSqlite, InMemory>;
class ImplementationNames {
 public:
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, OnSqlite> ? "Sqlite" : "Memory";
  }
};
TYPED_TEST_SUITE(RepositoryContract, Implementations, ImplementationNames);

TYPED_TEST(RepositoryContract, StoresSessionsAndEvents) {
  auto& repository = this->repository;
  repository.create_session(session("a"));
  repository.append_events("a", {event(1, "chat_request", "r1"), event(2, "chat_stream", "r1")}, "t1");
  auto loaded = repository.load_session("a");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->session.head_seq, 2);
  EXPECT_EQ(loaded->session.updated_at, "t1");
  ASSERT_EQ(loaded->events.size(), 2u);
  EXPECT_EQ(loaded->events[1].request_id, "r1");
  EXPECT_EQ(loaded->events[1].envelope, "{\"seq\":2}");
  EXPECT_FALSE(repository.load_session("nope"));
}

TYPED_TEST(RepositoryContract, RefusesATakenIdATakenSeqAndEventsOfNoSession) {
  auto& repository = this->repository;
  repository.create_session(session("a"));
  EXPECT_THROW(repository.create_session(session("a")), std::exception);
  repository.append_events("a", {event(1, "chat_request", "r")}, "t1");
  EXPECT_THROW(repository.append_events("a", {event(2, "chat_stream", "r"), event(1, "chat_stream", "r")}, "t2"),
               std::exception);
  EXPECT_THROW(repository.append_events("ghost", {event(1, "chat_request", "r")}, "t2"), std::exception);
}

TYPED_TEST(RepositoryContract, ListsTheMostRecentlyUpdatedFirstAndUpdatesInPlace) {
  auto& repository = this->repository;
  repository.create_session(session("b", "t1"));
  repository.create_session(session("a", "t1"));
  repository.create_session(session("c", "t0"));
  repository.append_events("c", {event(1, "chat_request", "r")}, "t2");
  std::vector<std::string> ids;
  for (const auto& record : repository.list_sessions()) ids.push_back(record.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"c", "a", "b"})) << "by updated_at, then by id";

  EXPECT_TRUE(repository.rename_session("a", "renamed", "t3"));
  EXPECT_FALSE(repository.rename_session("ghost", "x", "t3"));
  repository.save_backend_state("a", R"({"model":"m"})");
  repository.save_history_offset("a", 42);
  const auto loaded = repository.load_session("a");
  EXPECT_EQ(loaded->session.title, "renamed");
  EXPECT_EQ(loaded->session.updated_at, "t3");
  EXPECT_EQ(loaded->session.backend_state, R"({"model":"m"})");
  EXPECT_EQ(loaded->session.history_offset, 42);
}

TYPED_TEST(RepositoryContract, CompactionKeepsTheHeadSeq) {
  auto& repository = this->repository;
  repository.create_session(session("a"));
  auto delta = [](std::int64_t seq) {
    auto record = event(seq, "chat_stream", "r");
    record.transient = true;
    return record;
  };
  repository.append_events("a", {event(1, "chat_request", "r"), delta(2), delta(3), event(4, "chat_response", "r")}, "t");
  repository.compact_turn("a", 1, 4);
  auto loaded = repository.load_session("a");
  ASSERT_EQ(loaded->events.size(), 2u);
  EXPECT_EQ(loaded->events[1].seq, 4);
  EXPECT_EQ(loaded->session.head_seq, 4);
}

TYPED_TEST(RepositoryContract, CompactionDropsOnlyTheTransientEventsInItsRange) {
  auto& repository = this->repository;
  repository.create_session(session("a"));
  repository.create_session(session("b"));
  auto transient = [](EventRecord record) {
    record.transient = true;
    return record;
  };
  repository.append_events("a", {event(1, "chat_request", "r1"), transient(event(2, "chat_stream", "r1")),
                                 transient(event(3, "session_update")), event(4, "thinking", "r1"),
                                 event(5, "chat_response", "r1"), event(6, "chat_request", "r2"),
                                 transient(event(7, "chat_stream", "r2"))},
                           "t");
  repository.append_events("b", {event(1, "chat_request", "r1"), transient(event(2, "chat_stream", "r1"))}, "t");
  repository.compact_turn("a", 1, 5);
  const auto loaded = repository.load_session("a");
  std::vector<std::int64_t> kept;
  for (const auto& event : loaded->events) kept.push_back(event.seq);
  // seq 7 is transient but lies outside the range, which bounds the delete.
  EXPECT_EQ(kept, (std::vector<std::int64_t>{1, 4, 5, 6, 7}));
  EXPECT_TRUE(loaded->events.back().transient) << "the flag survives a load";
  EXPECT_EQ(repository.load_session("b")->events.size(), 2u) << "another session's events stay";
}

class SqliteRepositoryTest : public ::testing::Test, protected TempDir {};

TEST_F(SqliteRepositoryTest, KeepsEverythingAcrossReopening) {
  {
    SqliteRepository repository(file, kinds());
    repository.create_session(session("a"));
    repository.append_events("a", {event(1, "chat_request", "r1"), event(2, "chat_stream", "r1")}, "t1");
  }
  SqliteRepository reopened(file, kinds());
  auto loaded = reopened.load_session("a");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->session.head_seq, 2);
  EXPECT_EQ(seqs(loaded->events), (std::vector<std::int64_t>{1, 2}));
}

TEST_F(SqliteRepositoryTest, AVersion1DatabaseIsMigratedToTheCurrentSchema) {
  {
    sqlite::Connection db(file);
    db.execute(
        "CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, cwd TEXT NOT NULL, created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL, head_seq INTEGER NOT NULL DEFAULT 0, backend_state TEXT NOT NULL DEFAULT '{}');"
        "CREATE TABLE events (session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
        " seq INTEGER NOT NULL, type TEXT NOT NULL, request_id TEXT, envelope TEXT NOT NULL,"
        " PRIMARY KEY (session_id, seq)) WITHOUT ROWID;"
        "CREATE INDEX events_by_request ON events(session_id, request_id, type);"
        "INSERT INTO sessions (id, title, cwd, created_at, updated_at) VALUES ('a', 't', '/', 't0', 't0');"
        "INSERT INTO events VALUES ('a', 1, 'chat_request', 'r', '{}');"
        "INSERT INTO events VALUES ('a', 2, 'chat_stream', 'r', '{}');"
        "PRAGMA user_version = 1;");
  }
  SqliteRepository repository(file, kinds());
  const auto loaded = repository.load_session("a");
  ASSERT_EQ(loaded->events.size(), 2u);
  EXPECT_FALSE(loaded->events[0].transient);
  EXPECT_TRUE(loaded->events[1].transient) << "a chat_stream of an older version is compacted like today's";
  EXPECT_EQ(loaded->session.origin, "tether");
  // Its prompts went to Claude Code without Tether's uuids: its transcript starts from a baseline.
  EXPECT_EQ(loaded->session.history_offset, -1);
  repository.create_session(session("new"));
  EXPECT_EQ(repository.load_session("new")->session.history_offset, 0);
  sqlite::Connection db(file);
  auto indexes = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_by_request'");
  ASSERT_TRUE(indexes.step());
  EXPECT_EQ(indexes.integer(0), 0);
}

TYPED_TEST(RepositoryContract, FindsSessionsWithUnfinishedTurns) {
  auto& repository = this->repository;
  repository.create_session(session("done"));
  repository.create_session(session("cut"));
  repository.append_events("done", {event(1, "chat_request", "r"), event(2, "chat_response", "r")}, "t");
  repository.append_events("cut", {event(1, "chat_request", "r"), event(2, "chat_stream", "r")}, "t");
  repository.create_session(session("later-cut"));
  repository.append_events("later-cut", {event(1, "chat_request", "r1"), event(2, "chat_response", "r1"),
                                         event(3, "chat_request", "r2")},
                           "t");
  EXPECT_EQ(repository.sessions_with_unfinished_turns(), (std::vector<std::string>{"cut", "later-cut"}));
}

TYPED_TEST(RepositoryContract, DeleteRemovesEventsToo) {
  auto& repository = this->repository;
  repository.create_session(session("a"));
  repository.append_events("a", {event(1, "chat_request", "r")}, "t");
  EXPECT_TRUE(repository.delete_session("a"));
  EXPECT_FALSE(repository.delete_session("a"));
  repository.create_session(session("a"));
  EXPECT_TRUE(repository.load_session("a")->events.empty());
}

TYPED_TEST(RepositoryContract, OnTheStoreThreadADuplicateSeqFailsOnlyItsOwnJobInABatch) {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  {
    Store store(this->implementation.make());
    auto create = [](Repository& r) { r.create_session(session("a")); };
    store.async_run(create, boost::asio::use_future).get();
    auto first = [](Repository& r) { r.append_events("a", {event(1, "chat_request", "r")}, "t"); };
    auto clash = [](Repository& r) { r.append_events("a", {event(1, "chat_stream", "r")}, "t"); };
    auto second = [](Repository& r) { r.append_events("a", {event(2, "chat_stream", "r")}, "t"); };
    auto f1 = store.async_run(first, boost::asio::use_future);
    auto f2 = store.async_run(clash, boost::asio::use_future);
    auto f3 = store.async_run(second, boost::asio::use_future);
    EXPECT_NO_THROW(f1.get());
    EXPECT_THROW(f2.get(), std::exception);
    EXPECT_NO_THROW(f3.get());
    auto load = [](Repository& r) { return r.load_session("a"); };
    auto loaded = store.async_run(load, boost::asio::use_future).get();
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->events.size(), 2u);
    EXPECT_EQ(loaded->events[0].type, "chat_request");
    EXPECT_EQ(loaded->events[1].seq, 2);
  }
  guard.reset();
  runner.join();
}

TYPED_TEST(RepositoryContract, LoadsTheLatestEventsWithEveryRequestAndEveryUnfinishedTurnWhole) {
  auto& repository = this->repository;
  repository.create_session(session("a"));
  std::vector<EventRecord> events;
  events.push_back(event(1, "chat_request", "r1"));
  events.push_back(event(2, "chat_stream", "r1"));  // r1 never ended: a stop cut it off
  for (std::int64_t turn = 0; turn < 10; ++turn) {
    const auto id = "t" + std::to_string(turn);
    events.push_back(event(3 + 2 * turn, "chat_request", id));
    events.push_back(event(4 + 2 * turn, "chat_response", id));
  }
  repository.append_events("a", events, "t");
  const auto envelope_bytes = events.back().envelope.size();

  auto loaded = repository.load_session("a", 3 * envelope_bytes);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->first_seq, 1);
  EXPECT_EQ(loaded->requests.size(), 11u);
  EXPECT_EQ(loaded->requests.front(), (std::pair<std::string, std::int64_t>{"r1", 1}));
  EXPECT_EQ(loaded->events.size(), 22u) << "the unfinished turn from seq 1 is held whole";

  repository.append_events("a", {event(23, "chat_response", "r1")}, "t");
  loaded = repository.load_session("a", 3 * envelope_bytes);
  ASSERT_EQ(loaded->events.size(), 3u);
  EXPECT_EQ(loaded->events.front().seq, 21);
  EXPECT_EQ(loaded->events.back().seq, 23);
  EXPECT_EQ(repository.load_session("a", 0)->events.size(), 1u) << "at least the last event";
}

TYPED_TEST(RepositoryContract, ReadsStoredHistoryByPageAndNeverPastTheGivenSeq) {
  auto& repository = this->repository;
  repository.create_session(session("a"));
  repository.append_events("a", {event(1, "chat_request", "r"), event(2, "tool_use", "r"), event(3, "chat_stream", "r"),
                                 event(4, "chat_response", "r"), event(5, "session_update")},
                           "t");
  EXPECT_EQ(seqs(repository.events_after("a", 1, 4, SIZE_MAX, 100)), (std::vector<std::int64_t>{2, 3, 4}));
  EXPECT_EQ(seqs(repository.events_after("a", 0, 5, SIZE_MAX, 2)), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(seqs(repository.events_after("a", 0, 5, 1, 100)), (std::vector<std::int64_t>{1})) << "at least one";
  EXPECT_EQ(seqs(repository.events_before("a", 5, 3, 10)), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(seqs(repository.events_before("a", 5, 5, 2)), (std::vector<std::int64_t>{3, 4}));
  EXPECT_TRUE(repository.has_events_before("a", 2));
  EXPECT_FALSE(repository.has_events_before("a", 1));
  EXPECT_EQ(seqs(repository.message_events("a", 5)), (std::vector<std::int64_t>{1, 2, 4}));
  EXPECT_EQ(seqs(repository.message_events("a", 3)), (std::vector<std::int64_t>{1, 2}));
}

}  // namespace
}  // namespace tether::server
