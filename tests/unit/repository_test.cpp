// The store on a real SQLite file: schema, appends, compaction, recovery queries,
// group commit and durability across reopening.
#include "server/store/store.hpp"
#include "tests/support/server_process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

namespace tether::server {
namespace {

class RepositoryTest : public ::testing::Test {
 protected:
  std::filesystem::path dir = testing::make_temp_dir("tether-repo");
  std::filesystem::path file = dir / "tether.db";
  void TearDown() override { std::filesystem::remove_all(dir); }

  static SessionRecord session(const std::string& id) { return SessionRecord{id, "title", "/tmp", "t0", "t0", 0, "{}"}; }
  static EventRecord event(std::int64_t seq, const std::string& type, std::optional<std::string> request = {}) {
    return EventRecord{seq, type, std::move(request), "{\"seq\":" + std::to_string(seq) + "}"};
  }
};

TEST_F(RepositoryTest, StoresSessionsAndEventsAcrossReopening) {
  {
    Repository repository(file);
    repository.create_session(session("a"));
    repository.append_events("a", {event(1, "chat_request", "r1"), event(2, "chat_stream", "r1")}, "t1");
  }
  Repository reopened(file);
  auto loaded = reopened.load_session("a");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->session.head_seq, 2);
  EXPECT_EQ(loaded->session.updated_at, "t1");
  ASSERT_EQ(loaded->events.size(), 2u);
  EXPECT_EQ(loaded->events[1].request_id, "r1");
  EXPECT_FALSE(reopened.load_session("nope"));
}

TEST_F(RepositoryTest, CompactionKeepsTheHeadSeq) {
  Repository repository(file);
  repository.create_session(session("a"));
  repository.append_events("a", {event(1, "chat_request", "r"), event(2, "chat_stream", "r"),
                                 event(3, "chat_stream", "r"), event(4, "chat_response", "r")}, "t");
  repository.compact_turn("a", "r");
  auto loaded = repository.load_session("a");
  ASSERT_EQ(loaded->events.size(), 2u);
  EXPECT_EQ(loaded->events[1].seq, 4);
  EXPECT_EQ(loaded->session.head_seq, 4);
}

TEST_F(RepositoryTest, FindsSessionsWithUnfinishedTurns) {
  Repository repository(file);
  repository.create_session(session("done"));
  repository.create_session(session("cut"));
  repository.append_events("done", {event(1, "chat_request", "r"), event(2, "chat_response", "r")}, "t");
  repository.append_events("cut", {event(1, "chat_request", "r"), event(2, "chat_stream", "r")}, "t");
  EXPECT_EQ(repository.sessions_with_unfinished_turns(), (std::vector<std::string>{"cut"}));
}

TEST_F(RepositoryTest, DeleteRemovesEventsToo) {
  Repository repository(file);
  repository.create_session(session("a"));
  repository.append_events("a", {event(1, "chat_request", "r")}, "t");
  EXPECT_TRUE(repository.delete_session("a"));
  EXPECT_FALSE(repository.delete_session("a"));
  repository.create_session(session("a"));
  EXPECT_TRUE(repository.load_session("a")->events.empty());
}

TEST_F(RepositoryTest, DuplicateSeqFailsOnlyItsOwnJobInABatch) {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  {
    Store store(file);
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

}  // namespace
}  // namespace tether::server
