// Reply reconstruction under the compaction rule: live deltas, a response after part of
// the deltas, a response alone (replay after compaction), and a differing response.
#include "tether/client/reply_assembler.hpp"
#include "tether/protocol.hpp"

#include <gtest/gtest.h>

namespace tether {
namespace {
using protocol::MessageType;

protocol::Envelope delta(const std::string& request, const std::string& text) {
  return protocol::make_envelope(MessageType::chat_stream,
                                 protocol::to_json(protocol::ChatStream{"s1", request, text, false}), protocol::stamp_now());
}
protocol::Envelope response(const std::string& request, const std::string& text,
                            protocol::StopReason reason = protocol::StopReason::end_turn) {
  return protocol::make_envelope(MessageType::chat_response,
                                 protocol::to_json(protocol::ChatResponse{"s1", request, text, reason, {}}),
                                 protocol::stamp_now());
}

TEST(ReplyAssembler, LiveDeltasThenResponseAppendNothingTwice) {
  ReplyAssembler replies;
  EXPECT_EQ(replies.apply(delta("r", "hello "))->appended, "hello ");
  EXPECT_EQ(replies.apply(delta("r", "world"))->appended, "world");
  const auto done = replies.apply(response("r", "hello world"));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->appended, "");
  EXPECT_FALSE(done->replaced);
  EXPECT_TRUE(done->complete);
  EXPECT_EQ(replies.find("r")->text, "hello world");
}

TEST(ReplyAssembler, ResponseAfterAPartialStreamCompletesTheText) {
  ReplyAssembler replies;
  replies.apply(delta("r", "one "));
  const auto done = replies.apply(response("r", "one two three"));
  EXPECT_EQ(done->appended, "two three");
  EXPECT_EQ(replies.find("r")->text, "one two three");
}

TEST(ReplyAssembler, ResponseAloneGivesTheWholeText) {
  ReplyAssembler replies;
  const auto done = replies.apply(response("r", "all of it", protocol::StopReason::interrupted));
  EXPECT_EQ(done->appended, "all of it");
  EXPECT_EQ(done->stop_reason, protocol::StopReason::interrupted);
}

TEST(ReplyAssembler, AResponseThatDiffersReplacesTheText) {
  ReplyAssembler replies;
  replies.apply(delta("r", "draft"));
  const auto done = replies.apply(response("r", "final"));
  EXPECT_TRUE(done->replaced);
  EXPECT_EQ(replies.find("r")->text, "final");
  EXPECT_FALSE(replies.apply(delta("r", "late"))) << "nothing changes a completed reply";
  EXPECT_EQ(replies.find("r")->text, "final");
}

TEST(ReplyAssembler, AfterASeqGapDeltasWaitForTheResponse) {
  ReplyAssembler replies;
  auto first = delta("r", "one ");
  first.seq = 10;
  auto second = delta("r", "two ");
  second.seq = 11;
  auto after_gap = delta("r", "nine ");  // 12..40 were compacted while the client was away
  after_gap.seq = 41;
  replies.apply(first);
  replies.apply(second);
  EXPECT_FALSE(replies.apply(after_gap)) << "a delta after a gap does not fit the text";
  EXPECT_EQ(replies.find("r")->text, "one two ");
  auto done = response("r", "one two three … nine ");
  done.seq = 43;
  const auto update = replies.apply(done);
  EXPECT_EQ(update->appended, "three … nine ");
  EXPECT_EQ(replies.find("r")->text, "one two three … nine ");
}

TEST(ReplyAssembler, RepliesAreKeptApartAndOtherTypesIgnored) {
  ReplyAssembler replies;
  replies.apply(delta("a", "x"));
  replies.apply(delta("b", "y"));
  EXPECT_FALSE(replies.apply(protocol::make_envelope(MessageType::ack, {}, protocol::stamp_now())));
  EXPECT_EQ(replies.find("a")->text, "x");
  EXPECT_EQ(replies.find("b")->text, "y");
  EXPECT_EQ(replies.find("c"), nullptr);
}
}  // namespace
}  // namespace tether
