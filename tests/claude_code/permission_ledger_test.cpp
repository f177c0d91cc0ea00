// Permission prompts: the request payload, the first answer wins, allow always carries
// updatedInput, deny always a message, remember never writes settings files, and a
// cancelled prompt closes.
#include "server/backends/claude_code/permission_ledger.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cc = tether::server::claude_code;
namespace json = boost::json;

namespace {

cc::PermissionPrompt bash_prompt(std::string id = "req-1") {
  cc::PermissionPrompt prompt;
  prompt.request_id = std::move(id);
  prompt.tool_name = "Bash";
  prompt.input = {{"command", "touch t1.txt"}, {"description", "Create t1"}};
  prompt.description = "Create t1";
  prompt.tool_use_id = "toolu_1";
  prompt.blocked_path = "/p/t1.txt";
  prompt.suggestions = json::parse(
      R"([{"type":"addRules","rules":[{"toolName":"Bash","ruleContent":"touch t1.txt"}],"behavior":"allow","destination":"localSettings"},
          {"type":"setMode","mode":"acceptEdits","destination":"session"}])").as_array();
  return prompt;
}

json::object response_of(const std::string& line) {
  auto object = json::parse(line).as_object();
  EXPECT_EQ(object.at("type").as_string(), "control_response");
  EXPECT_EQ(object.at("response").at("subtype").as_string(), "success");
  return object.at("response").at("response").as_object();
}

}  // namespace

TEST(PermissionLedger, OpenMakesTheRequestEvent) {
  cc::PermissionLedger ledger;
  const auto event = ledger.open(bash_prompt());
  EXPECT_EQ(event.at("permissionId").as_string(), "req-1");
  EXPECT_EQ(event.at("toolName").as_string(), "Bash");
  EXPECT_EQ(event.at("toolUseId").as_string(), "toolu_1");
  EXPECT_EQ(event.at("input").at("command").as_string(), "touch t1.txt");
  EXPECT_EQ(event.at("description").as_string(), "Create t1");
  EXPECT_EQ(event.at("suggestions").as_array().size(), 2u);
  EXPECT_EQ(event.at("blockedPath").as_string(), "/p/t1.txt");
  EXPECT_TRUE(ledger.has_open());
  EXPECT_EQ(ledger.open_ids(), std::vector<std::string>{"req-1"});
}

TEST(PermissionLedger, AllowEchoesInputAndFirstAnswerWins) {
  cc::PermissionLedger ledger;
  ledger.open(bash_prompt());
  auto first = ledger.answer({{"permissionId", "req-1"}, {"behavior", "allow"}});
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(first->has_value());
  const auto response = response_of((*first)->stdin_line);
  EXPECT_EQ(response.at("behavior").as_string(), "allow");
  EXPECT_EQ(response.at("updatedInput").at("command").as_string(), "touch t1.txt");
  EXPECT_EQ(response.at("toolUseID").as_string(), "toolu_1");
  EXPECT_FALSE(response.contains("updatedPermissions"));
  EXPECT_EQ(json::parse((*first)->stdin_line).at("response").at("request_id").as_string(), "req-1");
  EXPECT_EQ((*first)->resolved_event.at("behavior").as_string(), "allow");
  EXPECT_EQ((*first)->resolved_event.at("permissionId").as_string(), "req-1");
  EXPECT_FALSE(ledger.has_open());

  // A second tab answers too late: no error, no second line for the CLI.
  auto second = ledger.answer({{"permissionId", "req-1"}, {"behavior", "deny"}});
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->has_value());
}

TEST(PermissionLedger, AllowWithEditedInputAndRemember) {
  cc::PermissionLedger ledger;
  ledger.open(bash_prompt());
  auto answer = ledger.answer({{"permissionId", "req-1"},
                               {"behavior", "allow"},
                               {"updatedInput", {{"command", "touch t2.txt"}}},
                               {"remember", true}});
  ASSERT_TRUE(answer.has_value() && answer->has_value());
  const auto response = response_of((*answer)->stdin_line);
  EXPECT_EQ(response.at("updatedInput").at("command").as_string(), "touch t2.txt");
  const auto& updates = response.at("updatedPermissions").as_array();
  ASSERT_EQ(updates.size(), 1u);  // only addRules suggestions, moved to the session
  EXPECT_EQ(updates[0].at("destination").as_string(), "session");
  EXPECT_EQ(updates[0].at("rules").at(0).at("ruleContent").as_string(), "touch t1.txt");
  EXPECT_EQ((*answer)->resolved_event.at("updatedInput").at("command").as_string(), "touch t2.txt");
  EXPECT_TRUE((*answer)->resolved_event.at("remember").as_bool());
}

// A suggestion the user picked (a button on the prompt) is applied alone, for the session
// only, whatever destination the CLI proposed; the history says which one.
TEST(PermissionLedger, APickedSuggestionIsAppliedForTheSessionOnly) {
  cc::PermissionLedger ledger;
  ledger.open(bash_prompt());
  auto answer = ledger.answer({{"permissionId", "req-1"}, {"behavior", "allow"}, {"suggestion", 0}});
  ASSERT_TRUE(answer.has_value() && answer->has_value());
  const auto updates = response_of((*answer)->stdin_line).at("updatedPermissions").as_array();
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].at("type").as_string(), "addRules");
  EXPECT_EQ(updates[0].at("destination").as_string(), "session") << "never localSettings";
  EXPECT_EQ((*answer)->resolved_event.at("suggestion").as_int64(), 0);

  ledger.open(bash_prompt("req-2"));
  answer = ledger.answer({{"permissionId", "req-2"}, {"behavior", "allow"}, {"suggestion", 1}});
  ASSERT_TRUE(answer.has_value() && answer->has_value());
  EXPECT_EQ(json::serialize(response_of((*answer)->stdin_line).at("updatedPermissions")),
            R"([{"type":"setMode","mode":"acceptEdits","destination":"session"}])");
}

TEST(PermissionLedger, ASuggestionThePromptDoesNotOfferIsRefusedAndThePromptStaysOpen) {
  cc::PermissionLedger ledger;
  ledger.open(bash_prompt());
  for (const auto* payload : {R"({"permissionId":"req-1","behavior":"allow","suggestion":2})",
                              R"({"permissionId":"req-1","behavior":"allow","suggestion":-1})",
                              R"({"permissionId":"req-1","behavior":"allow","suggestion":"0"})"}) {
    auto answer = ledger.answer(json::parse(payload).as_object());
    ASSERT_FALSE(answer.has_value()) << payload;
    EXPECT_EQ(answer.error().code, tether::protocol::ErrorCode::invalid_message);
  }
  EXPECT_TRUE(ledger.has_open());
}

TEST(PermissionLedger, RememberWithoutSuggestionsAllowsTheToolForTheSession) {
  cc::PermissionLedger ledger;
  auto prompt = bash_prompt();
  prompt.suggestions.clear();
  ledger.open(prompt);
  auto answer = ledger.answer({{"permissionId", "req-1"}, {"behavior", "allow"}, {"remember", true}});
  const auto response = response_of((*answer)->stdin_line);
  EXPECT_EQ(json::serialize(response.at("updatedPermissions")),
            R"([{"type":"addRules","rules":[{"toolName":"Bash"}],"behavior":"allow","destination":"session"}])");
}

TEST(PermissionLedger, DenyAlwaysCarriesAMessage) {
  cc::PermissionLedger ledger;
  ledger.open(bash_prompt("a"));
  ledger.open(bash_prompt("b"));
  auto with_message = ledger.answer({{"permissionId", "a"}, {"behavior", "deny"}, {"message", "not now"}});
  auto response = response_of((*with_message)->stdin_line);
  EXPECT_EQ(response.at("behavior").as_string(), "deny");
  EXPECT_EQ(response.at("message").as_string(), "not now");
  EXPECT_FALSE(response.contains("updatedInput"));
  EXPECT_EQ((*with_message)->resolved_event.at("message").as_string(), "not now");

  auto without = ledger.answer({{"permissionId", "b"}, {"behavior", "deny"}, {"message", ""}});
  response = response_of((*without)->stdin_line);
  EXPECT_EQ(response.at("message").as_string(), cc::kDefaultDenyMessage);
}

TEST(PermissionLedger, IllFormedAnswersAreInvalidMessages) {
  cc::PermissionLedger ledger;
  ledger.open(bash_prompt());
  for (const char* payload : {R"({})", R"({"permissionId":"req-1"})", R"({"permissionId":"req-1","behavior":"maybe"})",
                              R"({"permissionId":7,"behavior":"allow"})", R"({"permissionId":"","behavior":"allow"})",
                              R"({"permissionId":"req-1","behavior":"allow","updatedInput":"rm -rf /"})",
                              R"({"permissionId":"req-1","behavior":"deny","message":5})",
                              R"({"permissionId":"req-1","behavior":"allow","remember":"yes"})",
                              R"({"permissionId":"nope","behavior":"allow"})"}) {
    auto answer = ledger.answer(json::parse(payload).as_object());
    ASSERT_TRUE(answer.has_error()) << payload;
    EXPECT_EQ(answer.error().code, tether::protocol::ErrorCode::invalid_message) << payload;
  }
  EXPECT_TRUE(ledger.has_open());  // none of them resolved the prompt
}

TEST(PermissionLedger, CancelResolvesAsCancelled) {
  cc::PermissionLedger ledger;
  ledger.open(bash_prompt("a"));
  ledger.open(bash_prompt("b"));
  auto cancelled = ledger.cancel("a");
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->at("behavior").as_string(), "cancelled");
  EXPECT_FALSE(ledger.cancel("a"));
  EXPECT_FALSE(ledger.cancel("zzz"));
  // A late answer to the cancelled prompt is a no-op, not an error.
  auto late = ledger.answer({{"permissionId", "a"}, {"behavior", "allow"}});
  ASSERT_TRUE(late.has_value());
  EXPECT_FALSE(late->has_value());

  auto rest = ledger.cancel_all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].at("permissionId").as_string(), "b");
  EXPECT_FALSE(ledger.has_open());
}
