// CLI events -> protocol actions: deltas, thinking, tool calls, and how a turn ends.
#include "server/backends/claude_code/turn_mapper.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cc = tether::server::claude_code;
using tether::protocol::MessageType;
using tether::protocol::StopReason;

namespace {

// Feeds raw CLI lines and collects what the mapper emits.
struct MapperRun {
  cc::TurnMapper mapper;
  std::string deltas;
  std::vector<cc::EmitEvent> events;
  std::optional<tether::server::TurnResult> result;

  void feed(std::string_view line) {
    for (auto& action : mapper.on_event(cc::parse_cli_line(line))) {
      if (auto* delta = std::get_if<cc::EmitDelta>(&action)) deltas += delta->text;
      else if (auto* event = std::get_if<cc::EmitEvent>(&action)) events.push_back(std::move(*event));
      else {
        ASSERT_FALSE(result) << "two results";
        result = std::get<cc::FinishTurn>(action).result;
      }
    }
  }
};

constexpr const char* kStart = R"({"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_1"}},"parent_tool_use_id":null})";
constexpr const char* kTextStart = R"({"type":"stream_event","event":{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}},"parent_tool_use_id":null})";

std::string delta(std::string_view text) {
  return std::string(R"({"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")") +
         std::string(text) + R"("}},"parent_tool_use_id":null})";
}

}  // namespace

TEST(TurnMapper, StreamedTextThenResult) {
  MapperRun run;
  run.feed(kStart);
  run.feed(kTextStart);
  run.feed(delta("Echo "));
  run.feed(delta("#1: hi"));
  // The assistant line repeats the streamed text: it must not be emitted twice.
  run.feed(R"({"type":"assistant","message":{"id":"msg_1","content":[{"type":"text","text":"Echo #1: hi"}]},"parent_tool_use_id":null})");
  EXPECT_FALSE(run.result);
  run.feed(R"({"type":"result","subtype":"success","is_error":false,"duration_ms":264,"duration_api_ms":152,"num_turns":1,"result":"Echo #1: hi","session_id":"S1","total_cost_usd":0.000425,"usage":{"input_tokens":25,"output_tokens":12},"permission_denials":[],"terminal_reason":"completed"})");
  EXPECT_EQ(run.deltas, "Echo #1: hi");
  ASSERT_TRUE(run.result);
  EXPECT_EQ(run.result->stop_reason, StopReason::end_turn);
  EXPECT_EQ(run.result->message, "Echo #1: hi");
  const auto& detail = run.result->detail;
  EXPECT_EQ(detail.at("durationMs").as_int64(), 264);
  EXPECT_EQ(detail.at("durationApiMs").as_int64(), 152);
  EXPECT_DOUBLE_EQ(detail.at("costUsd").as_double(), 0.000425);
  EXPECT_EQ(detail.at("usage").at("output_tokens").as_int64(), 12);
  EXPECT_EQ(detail.at("claudeSessionId").as_string(), "S1");
  EXPECT_FALSE(detail.contains("error"));
  EXPECT_TRUE(run.mapper.finished());
  // Nothing after the result belongs to this turn.
  run.feed(delta("late"));
  EXPECT_EQ(run.deltas, "Echo #1: hi");
}

TEST(TurnMapper, ThinkingIsItsOwnEvent) {
  MapperRun run;
  run.feed(kStart);
  run.feed(R"({"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}})");
  run.feed(R"({"type":"assistant","message":{"id":"msg_1","content":[{"type":"thinking","thinking":"Let me think","signature":"s"}]}})");
  ASSERT_EQ(run.events.size(), 2u);
  EXPECT_EQ(run.events[0].type, MessageType::thinking);
  EXPECT_EQ(run.events[0].payload.at("delta").as_string(), "Let me ");
  EXPECT_FALSE(run.events[0].payload.at("isComplete").as_bool());
  EXPECT_EQ(run.events[1].payload.at("text").as_string(), "Let me think");
  EXPECT_TRUE(run.events[1].payload.at("isComplete").as_bool());
  EXPECT_EQ(run.deltas, "");
}

TEST(TurnMapper, ToolCallAndResultAndSeparatedText) {
  MapperRun run;
  run.feed(kStart);
  run.feed(kTextStart);
  run.feed(delta("I will run a tool."));
  run.feed(R"({"type":"assistant","message":{"id":"msg_1","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"npm test"}}]},"parent_tool_use_id":null})");
  EXPECT_TRUE(run.mapper.tool_running());
  run.feed(R"({"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_1","type":"tool_result","content":"ok","is_error":false}]},"parent_tool_use_id":null})");
  EXPECT_FALSE(run.mapper.tool_running());
  run.feed(R"({"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_2"}},"parent_tool_use_id":null})");
  run.feed(kTextStart);
  run.feed(delta("Done."));
  ASSERT_EQ(run.events.size(), 2u);
  EXPECT_EQ(run.events[0].type, MessageType::tool_use);
  EXPECT_EQ(run.events[0].payload.at("toolUseId").as_string(), "toolu_1");
  EXPECT_EQ(run.events[0].payload.at("name").as_string(), "Bash");
  EXPECT_EQ(run.events[0].payload.at("input").at("command").as_string(), "npm test");
  EXPECT_EQ(run.events[0].payload.at("replyOffset").as_uint64(), std::string("I will run a tool.").size())
      << "the call comes after this much of the reply";
  EXPECT_EQ(run.events[1].type, MessageType::tool_result);
  EXPECT_EQ(run.events[1].payload.at("content").as_string(), "ok");
  EXPECT_FALSE(run.events[1].payload.at("isError").as_bool());
  EXPECT_EQ(run.deltas, "I will run a tool.\n\nDone.");
}

std::string edit_result(std::string_view tool_use_result) {
  return R"({"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_e","type":"tool_result","content":"The file /w/f.txt has been updated successfully."}]},"parent_tool_use_id":null,"tool_use_result":)" +
         std::string(tool_use_result) + "}";
}

TEST(TurnMapper, AnEditsResultCarriesItsPatch) {
  MapperRun run;
  run.feed(R"({"type":"assistant","message":{"id":"msg_1","content":[{"type":"tool_use","id":"toolu_e","name":"Edit","input":{"file_path":"/w/f.txt","old_string":"line 20","new_string":"LINE 20"}}]},"parent_tool_use_id":null})");
  run.feed(edit_result(
      R"({"filePath":"/w/f.txt","originalFile":"…","structuredPatch":[{"oldStart":17,"oldLines":7,"newStart":17,"newLines":7,"lines":[" line 17"," line 18"," line 19","-line 20","+LINE 20"," line 21"," line 22"," line 23"]}]})"));
  ASSERT_EQ(run.events.size(), 2u);
  EXPECT_EQ(run.events[1].type, MessageType::tool_result);
  EXPECT_EQ(boost::json::serialize(run.events[1].payload),
            R"({"toolUseId":"toolu_e","content":"The file /w/f.txt has been updated successfully.","isError":false,)"
            R"("patch":[{"oldStart":17,"oldLines":7,"newStart":17,"newLines":7,"lines":[" line 17"," line 18"," line 19","-line 20","+LINE 20"," line 21"," line 22"," line 23"]}]})")
      << "the file's line numbers; never originalFile";
}

TEST(TurnMapper, AMalformedPatchIsIgnored) {
  MapperRun run;
  run.feed(edit_result(R"({"structuredPatch":[{"oldStart":"17","oldLines":7,"newStart":17,"newLines":7,"lines":["-a"]}]})"));
  run.feed(edit_result(R"({"structuredPatch":[{"oldStart":17,"oldLines":7,"newStart":17,"newLines":7,"lines":[{"text":"-a"}]}]})"));
  run.feed(edit_result(R"({"structuredPatch":{"lines":[]}})"));
  run.feed(edit_result(R"("Error: String to replace not found in file.")"));
  ASSERT_EQ(run.events.size(), 4u);
  for (const auto& event : run.events) {
    EXPECT_EQ(event.type, MessageType::tool_result);
    EXPECT_EQ(boost::json::serialize(event.payload),
              R"({"toolUseId":"toolu_e","content":"The file /w/f.txt has been updated successfully.","isError":false})");
  }
}

TEST(TurnMapper, AnOversizedPatchIsTruncated) {
  std::string lines;
  for (std::size_t i = 0; i <= cc::kMaxPatchLines; ++i) lines += std::string(i ? "," : "") + R"("+line)" + std::to_string(i) + R"(")";
  MapperRun run;
  run.feed(edit_result(R"({"structuredPatch":[{"oldStart":0,"oldLines":0,"newStart":1,"newLines":)" +
                       std::to_string(cc::kMaxPatchLines + 1) + R"(,"lines":[)" + lines + "]}]}"));
  ASSERT_EQ(run.events.size(), 1u);
  EXPECT_EQ(boost::json::serialize(run.events[0].payload),
            R"({"toolUseId":"toolu_e","content":"The file /w/f.txt has been updated successfully.","isError":false,"patchTruncated":true})")
      << "no patch: the UI falls back to its own diff, and says so";
}

TEST(TurnMapper, UnstreamedApiErrorTextReachesTheUser) {
  MapperRun run;
  run.feed(R"({"type":"assistant","message":{"id":"ceb5","model":"<synthetic>","content":[{"type":"text","text":"API Error: 529 Overloaded."}]},"error":"server_error","parent_tool_use_id":null})");
  run.feed(R"({"type":"result","subtype":"success","is_error":true,"api_error_status":529,"result":"API Error: 529 Overloaded.","session_id":"S"})");
  EXPECT_EQ(run.deltas, "API Error: 529 Overloaded.");
  ASSERT_TRUE(run.result);
  EXPECT_EQ(run.result->stop_reason, StopReason::error);
  EXPECT_EQ(run.result->detail.at("error").as_string(), "API Error: 529 Overloaded.");
  EXPECT_EQ(run.result->detail.at("apiErrorStatus").as_int64(), 529);
}

TEST(TurnMapper, InterruptAfterCancelKeepsPartialText) {
  MapperRun run;
  run.feed(kStart);
  run.feed(kTextStart);
  run.feed(delta("w1 w2 "));
  run.mapper.set_stop_override(StopReason::cancelled);
  run.feed(R"({"type":"assistant","message":{"id":"msg_1","content":[{"type":"text","text":"w1 w2 "}]},"parent_tool_use_id":null})");
  run.feed(R"({"type":"user","message":{"role":"user","content":[{"type":"text","text":"[Request interrupted by user]"}]},"parent_tool_use_id":null})");
  run.feed(R"({"type":"result","subtype":"error_during_execution","is_error":true,"terminal_reason":"aborted_streaming","errors":["[ede_diagnostic] result_type=user"]})");
  ASSERT_TRUE(run.result);
  EXPECT_EQ(run.result->stop_reason, StopReason::cancelled);
  EXPECT_EQ(run.result->message, "w1 w2 ");
  EXPECT_FALSE(run.result->detail.contains("error"));
}

TEST(TurnMapper, StallOverrideExplainsTheError) {
  MapperRun run;
  run.mapper.set_stop_override(StopReason::error, "stalled: no output for 90 s");
  run.feed(R"({"type":"result","subtype":"error_during_execution","is_error":true,"errors":["[ede_diagnostic] x"]})");
  EXPECT_EQ(run.result->stop_reason, StopReason::error);
  EXPECT_EQ(run.result->detail.at("error").as_string(), "stalled: no output for 90 s");
}

TEST(TurnMapper, ErrorSubtypeWithoutOverride) {
  MapperRun run;
  run.feed(R"j({"type":"result","subtype":"error_max_turns","is_error":true,"errors":["[ede_diagnostic] y","Reached maximum number of turns (1)"]})j");
  EXPECT_EQ(run.result->stop_reason, StopReason::error);
  EXPECT_EQ(run.result->detail.at("error").as_string(), "Reached maximum number of turns (1)");
}

TEST(TurnMapper, ResultTextUsedWhenNothingStreamed) {
  MapperRun run;
  run.feed(R"({"type":"result","subtype":"success","is_error":false,"result":"only here"})");
  EXPECT_EQ(run.result->message, "only here");
}

TEST(TurnMapper, SubagentMessagesAndReplaysAreNotTheReply) {
  MapperRun run;
  run.feed(R"({"type":"assistant","message":{"id":"sub","content":[{"type":"text","text":"inner"}]},"parent_tool_use_id":"toolu_task"})");
  run.feed(R"({"type":"user","message":{"role":"user","content":"<local-command-stdout>Set model</local-command-stdout>"},"isReplay":true})");
  EXPECT_EQ(run.deltas, "");
  EXPECT_TRUE(run.events.empty());
}

// A subagent's tool calls are shown under the Task call that started it; its text is its
// own conversation, not the reply, and the main reply's text blocks stay one block.
TEST(TurnMapper, ASubagentsToolCallsCarryTheirTaskCall) {
  MapperRun run;
  run.feed(R"({"type":"assistant","message":{"id":"sub","content":[{"type":"text","text":"looking"},{"type":"tool_use","id":"toolu_sub","name":"Grep","input":{"pattern":"TODO"}}]},"parent_tool_use_id":"toolu_task"})");
  EXPECT_TRUE(run.mapper.tool_running());
  run.feed(R"({"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_sub","type":"tool_result","content":"3 matches","is_error":false}]},"parent_tool_use_id":"toolu_task"})");
  EXPECT_FALSE(run.mapper.tool_running());
  EXPECT_EQ(run.deltas, "");
  ASSERT_EQ(run.events.size(), 2u);
  EXPECT_EQ(run.events[0].type, MessageType::tool_use);
  EXPECT_EQ(run.events[0].payload.at("name").as_string(), "Grep");
  EXPECT_EQ(run.events[0].payload.at("parentToolUseId").as_string(), "toolu_task");
  EXPECT_EQ(run.events[1].type, MessageType::tool_result);
  EXPECT_EQ(run.events[1].payload.at("content").as_string(), "3 matches");
  EXPECT_EQ(run.events[1].payload.at("parentToolUseId").as_string(), "toolu_task");
}

// A tool's input reaches clients while the model writes it, named by the tool call it
// belongs to (from the block's start), piece by piece.
TEST(TurnMapper, AToolsInputStreamsAsTheModelWritesIt) {
  MapperRun run;
  run.feed(kStart);
  run.feed(R"({"type":"stream_event","event":{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_w","name":"Write","input":{}}},"parent_tool_use_id":null})");
  for (const auto* piece : {R"({\"file_path\":\"/a.txt\",)", R"(\"content\":\"hel)", R"(lo\"})"}) {
    run.feed(std::string(R"({"type":"stream_event","event":{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":")") +
             piece + R"("}},"parent_tool_use_id":null})");
  }
  // An index with no tool block started (or an empty piece) is nothing to show.
  run.feed(R"({"type":"stream_event","event":{"type":"content_block_delta","index":5,"delta":{"type":"input_json_delta","partial_json":"x"}},"parent_tool_use_id":null})");
  ASSERT_EQ(run.events.size(), 3u);
  std::string input;
  for (const auto& event : run.events) {
    EXPECT_EQ(event.type, MessageType::tool_input);
    EXPECT_EQ(event.payload.at("toolUseId").as_string(), "toolu_w");
    EXPECT_EQ(event.payload.at("name").as_string(), "Write");
    input += event.payload.at("delta").as_string();
  }
  EXPECT_EQ(input, R"({"file_path":"/a.txt","content":"hello"})");
  EXPECT_EQ(run.deltas, "");
}

TEST(TurnMapper, AbandonKeepsTextSoFar) {
  MapperRun run;
  run.feed(kStart);
  run.feed(delta("part"));
  auto result = run.mapper.abandon(StopReason::error, {{"error", "exited"}});
  EXPECT_EQ(result.message, "part");
  EXPECT_EQ(result.stop_reason, StopReason::error);
  EXPECT_EQ(result.detail.at("error").as_string(), "exited");
}
