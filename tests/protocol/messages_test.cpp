// Typed payload checks: each client message, each field rule.
#include "tether/protocol.hpp"

#include <gtest/gtest.h>

namespace tether::protocol {
namespace {

Result<ClientMessage> parse(std::string_view text) {
  auto envelope = decode_envelope(text);
  EXPECT_TRUE(envelope) << text;
  return parse_client_message(*envelope);
}

ErrorCode code_of(std::string_view text) {
  auto message = parse(text);
  EXPECT_FALSE(message) << "accepted: " << text;
  return message ? ErrorCode::internal : message.error().code;
}

TEST(Messages, ParsesEveryClientMessage) {
  auto join = parse(R"({"id":"1","type":"session_join","payload":{"sessionId":"abc","lastSeq":5}})");
  ASSERT_TRUE(join);
  EXPECT_EQ(std::get<SessionJoin>(*join).last_seq, 5);
  auto join_default = parse(R"({"id":"1","type":"session_join","payload":{"sessionId":"abc"}})");
  EXPECT_EQ(std::get<SessionJoin>(*join_default).last_seq, 0);
  auto leave = parse(R"({"id":"1","type":"session_leave","payload":{"sessionId":"abc"}})");
  EXPECT_EQ(std::get<SessionLeave>(*leave).session_id, "abc");
  auto chat = parse(R"({"id":"1","type":"chat_request","payload":{"sessionId":"abc","message":"hi","model":"m"}})");
  EXPECT_EQ(std::get<ChatRequest>(*chat).message, "hi");
  EXPECT_EQ(std::get<ChatRequest>(*chat).model, "m");
  EXPECT_TRUE(std::holds_alternative<ChatCancel>(*parse(R"({"id":"1","type":"chat_cancel","payload":{"sessionId":"a"}})")));
  EXPECT_TRUE(std::holds_alternative<Ping>(*parse(R"({"id":"1","type":"ping"})")));
  auto control = parse(R"({"id":"1","type":"permission_response","payload":{"sessionId":"a","permissionId":"p"}})");
  EXPECT_EQ(std::get<SessionControl>(*control).payload.at("permissionId").as_string(), "p");
}

TEST(Messages, RejectsBadPayloads) {
  EXPECT_EQ(code_of(R"({"id":"1","type":"session_join","payload":{}})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"session_join","payload":{"sessionId":5}})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"session_join","payload":{"sessionId":"a b"}})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"session_join","payload":{"sessionId":"a","lastSeq":-1}})"),
            ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"session_join","payload":{"sessionId":"a","lastSeq":1.5}})"),
            ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"session_join","payload":{"sessionId":"a","lastSeq":"3"}})"),
            ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"session_join","payload":{"sessionId":"a","lastSeq":18446744073709551615}})"),
            ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"chat_request","payload":{"sessionId":"a"}})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"chat_request","payload":{"sessionId":"a","message":""}})"),
            ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"chat_request","payload":{"sessionId":"a","message":"x","model":1}})"),
            ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"chat_cancel","payload":{}})"), ErrorCode::invalid_message);
  EXPECT_EQ(code_of(R"({"id":"1","type":"pong"})"), ErrorCode::unknown_type);
  EXPECT_EQ(code_of(R"({"id":"1","type":"chat_response"})"), ErrorCode::unknown_type);
}

TEST(Messages, SessionIdRule) {
  EXPECT_TRUE(is_valid_session_id("s0123abc_-X"));
  EXPECT_FALSE(is_valid_session_id(""));
  EXPECT_FALSE(is_valid_session_id(std::string(65, 'a')));
  EXPECT_FALSE(is_valid_session_id("../x"));
  EXPECT_FALSE(is_valid_session_id("a/b"));
  EXPECT_FALSE(is_valid_session_id("a%2e"));
}

TEST(Messages, ServerPayloadsRoundTrip) {
  ChatStream stream{"s", "r", "piece ", true};
  EXPECT_EQ(chat_stream_from_json(to_json(stream))->delta, "piece ");
  ChatResponse response{"s", "r", "whole", StopReason::cancelled, {{"usage", 3}}};
  auto back = chat_response_from_json(to_json(response));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->stop_reason, StopReason::cancelled);
  EXPECT_EQ(back->detail.at("usage").as_int64(), 3);
  EXPECT_FALSE(chat_response_from_json({{"sessionId", "s"}, {"requestId", "r"}, {"message", ""}, {"stopReason", "x"}}));
  EXPECT_TRUE(ack_from_json(to_json(Ack{true}))->duplicate);
  EXPECT_FALSE(ack_from_json(to_json(Ack{false}))->duplicate);
}

TEST(Messages, ErrorsFromANewerServerStayReadable) {
  auto error = error_from_json({{"code", "brand_new_code"}, {"message", "m"}, {"hint", "h"}});
  EXPECT_EQ(error.code, ErrorCode::internal);
  EXPECT_EQ(error.message, "m");
  auto empty = error_from_json({});
  EXPECT_FALSE(empty.message.empty());
}

TEST(Messages, EveryErrorCodeHasANameAStatusAndAHint) {
  for (auto code : {ErrorCode::invalid_json, ErrorCode::invalid_message, ErrorCode::unknown_type,
                    ErrorCode::message_too_large, ErrorCode::session_not_found, ErrorCode::unauthorized,
                    ErrorCode::forbidden, ErrorCode::not_found, ErrorCode::method_not_allowed,
                    ErrorCode::upgrade_required, ErrorCode::rate_limited, ErrorCode::overloaded,
                    ErrorCode::backend_unavailable, ErrorCode::backend_error, ErrorCode::internal}) {
    EXPECT_EQ(parse_error_code(to_string(code)), code);
    EXPECT_GE(http_status(code), 400u);
    EXPECT_FALSE(make_error(code, "x").hint.empty());
  }
}

TEST(Messages, EveryMessageTypeHasAName) {
  for (int i = 0; i <= static_cast<int>(MessageType::error); ++i) {
    const auto type = static_cast<MessageType>(i);
    EXPECT_EQ(parse_message_type(to_string(type)), type);
  }
}

}  // namespace
}  // namespace tether::protocol
