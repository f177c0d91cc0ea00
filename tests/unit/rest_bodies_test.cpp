// The REST bodies and query numbers, parsed without I/O (server/transport/rest_bodies.hpp).
#include "server/transport/rest_bodies.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

using protocol::ErrorCode;

TEST(RestBodies, NewSessionTakesATitleAndACwdBothOptional) {
  auto empty = parse_new_session_body("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->title, "");
  EXPECT_FALSE(empty->cwd);
  auto full = parse_new_session_body(R"({"title":"Fix the build","cwd":"/work/x","other":1})");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->title, "Fix the build");
  EXPECT_EQ(full->cwd, "/work/x");
  auto nulls = parse_new_session_body(R"({"title":null,"cwd":null})");
  ASSERT_TRUE(nulls);
  EXPECT_EQ(nulls->title, "");
  EXPECT_FALSE(nulls->cwd);
  EXPECT_TRUE(parse_new_session_body("{\"title\":\"" + std::string(kMaxTitleBytes, 't') + "\"}"));
}

TEST(RestBodies, NewSessionRefusesWhatIsNotItsShape) {
  const std::vector<std::pair<std::string, ErrorCode>> cases{
      {"not json", ErrorCode::invalid_json},
      {"[1]", ErrorCode::invalid_json},
      {R"({"title":)" + std::string(100, '[') + std::string(100, ']') + "}", ErrorCode::invalid_json},
      {R"({"title":7})", ErrorCode::invalid_message},
      {"{\"title\":\"" + std::string(kMaxTitleBytes + 1, 't') + "\"}", ErrorCode::invalid_message},
      {R"({"cwd":["/"]})", ErrorCode::invalid_message},
  };
  for (const auto& [body, code] : cases) {
    auto parsed = parse_new_session_body(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code, code) << body;
  }
}

TEST(RestBodies, RenameNeedsATitleOfOneTo200Bytes) {
  EXPECT_EQ(*parse_rename_body(R"({"title":"New"})"), "New");
  const std::vector<std::string> bodies{"", "{}", R"({"title":""})", R"({"title":null})", R"({"title":1})",
                                        "{\"title\":\"" + std::string(kMaxTitleBytes + 1, 't') + "\"}"};
  for (const auto& body : bodies) {
    auto parsed = parse_rename_body(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_message) << body;
  }
  EXPECT_EQ(parse_rename_body("{").error().code, ErrorCode::invalid_json);
}

TEST(RestBodies, WholeNumbersOnly) {
  EXPECT_EQ(parse_whole_number("0"), 0);
  EXPECT_EQ(parse_whole_number("1000"), 1000);
  EXPECT_EQ(parse_whole_number("9223372036854775807"), INT64_MAX);
  for (const std::string_view text : {"", "-1", "+1", "1.5", "1e3", "x", "12x", " 1", "9223372036854775808"}) {
    EXPECT_EQ(parse_whole_number(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace tether::server
