// Sessions at any length, against the real binary: a history far larger than a
// connection's write-queue bound (--max-queued-bytes) is joined at 0 by clients that read
// normally — one alone, one while a reply streams, twenty at once — and each gets every
// event exactly once, in seq order, on a connection that is never closed. A new tab joins
// from the tail and pages back over REST to the first event. The server holds only the
// latest 2 MiB of a session (--held-history-bytes): all of this reads the rest from disk,
// and after a restart the whole history is still served and every old message known.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <iostream>
#include <thread>

namespace tether::testing {
namespace {

using protocol::MessageType;
using namespace std::chrono_literals;

// A reply of one "word" (no spaces): one delta, so a big turn costs the server little.
std::string big_word(std::size_t bytes, char fill) { return std::string(bytes, fill); }

class LongHistory : public ::testing::Test {
 protected:
  // The write-queue bound is 4 MiB; the history below is ~24 MB.
  ServerProcess server{
      ServerOptions{{"--echo-delay-ms", "1", "--max-message-bytes", "1048576", "--max-queued-bytes", "4194304"}}};
  const WsOptions auth{server.token(), std::nullopt, {}};
  std::string session = create_session(server.port(), server.token());
  void TearDown() override {
    if (HasFailure()) std::cerr << "server log:\n" << server.log().substr(server.log().size() > 4000 ? server.log().size() - 4000 : 0);
  }
  static constexpr int kTurns = 120;
  static constexpr std::size_t kTurnBytes = 100 * 1024;  // request + reply: ~200 KB a turn

  // The request ids of its turns, oldest first.
  std::vector<std::string> build_history() {
    WsTestClient writer(server.port(), auth);
    std::vector<std::string> request_ids;
    std::string last;
    for (int turn = 0; turn < kTurns; ++turn) {
      last = writer.send(MessageType::chat_request,
                         protocol::to_json(protocol::ChatRequest{session, big_word(kTurnBytes, char('a' + turn % 26)),
                                                                 std::nullopt}));
      EXPECT_EQ(writer.read_reply(last).type, MessageType::ack);
      request_ids.push_back(last);
    }
    // The last reply is complete once a joined tab sees it (in the replay, or live).
    WsTestClient check(server.port(), auth);
    const auto replayed = join(check, session);
    if (std::none_of(replayed.begin(), replayed.end(), [&](const auto& e) { return is_response_to(e, last); }))
      check.read_until([&](const protocol::Envelope& e) { return is_response_to(e, last); }, 60s);
    return request_ids;
  }

  // Joins at `last_seq` and reads until the join's answer; checks seq order and no twice.
  std::vector<protocol::Envelope> join_and_check(WsTestClient& client) {
    auto events = join(client, session);
    std::int64_t previous = 0;
    for (const auto& event : events) {
      EXPECT_GT(*event.seq, previous) << "out of order or twice";
      previous = *event.seq;
    }
    return events;
  }

  static std::size_t replies(const std::vector<protocol::Envelope>& events) {
    std::size_t count = 0;
    for (const auto& event : events) count += event.type == MessageType::chat_response;
    return count;
  }
};

TEST_F(LongHistory, JoinedAtZeroByAClientThatReadsNormallyArrivesWholeOnAnOpenConnection) {
  build_history();
  WsTestClient tab(server.port(), auth);
  const auto events = join_and_check(tab);
  EXPECT_EQ(replies(events), static_cast<std::size_t>(kTurns));
  std::size_t bytes = 0;
  for (const auto& event : events) bytes += protocol::encode(event).size();
  EXPECT_GT(bytes, 4u * 4194304u) << "the history must be several times the queue bound";
  // Still open and live.
  const auto ping = tab.send(MessageType::ping, {});
  EXPECT_EQ(tab.read_reply(ping).type, MessageType::pong);
  EXPECT_EQ(tab.close_code(), 0);
}

TEST_F(LongHistory, JoinedFarBehindWhileAReplyStreamsGetsEveryEventOnceInOrder) {
  build_history();
  WsTestClient writer(server.port(), auth);
  const std::string reply = words(2000);
  const auto streaming =
      writer.send(MessageType::chat_request, protocol::to_json(protocol::ChatRequest{session, reply, std::nullopt}));
  writer.read_reply(streaming);
  WsTestClient late(server.port(), auth);
  Transcript seen;
  std::int64_t previous = 0;
  const auto join_id = late.send(MessageType::session_join, protocol::to_json(protocol::SessionJoin{session, 0}));
  late.read_until(
      [&](const protocol::Envelope& e) {
        if (e.seq) {
          EXPECT_GT(*e.seq, previous) << "out of order or twice";
          previous = *e.seq;
          seen.apply(e);
        }
        return is_response_to(e, streaming);
      },
      120s);
  EXPECT_EQ(seen.replies[streaming], reply);
  EXPECT_EQ(seen.stop_reasons[streaming], "end_turn");
  EXPECT_EQ(late.close_code(), 0);
  (void)join_id;
}

TEST_F(LongHistory, TwentyClientsJoinAtOnceAndEachGetsEverything) {
  build_history();
  std::vector<std::thread> tabs;
  std::vector<std::size_t> counts(20, 0);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    tabs.emplace_back([&, i] {
      WsTestClient tab(server.port(), auth);
      counts[i] = replies(join_and_check(tab));
    });
  }
  for (auto& tab : tabs) tab.join();
  for (std::size_t i = 0; i < counts.size(); ++i) EXPECT_EQ(counts[i], static_cast<std::size_t>(kTurns)) << "tab " << i;
}

TEST_F(LongHistory, ANewTabJoinsFromTheTailAndPagesBackToTheFirstEvent) {
  const auto request_ids = build_history();
  WsTestClient tab(server.port(), auth);
  const auto join_id = tab.send(MessageType::session_join, protocol::to_json(protocol::SessionJoin{session, 0, 5}));
  std::vector<protocol::Envelope> tail;
  protocol::Envelope answer;
  for (;;) {
    auto e = tab.read(10s);
    if (e.reply_to == join_id) {
      answer = std::move(e);
      break;
    }
    if (e.seq) tail.push_back(std::move(e));
  }
  ASSERT_FALSE(tail.empty());
  EXPECT_EQ(tail.front().type, MessageType::chat_request);
  // The tail starts at the fifth turn from the end and holds the last five turns whole.
  // (It may also hold the reply of an earlier turn: the writer sends without waiting for
  // replies, so a loaded machine appends later messages before earlier replies.)
  std::vector<std::string> requested;
  for (const auto& e : tail) {
    if (e.type == MessageType::chat_request) requested.push_back(std::string(e.payload.at(protocol::field::request_id).as_string()));
  }
  EXPECT_EQ(requested, std::vector<std::string>(request_ids.end() - 5, request_ids.end()));
  for (auto id = request_ids.end() - 5; id != request_ids.end(); ++id) {
    EXPECT_TRUE(std::any_of(tail.begin(), tail.end(), [&](const auto& e) { return is_response_to(e, *id); }))
        << "no reply to " << *id << " in the tail";
  }
  const auto update = protocol::session_update_from_json(answer.payload);
  ASSERT_TRUE(update);
  EXPECT_EQ(update->history_start, *tail.front().seq);
  EXPECT_EQ(update->has_older, true);

  // Back in time, page by page, to the first event: every seq once, none after the tail's start.
  std::vector<std::int64_t> seqs;
  std::int64_t before = *tail.front().seq;
  for (bool older = true; older;) {
    auto page = http_request(server.port(), "GET",
                             "/api/sessions/" + session + "/events?before=" + std::to_string(before) + "&limit=37", "",
                             {{"Authorization", "Bearer " + server.token()}});
    ASSERT_EQ(page.status, 200u) << page.body;
    const auto body = protocol::parse_object(page.body).value();
    const auto& events = body.at("events").as_array();
    ASSERT_FALSE(events.empty());
    std::vector<std::int64_t> page_seqs;
    for (const auto& event : events) page_seqs.push_back(event.at("seq").as_int64());
    EXPECT_TRUE(std::is_sorted(page_seqs.begin(), page_seqs.end()));
    EXPECT_LT(page_seqs.back(), before);
    seqs.insert(seqs.begin(), page_seqs.begin(), page_seqs.end());
    before = page_seqs.front();
    older = body.at("hasOlder").as_bool();
  }
  for (const auto& event : tail) seqs.push_back(*event.seq);
  WsTestClient whole(server.port(), auth);
  std::vector<std::int64_t> all;
  for (const auto& event : join(whole, session)) all.push_back(*event.seq);
  EXPECT_EQ(seqs, all);

  // A join that names nothing older says so.
  WsTestClient full(server.port(), auth);
  const auto again = full.send(MessageType::session_join, protocol::to_json(protocol::SessionJoin{session, 0}));
  const auto whole_answer = full.read_until([&](const protocol::Envelope& e) { return e.reply_to == again; }, 30s);
  const auto whole_update = protocol::session_update_from_json(whole_answer.payload).value();
  EXPECT_EQ(whole_update.history_start, 1);
  EXPECT_EQ(whole_update.has_older, false);
}

TEST_F(LongHistory, AfterARestartTheWholeHistoryIsServedFromDiskAndEveryOldMessageIsKnown) {
  const auto request_ids = build_history();
  WsTestClient before_restart(server.port(), auth);
  std::vector<std::int64_t> all;
  for (const auto& event : join(before_restart, session)) all.push_back(*event.seq);
  server.restart();
  const std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + server.token()}};

  // REST: every message, the oldest first.
  const auto details = http_request(server.port(), "GET", "/api/sessions/" + session, "", bearer);
  ASSERT_EQ(details.status, 200u);
  const auto body = boost::json::parse(details.body);  // ~24 MB: past the protocol's message limit
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u * kTurns);
  EXPECT_EQ(messages.front().at("requestId").as_string(), request_ids.front());
  EXPECT_EQ(messages.front().at("content").as_string(), big_word(kTurnBytes, 'a'));
  EXPECT_EQ(messages.back().at("requestId").as_string(), request_ids.back());

  // Forward pages over REST: the same seqs as a join before the restart.
  std::vector<std::int64_t> paged;
  for (std::int64_t after = 0;;) {
    auto page = http_request(server.port(), "GET",
                             "/api/sessions/" + session + "/events?after=" + std::to_string(after) + "&limit=50", "",
                             bearer);
    ASSERT_EQ(page.status, 200u) << page.body;
    const auto events = boost::json::parse(page.body).at("events").as_array();
    if (events.empty()) break;
    for (const auto& event : events) paged.push_back(event.at("seq").as_int64());
    after = paged.back();
  }
  EXPECT_EQ(paged, all);

  // The first message, sent again with its id, is a duplicate, not a new turn.
  WsTestClient writer(server.port(), auth);
  writer.send(MessageType::chat_request,
              protocol::to_json(protocol::ChatRequest{session, big_word(kTurnBytes, 'a'), std::nullopt}),
              request_ids.front());
  const auto ack = writer.read_reply(request_ids.front());
  ASSERT_EQ(ack.type, MessageType::ack);
  EXPECT_TRUE(protocol::ack_from_json(ack.payload)->duplicate);
  WsTestClient after_restart(server.port(), auth);
  const auto joined = join(after_restart, session);
  EXPECT_EQ(replies(joined), static_cast<std::size_t>(kTurns));
}

}  // namespace
}  // namespace tether::testing
