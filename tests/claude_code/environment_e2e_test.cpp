// End to end: what the model's tools see of the server's environment. The real `tether
// serve` starts with secrets in its environment, the model runs `env` with its Bash tool,
// and the output must hold none of them, but the variable the operator passed.
#include "support/e2e_fixture.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace tether::test::e2e;

TEST_F(ClaudeCodeE2E, ToolsSeeNoTetherVariablesButThosePassedWithClaudeEnv) {
  start_server({}, {{"TETHER_TOKEN", "env-token-that-must-not-leak-0123"},
                    {"TETHER_SECRET_X", "tether-secret-x"},
                    {"UNLISTED_SECRET", "unlisted-secret-value"},
                    {"OPERATOR_SHARED", "shared-with-the-agent-42"},
                    // TETHER_SECRET_X asked for by name too: still withheld, with a warning.
                    {"TETHER_CLAUDE_ENV", "OPERATOR_SHARED,TETHER_SECRET_X"}});
  const auto session = create_session();
  auto tab = connect();
  join(*tab, session);
  const auto request = chat(*tab, session, "show the environment [[scenario:tool_bash|env]]");
  auto prompt = tab->wait_type("permission_request");
  ASSERT_TRUE(prompt);
  tab->send("permission_response",
            {{"sessionId", session}, {"permissionId", payload_str(*prompt, "permissionId")}, {"behavior", "allow"}});
  auto result = tab->wait_type("tool_result");
  ASSERT_TRUE(result);
  ASSERT_FALSE(payload(*result).at("isError").as_bool()) << payload_str(*result, "content");
  const auto output = payload_str(*result, "content");

  EXPECT_NE(output.find("OPERATOR_SHARED=shared-with-the-agent-42"), std::string::npos) << output;
  EXPECT_NE(output.find("PATH="), std::string::npos) << output;
  EXPECT_EQ(output.find("TETHER_"), std::string::npos) << output;
  EXPECT_EQ(output.find("env-token-that-must-not-leak"), std::string::npos) << output;
  EXPECT_EQ(output.find("tether-secret-x"), std::string::npos) << output;
  EXPECT_EQ(output.find("unlisted-secret-value"), std::string::npos) << output;
  EXPECT_EQ(payload_str(response(*tab, request), "stopReason"), "end_turn");

  const auto log = server_->log();
  EXPECT_NE(log.find("--claude-env TETHER_SECRET_X: never passed"), std::string::npos) << log;
}
