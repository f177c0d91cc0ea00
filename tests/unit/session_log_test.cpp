#include "server/hub/session_log.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

using protocol::MessageType;

LoggedEvent event(std::int64_t seq, MessageType type, std::optional<std::string> request = std::nullopt) {
  const bool transient = type == MessageType::chat_stream;
  return LoggedEvent{seq, type, std::move(request), make_encoded("e" + std::to_string(seq)), transient};
}

std::vector<std::string> texts(const std::vector<EncodedText>& frames) {
  std::vector<std::string> result;
  for (const auto& frame : frames) result.push_back(*frame);
  return result;
}

TEST(SessionLog, AssignsConsecutiveSeqsAfterTheStoredHead) {
  SessionLog log(7, {event(6, MessageType::session_update)});
  EXPECT_EQ(log.head_seq(), 7);
  EXPECT_EQ(log.next_seq(), 8);
  EXPECT_EQ(log.next_seq(), 9);
}

TEST(SessionLog, TheHeadIsNeverBelowTheHighestLoadedEvent) {
  SessionLog log(0, {event(4, MessageType::session_update)});
  EXPECT_EQ(log.next_seq(), 5);
}

TEST(SessionLog, ReplaysOnlyDurableEventsAfterLastSeq) {
  SessionLog log(0, {});
  for (int i = 0; i < 5; ++i) log.append(event(log.next_seq(), MessageType::session_update));
  EXPECT_TRUE(log.replay_after(0).empty()) << "nothing is durable yet";
  log.mark_durable(3);
  EXPECT_EQ(texts(log.replay_after(0)), (std::vector<std::string>{"e1", "e2", "e3"}));
  EXPECT_EQ(texts(log.replay_after(2)), (std::vector<std::string>{"e3"}));
  log.mark_durable(5);
  EXPECT_EQ(texts(log.replay_after(3)), (std::vector<std::string>{"e4", "e5"}));
  EXPECT_TRUE(log.replay_after(5).empty());
  EXPECT_TRUE(log.replay_after(100).empty());
  log.mark_durable(2);  // never goes back
  EXPECT_EQ(log.durable_seq(), 5);
}

TEST(SessionLog, CompactionDropsTheTransientEventsOfThatTurnsRangeOnly) {
  SessionLog log(0, {});
  log.append(event(log.next_seq(), MessageType::chat_request, "a"));   // 1
  log.append(event(log.next_seq(), MessageType::chat_stream, "a"));    // 2
  log.append(event(log.next_seq(), MessageType::chat_stream, "a"));    // 3
  log.append(event(log.next_seq(), MessageType::chat_request, "b"));   // 4: queued meanwhile
  log.append(event(log.next_seq(), MessageType::chat_response, "a"));  // 5
  log.append(event(log.next_seq(), MessageType::chat_stream, "b"));    // 6: the next turn
  log.mark_durable(6);
  log.compact(1, 5);
  EXPECT_EQ(texts(log.replay_after(0)), (std::vector<std::string>{"e1", "e4", "e5", "e6"}));
  EXPECT_EQ(texts(log.replay_after(2)), (std::vector<std::string>{"e4", "e5", "e6"})) << "lastSeq inside a gap";
  EXPECT_EQ(log.next_seq(), 7) << "compaction never frees a seq";
}

TEST(SessionLog, ReplayPiecesHoldABoundedNumberOfBytesAndSayWhenTheyReachTheDurableHead) {
  SessionLog log(0, {});
  for (int i = 0; i < 10; ++i) log.append(event(log.next_seq(), MessageType::session_update));  // "e1".."e10"
  log.mark_durable(8);
  auto piece = log.replay_piece(0, 5);  // two frames of 2 bytes fit in 5
  EXPECT_EQ(texts(piece.frames), (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(piece.last_seq, 2);
  EXPECT_FALSE(piece.reaches_durable);
  piece = log.replay_piece(2, 1);  // at least one event, whatever the bound
  EXPECT_EQ(texts(piece.frames), (std::vector<std::string>{"e3"}));
  piece = log.replay_piece(6, 1000);
  EXPECT_EQ(texts(piece.frames), (std::vector<std::string>{"e7", "e8"})) << "never past the durable seq";
  EXPECT_TRUE(piece.reaches_durable);
  piece = log.replay_piece(8, 1000);
  EXPECT_TRUE(piece.frames.empty());
  EXPECT_TRUE(piece.reaches_durable);
}

TEST(SessionLog, PagesBackInTimeAndFindsWhereTheLatestTurnsStart) {
  SessionLog log(0, {});
  for (const auto* request : {"a", "b", "c"}) {
    log.append(event(log.next_seq(), MessageType::chat_request, request));
    log.append(event(log.next_seq(), MessageType::chat_response, request));
  }
  log.append(event(log.next_seq(), MessageType::session_update));  // 7, not durable
  log.mark_durable(6);
  EXPECT_EQ(log.tail_start(1), 4);  // c's chat_request is seq 5
  EXPECT_EQ(log.tail_start(2), 2);
  EXPECT_EQ(log.tail_start(3), 0);
  EXPECT_EQ(log.tail_start(50), 0) << "fewer turns than asked: the whole history";
  auto seqs = [](const std::vector<const LoggedEvent*>& events) {
    std::vector<std::int64_t> result;
    for (const auto* e : events) result.push_back(e->seq);
    return result;
  };
  EXPECT_EQ(seqs(log.events_before(5, 2)), (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(seqs(log.events_before(3, 10)), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(seqs(log.events_before(100, 2)), (std::vector<std::int64_t>{5, 6})) << "never past the durable seq";
  EXPECT_TRUE(log.events_before(1, 10).empty());
  EXPECT_TRUE(log.has_events_before(2));
  EXPECT_FALSE(log.has_events_before(1));
}

TEST(SessionLog, KnowsRequestsAndWhichAreUnfinished) {
  SessionLog log(0, {event(1, MessageType::chat_request, "a"), event(2, MessageType::chat_response, "a"),
                     event(3, MessageType::chat_request, "b"), event(4, MessageType::chat_request, "c")});
  EXPECT_TRUE(log.knows_request("a"));
  EXPECT_TRUE(log.knows_request("c"));
  EXPECT_FALSE(log.knows_request("z"));
  EXPECT_EQ(log.unfinished_requests(), (std::vector<std::string>{"b", "c"}));
  log.append(event(log.next_seq(), MessageType::chat_request, "d"));
  EXPECT_TRUE(log.knows_request("d"));
}

TEST(SessionLog, EventsAfterRespectsTheLimit) {
  SessionLog log(0, {});
  for (int i = 0; i < 10; ++i) log.append(event(log.next_seq(), MessageType::session_update));
  log.mark_durable(10);
  const auto page = log.events_after(2, 3);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page.front()->seq, 3);
  EXPECT_EQ(page.back()->seq, 5);
}

// Frames of 2 bytes ("e1".."e9"): a budget of 6 bytes holds three events.
TEST(SessionLog, HoldsOnlyTheLatestDurableEventsWithinItsBudget) {
  SessionLog log(0, {}, {}, 0, 6);
  for (int i = 0; i < 8; ++i) log.append(event(log.next_seq(), MessageType::session_update));
  EXPECT_EQ(log.released_through(), 0) << "nothing durable, so nothing leaves";
  EXPECT_EQ(log.held_bytes(), 16u);
  log.mark_durable(4);
  EXPECT_EQ(log.released_through(), 4) << "durable events leave, oldest first; the rest wait for the store";
  EXPECT_EQ(log.events().front().seq, 5);
  log.mark_durable(8);
  EXPECT_EQ(log.released_through(), 5);
  EXPECT_EQ(log.held_bytes(), 6u);
  EXPECT_TRUE(log.has_events_before(6)) << "held";
  EXPECT_TRUE(log.has_events_before(2)) << "released: in the store";
  EXPECT_FALSE(log.has_events_before(1));
  EXPECT_EQ(texts(log.replay_piece(5, 100).frames), (std::vector<std::string>{"e6", "e7", "e8"}));
}

TEST(SessionLog, KnowsEveryRequestAndFindsTheTailBeyondWhatItHolds) {
  // Loaded with its latest turn only: the requests of every turn come with it.
  SessionLog log(6, {event(5, MessageType::chat_request, "c"), event(6, MessageType::chat_response, "c")},
                 {{"a", 1}, {"b", 3}, {"c", 5}}, 1, 1000);
  EXPECT_EQ(log.released_through(), 4);
  EXPECT_TRUE(log.knows_request("a")) << "a resend of an old message is still a duplicate";
  EXPECT_EQ(log.request_seq("b"), 3);
  EXPECT_EQ(log.tail_start(2), 2);
  EXPECT_EQ(log.tail_start(3), 0);
  EXPECT_TRUE(log.has_events_before(5));
  EXPECT_TRUE(log.events_before(5, 10).empty()) << "the caller reads those from the store";
  EXPECT_EQ(log.next_seq(), 7);
}

TEST(SessionLog, CompactionGivesBackTheBytesOfWhatItDrops) {
  SessionLog log(0, {});
  log.append(event(log.next_seq(), MessageType::chat_request, "a"));
  log.append(event(log.next_seq(), MessageType::chat_stream, "a"));
  log.append(event(log.next_seq(), MessageType::chat_response, "a"));
  log.mark_durable(3);
  log.compact(1, 3);
  EXPECT_EQ(log.held_bytes(), 4u);
}

}  // namespace
}  // namespace tether::server
