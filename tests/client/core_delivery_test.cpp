// Delivery guarantees of the core: the outbox (queue while disconnected, resend un-acked
// in order after a reconnect, full = loud failure) and incoming dedupe by seq with
// rejoin from the last seq.
#include "core_harness.hpp"

namespace tether::test {
namespace {

std::string chat(ClientCore& core, const std::string& text) {
  return core.send(MessageType::chat_request, protocol::to_json(protocol::ChatRequest{"s1", text, std::nullopt}));
}

std::vector<std::string> texts(const std::vector<protocol::Envelope>& sent, MessageType type) {
  std::vector<std::string> out;
  for (const auto& e : sent) {
    if (e.type != type) continue;
    const auto* message = e.payload.if_contains(protocol::field::message);
    out.push_back(message != nullptr ? std::string(message->as_string()) : e.id);
  }
  return out;
}

TEST(CoreDelivery, SendWhileDisconnectedQueuesAndFlushesInOrder) {
  CoreHarness h;
  chat(h.core(), "one");
  chat(h.core(), "two");
  h.pump();
  EXPECT_EQ(h.core().queued(), 2u);
  const auto g = h.connect_now();
  EXPECT_EQ(texts(h.sent_on(g), MessageType::chat_request), (std::vector<std::string>{"one", "two"}));
}

TEST(CoreDelivery, EnvelopesTakeTheirIdAndTimeFromTheGivenStampsAndNothingElse) {
  CoreHarness h;
  const auto first = chat(h.core(), "one");
  const auto second = chat(h.core(), "two");
  EXPECT_EQ(first, "m1");
  EXPECT_EQ(second, "m2");
  const auto g = h.connect_now();
  for (const auto& envelope : h.sent_on(g)) EXPECT_EQ(envelope.timestamp, "2026-01-01T00:00:00.000Z");
}

TEST(CoreDelivery, UnackedMessagesAreResentInOrderWithTheSameIds) {
  CoreHarness h;
  const auto g1 = h.connect_now();
  const auto a = chat(h.core(), "a");
  const auto b = chat(h.core(), "b");
  const auto c = chat(h.core(), "c");
  h.pump();
  h.ack(g1, b);  // acks may come in any order
  h.drop(g1);
  h.advance(*h.timer(TimerKind::retry));
  const auto g2 = h.last_open();
  h.accept(g2);
  const auto resent = h.sent_on(g2);
  ASSERT_EQ(resent.size(), 2u);
  EXPECT_EQ(resent[0].id, a);
  EXPECT_EQ(resent[1].id, c);
  h.ack(g2, a, true);
  h.ack(g2, c);
  EXPECT_EQ(h.core().queued(), 0u);
}

TEST(CoreDelivery, FullOutboxThrowsInsteadOfDropping) {
  auto config = test_config();
  config.max_queued_messages = 3;
  CoreHarness h(config);
  chat(h.core(), "1");
  chat(h.core(), "2");
  chat(h.core(), "3");
  EXPECT_THROW(chat(h.core(), "4"), OutboxFullError);
  EXPECT_EQ(h.core().queued(), 3u);
  const auto g = h.connect_now();
  const auto sent = h.sent_on(g);
  ASSERT_EQ(sent.size(), 3u);
  h.ack(g, sent[0].id);
  EXPECT_NO_THROW(chat(h.core(), "4"));
  h.pump();
  EXPECT_EQ(texts(h.sent_on(g), MessageType::chat_request), (std::vector<std::string>{"1", "2", "3", "4"}));
}

TEST(CoreDelivery, AnErrorAnswerSettlesTheMessageAndIsDelivered) {
  CoreHarness h;
  const auto g = h.connect_now();
  const auto id = chat(h.core(), "x");
  h.pump();
  auto error = protocol::make_envelope(
      MessageType::error, protocol::to_json(protocol::make_error(protocol::ErrorCode::session_not_found, "no")),
      protocol::stamp_now(), id);
  h.server_send(g, error);
  EXPECT_EQ(h.core().queued(), 0u);
  ASSERT_EQ(h.delivered().size(), 1u);
  EXPECT_EQ(h.delivered()[0].type, MessageType::error);
}

TEST(CoreDelivery, SendRefusesControlTypes) {
  CoreHarness h;
  EXPECT_THROW(h.core().send(MessageType::session_join, {}), std::invalid_argument);
  EXPECT_THROW(h.core().send(MessageType::ping, {}), std::invalid_argument);
  EXPECT_THROW(h.core().send(MessageType::chat_stream, {}), std::invalid_argument);
  EXPECT_EQ(h.core().queued(), 0u);
}

TEST(CoreDelivery, RejoinsWithTheLastSeqAndDropsWhatWasSeen) {
  CoreHarness h;
  h.core().join("s1");
  const auto g1 = h.connect_now();
  auto joins = h.sent_on(g1);
  ASSERT_EQ(joins.size(), 1u);
  EXPECT_EQ(joins[0].type, MessageType::session_join);
  EXPECT_EQ(joins[0].payload.at(protocol::field::last_seq).as_int64(), 0);
  h.server_send(g1, CoreHarness::event("s1", 1, "a"));
  h.server_send(g1, CoreHarness::event("s1", 2, "b"));
  h.drop(g1);
  h.advance(*h.timer(TimerKind::retry));
  const auto g2 = h.last_open();
  h.accept(g2);
  joins = h.sent_on(g2);
  ASSERT_EQ(joins.size(), 1u);
  EXPECT_EQ(joins[0].payload.at(protocol::field::session_id).as_string(), "s1");
  EXPECT_EQ(joins[0].payload.at(protocol::field::last_seq).as_int64(), 2);
  // A server may replay from further back: what was seen is not delivered again.
  h.server_send(g2, CoreHarness::event("s1", 2, "b"));
  h.server_send(g2, CoreHarness::event("s1", 3, "c"));
  h.server_send(g2, CoreHarness::event("s1", 3, "c"));
  std::vector<std::int64_t> seqs;
  for (const auto& e : h.delivered()) seqs.push_back(*e.seq);
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(h.core().last_seq("s1"), 3);
}

TEST(CoreDelivery, AJoinFromTheTailAsksForTheLatestTurnsThenResumesBySeq) {
  CoreHarness h;
  h.core().join("s1", 0, 20);
  const auto g1 = h.connect_now();
  auto joins = h.sent_on(g1);
  ASSERT_EQ(joins.size(), 1u);
  EXPECT_EQ(joins[0].payload.at(protocol::field::tail_turns).as_int64(), 20);
  // Dropped before anything arrived: still nothing seen, still from the tail.
  h.drop(g1);
  h.advance(*h.timer(TimerKind::retry));
  const auto g2 = h.last_open();
  h.accept(g2);
  joins = h.sent_on(g2);
  ASSERT_EQ(joins.size(), 1u);
  EXPECT_EQ(joins[0].payload.at(protocol::field::tail_turns).as_int64(), 20);
  // Once events were seen, a rejoin resumes after them and the tail no longer applies.
  h.server_send(g2, CoreHarness::event("s1", 9041, "the tail"));
  h.drop(g2);
  h.advance(*h.timer(TimerKind::retry));
  const auto g3 = h.last_open();
  h.accept(g3);
  joins = h.sent_on(g3);
  ASSERT_EQ(joins.size(), 1u);
  EXPECT_EQ(joins[0].payload.at(protocol::field::last_seq).as_int64(), 9041);
  EXPECT_FALSE(joins[0].payload.contains(protocol::field::tail_turns));
  // A plain join again forgets the tail.
  h.core().leave("s1");
  h.core().join("s1");
  EXPECT_FALSE(h.sent_on(g3).back().payload.contains(protocol::field::tail_turns));
}

TEST(CoreDelivery, SeveralEnvelopesInOneFrameAreDeliveredInOrder) {
  CoreHarness h;
  h.core().join("s1");
  const auto g = h.connect_now();
  const auto frame = protocol::encode(CoreHarness::event("s1", 1, "x")) + "\n\n" +
                     protocol::encode(CoreHarness::event("s1", 2, "y")) + "\n";
  h.server_frame(g, frame);
  ASSERT_EQ(h.delivered().size(), 2u);
  EXPECT_EQ(*h.delivered()[1].seq, 2);
}

TEST(CoreDelivery, PongsAndConnectionStatusStayInsideTheClient) {
  CoreHarness h;
  const auto g = h.connect_now();
  h.advance(milliseconds(0));
  h.answer_pings(g);
  h.accept(g);
  EXPECT_TRUE(h.delivered().empty());
}

TEST(CoreDelivery, LeaveStopsRejoiningTheSession) {
  CoreHarness h;
  h.core().join("s1");
  h.core().join("s2");
  const auto g1 = h.connect_now();
  h.core().leave("s1");
  h.pump();
  const auto sent = h.sent_on(g1);
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[2].type, MessageType::session_leave);
  h.core().reconnect();
  h.pump();
  const auto g2 = h.last_open();
  h.accept(g2);
  const auto rejoined = h.sent_on(g2);
  ASSERT_EQ(rejoined.size(), 1u);
  EXPECT_EQ(rejoined[0].payload.at(protocol::field::session_id).as_string(), "s2");
}

}  // namespace
}  // namespace tether::test
