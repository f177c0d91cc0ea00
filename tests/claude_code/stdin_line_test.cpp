// Every stdin line is exactly one JSON object followed by one '\n', whatever the text.
#include "server/backends/claude_code/stdin_line.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <algorithm>

namespace cc = tether::server::claude_code;
namespace json = boost::json;

namespace {

json::object parse_single_line(const std::string& line) {
  EXPECT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << line;
  return json::parse(std::string_view(line).substr(0, line.size() - 1)).as_object();
}

}  // namespace

TEST(StdinLine, UserMessageKeepsTextExactly) {
  const std::string text = "line one\nline two\r\n\ttab \"quotes\" \\ back \u00e9 \u2603 {\"json\":1}\n";
  const auto object = parse_single_line(cc::user_message_line(text));
  EXPECT_EQ(object.at("type").as_string(), "user");
  EXPECT_EQ(object.at("message").at("role").as_string(), "user");
  EXPECT_EQ(object.at("message").at("content").as_string(), text);
  EXPECT_TRUE(object.at("parent_tool_use_id").is_null());
}

TEST(StdinLine, EmptyAndWhitespaceTextStillMakeAnObject) {
  for (const char* text : {"", "   ", "\n", "\n\n"}) {
    const auto object = parse_single_line(cc::user_message_line(text));
    EXPECT_EQ(object.at("message").at("content").as_string(), text);
  }
}

TEST(StdinLine, ControlRequestsAndResponses) {
  auto request = parse_single_line(cc::control_request_line("tether-1", "interrupt"));
  EXPECT_EQ(request.at("type").as_string(), "control_request");
  EXPECT_EQ(request.at("request_id").as_string(), "tether-1");
  EXPECT_EQ(request.at("request").at("subtype").as_string(), "interrupt");

  request = parse_single_line(cc::control_request_line("tether-2", "set_permission_mode", {{"mode", "plan"}}));
  EXPECT_EQ(request.at("request").at("mode").as_string(), "plan");

  auto success = parse_single_line(cc::control_success_line("abc", {{"behavior", "allow"}, {"updatedInput", json::object{}}}));
  EXPECT_EQ(success.at("type").as_string(), "control_response");
  EXPECT_EQ(success.at("response").at("subtype").as_string(), "success");
  EXPECT_EQ(success.at("response").at("request_id").as_string(), "abc");
  EXPECT_EQ(success.at("response").at("response").at("behavior").as_string(), "allow");

  auto error = parse_single_line(cc::control_error_line("abc", "multi\nline"));
  EXPECT_EQ(error.at("response").at("subtype").as_string(), "error");
  EXPECT_EQ(error.at("response").at("error").as_string(), "multi\nline");
}
