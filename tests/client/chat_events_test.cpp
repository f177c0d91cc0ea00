#include "cli/chat_events.hpp"

#include <gtest/gtest.h>

namespace tether::cli {
namespace {
using protocol::MessageType;
namespace json = boost::json;

protocol::Envelope event(MessageType type, json::object payload) {
  protocol::Envelope envelope;
  envelope.type = type;
  envelope.payload = std::move(payload);
  return envelope;
}

TEST(ChatEvents, AToolIsNamedByWhatItActsOn) {
  EXPECT_EQ(tool_summary("Bash", {{"command", "npm test"}, {"description", "Run the tests"}}), "Bash: npm test");
  EXPECT_EQ(tool_summary("Edit", {{"file_path", "src/a.cpp"}, {"old_string", "x"}}), "Edit: src/a.cpp");
  EXPECT_EQ(tool_summary("TodoWrite", {{"todos", json::array{}}}), "TodoWrite");
  EXPECT_EQ(tool_summary("Bash", {{"command", "one\ntwo"}}), "Bash: one …");
}

TEST(ChatEvents, AToolResultShowsItsFirstLinesAndMarksFailures) {
  const auto text = describe_turn_event(event(MessageType::tool_result, {{"content", "1\n2\n3\n4\n5\n6\n7"}}));
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "  │ 1\n  │ 2\n  │ 3\n  │ 4\n  │ 5\n  │ …\n");
  const auto failed = describe_turn_event(event(MessageType::tool_result, {{"content", "no such file"}, {"isError", true}}));
  EXPECT_EQ(*failed, "  │ (failed)\n  │ no such file\n");
}

TEST(ChatEvents, APermissionPromptSaysHowToAnswerIt) {
  const auto text = describe_turn_event(event(
      MessageType::permission_request,
      {{"permissionId", "p1"}, {"toolName", "Bash"}, {"input", {{"command", "rm -rf build"}}}, {"description", "Clean"}}));
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Bash: rm -rf build (Clean)"), std::string::npos);
  EXPECT_NE(text->find("/allow"), std::string::npos);
  EXPECT_EQ(*describe_turn_event(event(MessageType::permission_resolved, {{"behavior", "deny"}})), "  ✗ denied\n");
  EXPECT_FALSE(describe_turn_event(event(MessageType::chat_stream, {})));
}

TEST(ChatEvents, ThePermissionAnswerIsWhatTheProtocolAsks) {
  EXPECT_EQ(permission_answer("s", "p", true, true, ""),
            (json::object{{"sessionId", "s"}, {"permissionId", "p"}, {"behavior", "allow"}, {"remember", true}}));
  EXPECT_EQ(permission_answer("s", "p", false, false, "not now"),
            (json::object{{"sessionId", "s"}, {"permissionId", "p"}, {"behavior", "deny"}, {"message", "not now"}}));
}

}  // namespace
}  // namespace tether::cli
