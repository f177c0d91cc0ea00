// What a session writes on its own, decided from its log: recovery after a stop, the
// import of an external history, and the REST view of a conversation.
#include "server/hub/conversation_view.hpp"
#include "server/hub/prompt_uuid.hpp"
#include "server/hub/session_events.hpp"
#include "tether/protocol.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

namespace json = boost::json;
using protocol::MessageType;
namespace field = protocol::field;

class LogBuilder {
 public:
  LogBuilder& add(MessageType type, json::object payload, std::optional<std::string> request_id = {}) {
    ++seq_;
    auto envelope = protocol::make_envelope(type, std::move(payload),
                                            protocol::Stamp{"e" + std::to_string(seq_), "2026-01-01T00:00:00.000Z"});
    envelope.seq = seq_;
    events_.push_back(LoggedEvent{seq_, type, std::move(request_id), make_encoded(protocol::encode(envelope)), false});
    return *this;
  }
  LogBuilder& request(const std::string& id) {
    return add(MessageType::chat_request, protocol::to_json(protocol::ChatRequestRecord{"s", id, "hi", {}, {}}), id);
  }
  LogBuilder& delta(const std::string& id, const std::string& text) {
    return add(MessageType::chat_stream, protocol::to_json(protocol::ChatStream{"s", id, text, false}), id);
  }
  LogBuilder& response(const std::string& id) {
    return add(MessageType::chat_response,
               protocol::to_json(protocol::ChatResponse{"s", id, "done", protocol::StopReason::end_turn, {}}), id);
  }
  LogBuilder& prompt(const std::string& request_id, const std::string& permission_id) {
    return add(MessageType::permission_request,
               json::object{{field::session_id, "s"}, {field::request_id, request_id},
                            {field::permission_id, permission_id}, {field::tool_use_id, "tu-" + permission_id},
                            {field::tool_name, "Bash"}, {field::input, json::object{}}},
               request_id);
  }
  LogBuilder& resolved(const std::string& request_id, const std::string& permission_id) {
    return add(MessageType::permission_resolved,
               json::object{{field::session_id, "s"}, {field::request_id, request_id},
                            {field::permission_id, permission_id}, {field::behavior, "allow"}},
               request_id);
  }
  SessionLog build() { return SessionLog(seq_, std::move(events_)); }

 private:
  std::int64_t seq_ = 0;
  std::vector<LoggedEvent> events_;
};

TEST(Recovery, ANormalHistoryNeedsNothing) {
  auto log = LogBuilder().request("r1").delta("r1", "a").response("r1").build();
  const auto recovery = plan_recovery(log, "s");
  EXPECT_TRUE(recovery.events.empty());
  EXPECT_TRUE(recovery.interrupted_turns.empty());
}

TEST(Recovery, ACutTurnEndsInterruptedWithItsPartialReplyAndIsCompactedFromItsRequest) {
  auto log = LogBuilder().request("r1").response("r1").request("r2").delta("r2", "Hel").delta("r2", "lo").build();
  auto recovery = plan_recovery(log, "s");
  ASSERT_EQ(recovery.events.size(), 1u);
  const auto& end = recovery.events[0];
  EXPECT_EQ(end.type, MessageType::chat_response);
  EXPECT_EQ(end.request_id, "r2");
  EXPECT_EQ(end.payload.at(field::message).as_string(), "Hello");
  EXPECT_EQ(end.payload.at(field::stop_reason).as_string(), "interrupted");
  EXPECT_EQ(end.compact_from, 3) << "the seq of r2's chat_request";
  EXPECT_EQ(recovery.interrupted_turns, (std::vector<std::string>{"r2"}));
}

TEST(Recovery, PromptsOpenInACutTurnAreClosedBeforeItsEndAndNamedForLateAnswers) {
  auto log = LogBuilder().request("r1").prompt("r1", "p1").prompt("r1", "p2").resolved("r1", "p1").build();
  auto recovery = plan_recovery(log, "s");
  ASSERT_EQ(recovery.events.size(), 2u);
  const auto& closed = recovery.events[0];
  EXPECT_EQ(closed.type, MessageType::permission_resolved);
  EXPECT_EQ(closed.payload.at(field::permission_id).as_string(), "p2");
  EXPECT_EQ(closed.payload.at(field::behavior).as_string(), "cancelled");
  EXPECT_EQ(closed.payload.at(field::close_reason).as_string(), "interrupted");
  EXPECT_EQ(closed.payload.at(field::tool_name).as_string(), "Bash");
  EXPECT_EQ(closed.payload.at(field::tool_use_id).as_string(), "tu-p2");
  EXPECT_FALSE(closed.compact_from);
  EXPECT_EQ(recovery.events[1].type, MessageType::chat_response);
  EXPECT_EQ(recovery.closed_prompts, (std::vector<std::string>{"p2"}));
}

TEST(Recovery, APromptLeftOpenByAFinishedTurnIsClosedToo) {
  auto log = LogBuilder().request("r1").prompt("r1", "p1").response("r1").build();
  auto recovery = plan_recovery(log, "s");
  ASSERT_EQ(recovery.events.size(), 1u);
  EXPECT_EQ(recovery.events[0].type, MessageType::permission_resolved);
  EXPECT_TRUE(recovery.interrupted_turns.empty());
  EXPECT_EQ(recovery.closed_prompts, (std::vector<std::string>{"p1"}));
}

ExternalTurn external_turn(const std::string& uuid, const std::string& prompt) {
  ExternalTurn turn;
  turn.prompt_uuid = uuid;
  turn.prompt = prompt;
  turn.started_at = "2026-01-01T00:00:00.000Z";
  turn.ended_at = "2026-01-01T00:00:05.000Z";
  turn.events.emplace_back(MessageType::tool_use, json::object{{field::tool_name, "Read"}});
  turn.reply = "answer to " + prompt;
  return turn;
}

TEST(Import, TurnsMadeElsewhereBecomeEventsAtTheirRecordedTimes) {
  auto log = LogBuilder().build();
  ExternalHistory history;
  history.turns.push_back(external_turn("u1", "from the terminal"));
  const auto import = plan_import(std::move(history), log, "s");
  EXPECT_EQ(import.turns, 1u);
  ASSERT_EQ(import.events.size(), 3u);
  EXPECT_EQ(import.events[0].type, MessageType::chat_request);
  EXPECT_EQ(import.events[0].request_id, "cc-u1");
  EXPECT_EQ(import.events[0].timestamp, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(import.events[1].payload.at(field::session_id).as_string(), "s");
  EXPECT_EQ(import.events[1].payload.at(field::request_id).as_string(), "cc-u1");
  EXPECT_EQ(import.events[2].type, MessageType::chat_response);
  EXPECT_EQ(import.events[2].timestamp, "2026-01-01T00:00:05.000Z");
  EXPECT_TRUE(import.events[2].payload.at(field::detail).as_object().at(field::imported).as_bool());
}

TEST(Import, NeitherTetherOwnPromptsNorOnesAlreadyImportedNorOneNamedTwice) {
  auto log = LogBuilder().request("r1").response("r1").request("cc-u2").response("cc-u2").build();
  ExternalHistory history;
  history.turns.push_back(external_turn(prompt_uuid("s", "r1"), "sent by Tether"));
  history.turns.push_back(external_turn("u2", "imported before"));
  history.turns.push_back(external_turn("u3", "new"));
  history.turns.push_back(external_turn("u3", "new, named twice"));
  const auto import = plan_import(std::move(history), log, "s");
  EXPECT_EQ(import.turns, 1u);
  ASSERT_FALSE(import.events.empty());
  EXPECT_EQ(import.events.front().request_id, "cc-u3");
}

TEST(ConversationView, RequestsRepliesAndToolsBecomeMessagesAndNothingElseDoes) {
  auto log = LogBuilder()
                 .request("r1")
                 .delta("r1", "x")
                 .add(MessageType::tool_use, json::object{{field::session_id, "s"}, {field::tool_name, "Read"}}, "r1")
                 .response("r1")
                 .build();
  json::array messages;
  for (const auto& event : log.events()) add_conversation_message(messages, event.seq, event.type, *event.frame);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].at(field::role).as_string(), "user");
  EXPECT_EQ(messages[0].at(field::content).as_string(), "hi");
  EXPECT_EQ(messages[1].at(field::role).as_string(), "tool");
  EXPECT_FALSE(messages[1].as_object().contains(field::session_id));
  EXPECT_EQ(messages[1].at(protocol::field::seq).as_int64(), 3);
  EXPECT_EQ(messages[2].at(field::role).as_string(), "assistant");
  EXPECT_EQ(messages[2].at(field::stop_reason).as_string(), "end_turn");
  add_conversation_message(messages, 9, MessageType::chat_response, "not json");
  EXPECT_EQ(messages.size(), 3u) << "an envelope that does not decode is skipped";
}

}  // namespace
}  // namespace tether::server
