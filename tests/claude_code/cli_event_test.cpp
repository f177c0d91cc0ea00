// The stream-json stdout parser, fed with lines shaped like those the real CLI 2.1.197
// printed (reference §2–§7), and with garbage it must survive.
#include "server/backends/claude_code/cli_event.hpp"

#include <gtest/gtest.h>

namespace cc = tether::server::claude_code;

namespace {

// By value: the parsed event is a temporary in most calls.
template <class T>
T as(cc::CliEvent event) {
  EXPECT_TRUE(std::holds_alternative<T>(event)) << "variant index " << event.index();
  if (auto* value = std::get_if<T>(&event)) return std::move(*value);
  return T{};
}

}  // namespace

TEST(CliEvent, SystemInit) {
  auto event = cc::parse_cli_line(
      R"({"type":"system","subtype":"init","cwd":"/home/user/proj","session_id":"1660d7d8-aaaa","tools":["Task","Bash","Write"],"mcp_servers":[],"model":"claude-opus-4-8[1m]","permissionMode":"default","claude_code_version":"2.1.197","uuid":"u"})");
  const auto& init = as<cc::SystemInit>(event);
  EXPECT_EQ(init.session_id, "1660d7d8-aaaa");
  EXPECT_EQ(init.model, "claude-opus-4-8[1m]");
  EXPECT_EQ(init.permission_mode, "default");
  EXPECT_EQ(init.cwd, "/home/user/proj");
  EXPECT_EQ(init.version, "2.1.197");
  EXPECT_EQ(init.tools, (std::vector<std::string>{"Task", "Bash", "Write"}));
}

TEST(CliEvent, StatusAndRetry) {
  const auto& status = as<cc::SystemStatus>(cc::parse_cli_line(
      R"({"type":"system","subtype":"status","status":null,"permissionMode":"acceptEdits","uuid":"u","session_id":"s"})"));
  EXPECT_FALSE(status.status);
  EXPECT_EQ(status.permission_mode, "acceptEdits");

  const auto& retry = as<cc::ApiRetry>(cc::parse_cli_line(
      R"({"type":"system","subtype":"api_retry","attempt":2,"max_retries":10,"retry_delay_ms":1222.2,"error_status":529,"error":"overloaded","session_id":"s"})"));
  EXPECT_EQ(retry.attempt, 2);
  EXPECT_EQ(retry.max_retries, 10);
  EXPECT_DOUBLE_EQ(retry.retry_delay_ms, 1222.2);
  EXPECT_EQ(retry.error_status, 529);
  EXPECT_EQ(retry.error, "overloaded");

  const auto& refused = as<cc::ApiRetry>(cc::parse_cli_line(
      R"({"type":"system","subtype":"api_retry","attempt":1,"max_retries":2,"retry_delay_ms":500,"error_status":null,"error":"unknown"})"));
  EXPECT_FALSE(refused.error_status);
}

TEST(CliEvent, StreamEvents) {
  EXPECT_EQ(as<cc::MessageStart>(cc::parse_cli_line(
                R"({"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_fake_0004","content":[]}},"session_id":"s","parent_tool_use_id":null})"))
                .message_id,
            "msg_fake_0004");
  const auto& start = as<cc::BlockStart>(cc::parse_cli_line(
      R"({"type":"stream_event","event":{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t","name":"Bash","input":{}}},"parent_tool_use_id":null})"));
  EXPECT_EQ(start.index, 1);
  EXPECT_EQ(start.block_type, "tool_use");
  const auto& text = as<cc::TextDelta>(cc::parse_cli_line(
      R"({"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Echo "}},"parent_tool_use_id":null})"));
  EXPECT_EQ(text.text, "Echo ");
  const auto& thinking = as<cc::ThinkingDelta>(cc::parse_cli_line(
      R"({"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}})"));
  EXPECT_EQ(thinking.text, "hmm");
  const auto input = as<cc::ToolInputDelta>(cc::parse_cli_line(
      R"({"type":"stream_event","event":{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{"}}})"));
  EXPECT_EQ(input.index, 1);
  EXPECT_EQ(input.partial_json, "{");
  const auto tool = as<cc::BlockStart>(cc::parse_cli_line(
      R"({"type":"stream_event","event":{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_9","name":"Write","input":{}}}})"));
  EXPECT_EQ(tool.block_type, "tool_use");
  EXPECT_EQ(tool.tool_use_id, "toolu_9");
  EXPECT_EQ(tool.tool_name, "Write");
  as<cc::Ignored>(cc::parse_cli_line(R"({"type":"stream_event","event":{"type":"message_stop"}})"));
  // A subagent's stream must not mix into the main reply.
  as<cc::Ignored>(cc::parse_cli_line(
      R"({"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"sub"}},"parent_tool_use_id":"toolu_1"})"));
}

TEST(CliEvent, AssistantBlocks) {
  const auto& text = as<cc::AssistantMessage>(cc::parse_cli_line(
      R"({"type":"assistant","message":{"id":"msg_1","content":[{"type":"text","text":"I will run a tool."}]},"parent_tool_use_id":null,"session_id":"s"})"));
  EXPECT_EQ(text.message_id, "msg_1");
  ASSERT_EQ(text.blocks.size(), 1u);
  EXPECT_EQ(std::get<cc::TextBlock>(text.blocks[0]).text, "I will run a tool.");
  EXPECT_FALSE(text.parent_tool_use_id);

  const auto& tool = as<cc::AssistantMessage>(cc::parse_cli_line(
      R"({"type":"assistant","message":{"id":"msg_1","content":[{"type":"tool_use","id":"toolu_fake_0001","name":"Bash","input":{"command":"touch t1.txt","description":"d"}}]},"parent_tool_use_id":null})"));
  const auto& use = std::get<cc::ToolUseBlock>(tool.blocks.at(0));
  EXPECT_EQ(use.id, "toolu_fake_0001");
  EXPECT_EQ(use.name, "Bash");
  EXPECT_EQ(use.input.at("command").as_string(), "touch t1.txt");

  const auto& error = as<cc::AssistantMessage>(cc::parse_cli_line(
      R"({"type":"assistant","message":{"id":"ceb5","model":"<synthetic>","content":[{"type":"text","text":"API Error: 529 Overloaded."}]},"error":"server_error","parent_tool_use_id":null})"));
  EXPECT_EQ(error.error, "server_error");

  const auto& thinking = as<cc::AssistantMessage>(cc::parse_cli_line(
      R"({"type":"assistant","message":{"id":"m","content":[{"type":"thinking","thinking":"deep","signature":"x"}]}})"));
  EXPECT_EQ(std::get<cc::ThinkingBlock>(thinking.blocks.at(0)).text, "deep");
}

TEST(CliEvent, UserToolResultsAndNotes) {
  const auto& result = as<cc::UserMessage>(cc::parse_cli_line(
      R"({"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_fake_0005","type":"tool_result","content":"hello","is_error":false}]},"parent_tool_use_id":null,"tool_use_result":{"stdout":"hello"}})"));
  ASSERT_EQ(result.tool_results.size(), 1u);
  EXPECT_EQ(result.tool_results[0].tool_use_id, "toolu_fake_0005");
  EXPECT_EQ(result.tool_results[0].content, "hello");
  EXPECT_FALSE(result.tool_results[0].is_error);

  const auto& blocks = as<cc::UserMessage>(cc::parse_cli_line(
      R"({"type":"user","message":{"role":"user","content":[{"tool_use_id":"t","type":"tool_result","content":[{"type":"text","text":"a"},{"type":"image","source":{}}],"is_error":true}]}})"));
  EXPECT_EQ(blocks.tool_results.at(0).content, "a\n[image]");
  EXPECT_TRUE(blocks.tool_results.at(0).is_error);

  const auto& note = as<cc::UserMessage>(cc::parse_cli_line(
      R"({"type":"user","message":{"role":"user","content":[{"type":"text","text":"[Request interrupted by user]"}]},"parent_tool_use_id":null})"));
  EXPECT_EQ(note.texts, std::vector<std::string>{"[Request interrupted by user]"});

  const auto& replay = as<cc::UserMessage>(cc::parse_cli_line(
      R"({"type":"user","message":{"role":"user","content":"<local-command-stdout>Set model to x</local-command-stdout>"},"isReplay":true})"));
  EXPECT_TRUE(replay.is_replay);
}

// An Edit's result line as CLI 2.1.197 prints it (tool_use_result trimmed of originalFile).
constexpr const char* kEditResult =
    R"({"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_fake_0002","type":"tool_result","content":"The file /w/file.txt has been updated successfully."}]},"parent_tool_use_id":null,"tool_use_result":{"filePath":"/w/file.txt","oldString":"line 20","newString":"LINE twenty\nline 20b","structuredPatch":[{"oldStart":17,"oldLines":7,"newStart":17,"newLines":8,"lines":[" line 17"," line 18"," line 19","-line 20","+LINE twenty","+line 20b"," line 21"," line 22"," line 23"]}],"userModified":false,"replaceAll":false}})";

std::string edit_result_with_patch(std::string_view patch) {
  return R"({"type":"user","message":{"role":"user","content":[{"tool_use_id":"t","type":"tool_result","content":"ok"}]},"tool_use_result":{"structuredPatch":)" +
         std::string(patch) + "}}";
}

TEST(CliEvent, AnEditsStructuredPatchIsCarried) {
  const auto& user = as<cc::UserMessage>(cc::parse_cli_line(kEditResult));
  ASSERT_EQ(user.tool_results.size(), 1u);
  const auto& patch = user.tool_results[0].patch;
  ASSERT_TRUE(patch);
  EXPECT_FALSE(patch->truncated);
  ASSERT_EQ(patch->hunks.size(), 1u);
  const auto& hunk = patch->hunks[0];
  EXPECT_EQ(hunk.old_start, 17);
  EXPECT_EQ(hunk.old_lines, 7);
  EXPECT_EQ(hunk.new_start, 17);
  EXPECT_EQ(hunk.new_lines, 8);
  ASSERT_EQ(hunk.lines.size(), 9u);
  EXPECT_EQ(hunk.lines[3], "-line 20");
  EXPECT_EQ(hunk.lines[4], "+LINE twenty");

  // Two hunks, numbers as big as a file may be.
  const auto& two = as<cc::UserMessage>(cc::parse_cli_line(edit_result_with_patch(
      R"([{"oldStart":1,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a","+b"]},{"oldStart":2147483647,"oldLines":0,"newStart":9,"newLines":1,"lines":["+c"]}])")));
  ASSERT_TRUE(two.tool_results.at(0).patch);
  ASSERT_EQ(two.tool_results.at(0).patch->hunks.size(), 2u);
  EXPECT_EQ(two.tool_results.at(0).patch->hunks[1].old_start, 2147483647);
}

TEST(CliEvent, NoPatchWithoutAWellFormedOne) {
  const auto patch_of = [](const std::string& line) {
    const auto user = as<cc::UserMessage>(cc::parse_cli_line(line));
    EXPECT_EQ(user.tool_results.size(), 1u);
    return user.tool_results.empty() ? std::nullopt : user.tool_results[0].patch;
  };
  // A Bash result, a denial (a string), a Write that created its file (empty patch).
  EXPECT_FALSE(patch_of(
      R"({"type":"user","message":{"content":[{"tool_use_id":"t","type":"tool_result","content":"hello"}]},"tool_use_result":{"stdout":"hello"}})"));
  EXPECT_FALSE(patch_of(
      R"({"type":"user","message":{"content":[{"tool_use_id":"t","type":"tool_result","content":"no","is_error":true}]},"tool_use_result":"Error: User said no"})"));
  EXPECT_FALSE(patch_of(edit_result_with_patch("[]")));
  const char* malformed[] = {
      R"("not an array")",
      R"({"oldStart":1})",
      R"([1])",
      R"([{"oldLines":1,"newStart":1,"newLines":1,"lines":["-a"]}])",                      // no oldStart
      R"([{"oldStart":"1","oldLines":1,"newStart":1,"newLines":1,"lines":["-a"]}])",       // a string
      R"([{"oldStart":1.5,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a"]}])",       // not an integer
      R"([{"oldStart":-1,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a"]}])",        // negative
      R"([{"oldStart":1e300,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a"]}])",     // huge
      R"([{"oldStart":2147483648,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a"]}])",  // past 2^31 - 1
      R"([{"oldStart":18446744073709551615,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a"]}])",
      R"([{"oldStart":1,"oldLines":1,"newStart":1,"newLines":1,"lines":"-a"}])",           // lines not an array
      R"([{"oldStart":1,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a",7]}])",       // a line not a string
      R"([{"oldStart":1,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a"]},null])",    // one good hunk, one bad
  };
  for (const auto* patch : malformed) EXPECT_FALSE(patch_of(edit_result_with_patch(patch))) << patch;

  // Two tool results on one line: whose patch it is cannot be told.
  const auto& two = as<cc::UserMessage>(cc::parse_cli_line(
      R"({"type":"user","message":{"content":[{"tool_use_id":"a","type":"tool_result","content":"1"},{"tool_use_id":"b","type":"tool_result","content":"2"}]},"tool_use_result":{"structuredPatch":[{"oldStart":1,"oldLines":1,"newStart":1,"newLines":1,"lines":["-a","+b"]}]}})"));
  ASSERT_EQ(two.tool_results.size(), 2u);
  EXPECT_FALSE(two.tool_results[0].patch);
  EXPECT_FALSE(two.tool_results[1].patch);
}

std::string hunk_of(std::size_t count, const std::string& line) {
  std::string lines;
  for (std::size_t i = 0; i < count; ++i) lines += (i ? ",\"" : "\"") + line + "\"";
  return R"({"oldStart":1,"oldLines":)" + std::to_string(count) + R"(,"newStart":1,"newLines":0,"lines":[)" + lines + "]}";
}

TEST(CliEvent, APatchPastItsBoundsIsTruncated) {
  const auto patch_of = [](const std::string& hunks) {
    return as<cc::UserMessage>(cc::parse_cli_line(edit_result_with_patch(hunks))).tool_results.at(0).patch;
  };
  // Exactly at the line bound, over two hunks: carried whole.
  const auto at_lines = patch_of("[" + hunk_of(1000, "-x") + "," + hunk_of(cc::kMaxPatchLines - 1000, "-y") + "]");
  ASSERT_TRUE(at_lines);
  EXPECT_FALSE(at_lines->truncated);
  EXPECT_EQ(at_lines->hunks.at(0).lines.size() + at_lines->hunks.at(1).lines.size(), cc::kMaxPatchLines);

  // One line more, in the second hunk: no hunks at all, truncated.
  const auto past_lines = patch_of("[" + hunk_of(1000, "-x") + "," + hunk_of(cc::kMaxPatchLines - 999, "-y") + "]");
  ASSERT_TRUE(past_lines);
  EXPECT_TRUE(past_lines->truncated);
  EXPECT_TRUE(past_lines->hunks.empty());

  // Few lines, too many bytes.
  const auto past_bytes = patch_of("[" + hunk_of(3, "-" + std::string(cc::kMaxPatchBytes / 3 + 1, 'z')) + "]");
  ASSERT_TRUE(past_bytes);
  EXPECT_TRUE(past_bytes->truncated);
  EXPECT_TRUE(past_bytes->hunks.empty());

  // Past the bounds and malformed further on: no patch, as any malformed one.
  EXPECT_FALSE(patch_of("[" + hunk_of(cc::kMaxPatchLines + 1, "-x") + ",{}]"));
}

TEST(CliEvent, ResultSuccessAndErrors) {
  const auto& success = as<cc::TurnEnd>(cc::parse_cli_line(
      R"({"type":"result","subtype":"success","is_error":false,"api_error_status":null,"duration_ms":264,"duration_api_ms":152,"num_turns":1,"result":"Echo #1: first question alpha","stop_reason":"end_turn","session_id":"1660","total_cost_usd":0.000425,"usage":{"input_tokens":25,"output_tokens":12},"permission_denials":[],"terminal_reason":"completed"})"));
  EXPECT_EQ(success.subtype, "success");
  EXPECT_FALSE(success.is_error);
  EXPECT_EQ(success.result, "Echo #1: first question alpha");
  EXPECT_EQ(success.duration_ms, 264);
  EXPECT_EQ(success.num_turns, 1);
  EXPECT_DOUBLE_EQ(success.total_cost_usd, 0.000425);
  EXPECT_EQ(success.usage.at("output_tokens").as_int64(), 12);
  EXPECT_FALSE(success.api_error_status);
  EXPECT_EQ(success.terminal_reason, "completed");

  const auto& api_error = as<cc::TurnEnd>(cc::parse_cli_line(
      R"({"type":"result","subtype":"success","is_error":true,"api_error_status":529,"result":"API Error: 529 Overloaded.","session_id":"s"})"));
  EXPECT_TRUE(api_error.is_error);
  EXPECT_EQ(api_error.api_error_status, 529);

  const auto& interrupted = as<cc::TurnEnd>(cc::parse_cli_line(
      R"({"type":"result","subtype":"error_during_execution","is_error":true,"num_turns":2,"stop_reason":null,"terminal_reason":"aborted_streaming","errors":["[ede_diagnostic] result_type=user"]})"));
  EXPECT_EQ(interrupted.subtype, "error_during_execution");
  EXPECT_FALSE(interrupted.result);
  EXPECT_EQ(interrupted.errors.size(), 1u);
}

TEST(CliEvent, ControlProtocol) {
  const auto& prompt = as<cc::PermissionPrompt>(cc::parse_cli_line(
      R"({"type":"control_request","request_id":"fffb59c4","request":{"subtype":"can_use_tool","tool_name":"Bash","display_name":"Bash","input":{"command":"touch /p/t1.txt","description":"Print hello"},"description":"Print hello","permission_suggestions":[{"type":"addRules","rules":[{"toolName":"Bash","ruleContent":"touch /p/t1.txt"}],"behavior":"allow","destination":"localSettings"}],"blocked_path":"/p/t1.txt","tool_use_id":"toolu_fake_0001"}})"));
  EXPECT_EQ(prompt.request_id, "fffb59c4");
  EXPECT_EQ(prompt.tool_name, "Bash");
  EXPECT_EQ(prompt.input.at("command").as_string(), "touch /p/t1.txt");
  EXPECT_EQ(prompt.description, "Print hello");
  EXPECT_EQ(prompt.suggestions.size(), 1u);
  EXPECT_EQ(prompt.blocked_path, "/p/t1.txt");
  EXPECT_EQ(prompt.tool_use_id, "toolu_fake_0001");

  const auto& other = as<cc::OtherControlRequest>(cc::parse_cli_line(
      R"({"type":"control_request","request_id":"r9","request":{"subtype":"hook_callback","callback_id":"hook_0"}})"));
  EXPECT_EQ(other.subtype, "hook_callback");

  const auto& ok = as<cc::ControlResponse>(cc::parse_cli_line(
      R"({"type":"control_response","response":{"subtype":"success","request_id":"r_pm1","response":{"mode":"acceptEdits"}}})"));
  EXPECT_TRUE(ok.success);
  EXPECT_EQ(ok.request_id, "r_pm1");
  EXPECT_EQ(ok.response.at("mode").as_string(), "acceptEdits");

  const auto& failed = as<cc::ControlResponse>(cc::parse_cli_line(
      R"({"type":"control_response","response":{"subtype":"error","request_id":"r_pm3","error":"Cannot set permission mode"}})"));
  EXPECT_FALSE(failed.success);
  EXPECT_EQ(failed.error, "Cannot set permission mode");

  EXPECT_EQ(as<cc::ControlCancel>(cc::parse_cli_line(R"({"type":"control_cancel_request","request_id":"fffb"})")).request_id,
            "fffb");
}

TEST(CliEvent, GarbageIsUnrecognizedNeverFatal) {
  for (const char* line : {"", "   ", "this is not json", "[1,2]", "42", "\"text\"", "{", R"({"type":"foo"})",
                           R"({"no":"type"})", R"({"type":"assistant"})", R"({"type":"user","message":1})",
                           R"({"type":"control_request","request":{}})", R"({"type":"system","subtype":"init"})",
                           R"({"type":"stream_event"})", R"({"type":7})", "\xff\xfe"}) {
    EXPECT_TRUE(std::holds_alternative<cc::Unrecognized>(cc::parse_cli_line(line))) << line;
  }
  as<cc::Ignored>(cc::parse_cli_line(R"({"type":"keep_alive"})"));
  as<cc::Ignored>(cc::parse_cli_line(R"({"type":"system","subtype":"thinking_tokens","estimated_tokens":7})"));
}

TEST(CliEvent, WrongTypesInFieldsDoNotThrow) {
  // Same shapes, wrong JSON types everywhere: parsed leniently, never an exception.
  EXPECT_NO_THROW(cc::parse_cli_line(R"({"type":"system","subtype":"api_retry","attempt":"x","max_retries":null})"));
  // Numbers an int cannot hold count as absent (found by the fuzzer: undefined behaviour).
  const auto huge = as<cc::ApiRetry>(cc::parse_cli_line(
      R"({"type":"system","subtype":"api_retry","attempt":1e300,"max_retries":-1e300,"error_status":2147483648})"));
  EXPECT_EQ(huge.attempt, 0);
  EXPECT_EQ(huge.max_retries, 0);
  EXPECT_FALSE(huge.error_status);
  const auto end = as<cc::TurnEnd>(
      cc::parse_cli_line(R"({"type":"result","duration_ms":1e300,"duration_api_ms":-1e300,"num_turns":9.3e18})"));
  EXPECT_EQ(end.duration_ms, 0);
  EXPECT_EQ(end.duration_api_ms, 0);
  EXPECT_EQ(end.num_turns, 0);
  EXPECT_NO_THROW(cc::parse_cli_line(R"({"type":"assistant","message":{"id":5,"content":[1,"a",{"type":"tool_use","input":3}]}})"));
  EXPECT_NO_THROW(cc::parse_cli_line(R"({"type":"result","usage":7,"errors":"x","permission_denials":{}})"));
  EXPECT_NO_THROW(cc::parse_cli_line(R"({"type":"control_request","request_id":"r","request":{"subtype":"can_use_tool","input":[]}})"));
  // Deep nesting inside a tool input is legal for the CLI.
  std::string deep = R"({"type":"assistant","message":{"id":"m","content":[{"type":"tool_use","id":"t","name":"X","input":{"a":)";
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  deep += "}}]}}";
  EXPECT_TRUE(std::holds_alternative<cc::AssistantMessage>(cc::parse_cli_line(deep)));
}
