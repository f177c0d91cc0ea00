// Claude Code's own transcripts: parsing every kind of line the CLI writes, the listing
// summary (title, counts, incremental = one-shot), the thread at the latest leaf, turns,
// the chunked line reader, and the listing index over a temporary CLAUDE_CONFIG_DIR.
// The lines are shaped like those of Claude Code 2.1.197
// (/work/shared/reference/claude-code-transcripts.md).
#include "server/backends/claude_code/transcript_file.hpp"
#include "server/backends/claude_code/transcript_history.hpp"
#include "server/backends/claude_code/transcript_index.hpp"
#include "server/backends/claude_code/transcript_line.hpp"
#include "server/backends/claude_code/transcript_summary.hpp"
#include "tether/protocol/messages.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace cc = tether::server::claude_code;
namespace fs = std::filesystem;
using tether::protocol::MessageType;
using Kind = cc::TranscriptEntry::Kind;
using BlockKind = cc::TranscriptEntry::Block::Kind;

namespace {

constexpr const char* kSession = "1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f";

// A conversation as the CLI writes it: queue operations, a prompt, an attachment, one
// assistant message in three lines (thinking, text, tool_use) sharing message.id, tool
// results (string; text + image list with is_error), a second prompt with an image, a
// /model command (caveat, command-name, stdout: all meta), a subagent's sidechain lines,
// summary and ai-title lines, a compact boundary and the compact summary, a last prompt.
const std::vector<std::string> kConversation = {
    R"({"type":"queue-operation","operation":"enqueue","timestamp":"2026-12-01T09:00:00.000Z","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","content":"Fix the cart total"})",
    R"({"type":"queue-operation","operation":"dequeue","timestamp":"2026-12-01T09:00:00.010Z","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f"})",
    R"({"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","gitBranch":"main","type":"user","message":{"role":"user","content":"Fix the\n  cart total"},"uuid":"u1","timestamp":"2026-12-01T09:00:01.000Z","permissionMode":"default"})",
    R"({"parentUuid":"u1","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","type":"attachment","attachment":{"type":"skill_listing","content":"…"},"uuid":"at1","timestamp":"2026-12-01T09:00:01.100Z"})",
    R"({"parentUuid":"at1","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"thinking","thinking":"Look at cart.js first.","signature":"c2ln"}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,"output_tokens":1,"service_tier":"standard"}},"requestId":"req_1","type":"assistant","uuid":"a1","timestamp":"2026-12-01T09:00:02.000Z"})",
    R"({"parentUuid":"a1","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"I'll check the file."}],"stop_reason":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,"output_tokens":1}},"requestId":"req_1","type":"assistant","uuid":"a2","timestamp":"2026-12-01T09:00:02.100Z"})",
    R"({"parentUuid":"a2","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"cat cart.js","description":"Show cart.js"}}],"stop_reason":"tool_use","usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,"output_tokens":40}},"requestId":"req_1","type":"assistant","uuid":"a3","timestamp":"2026-12-01T09:00:02.200Z"})",
    R"({"parentUuid":"a3","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_1","type":"tool_result","content":"total = a + b","is_error":false}]},"uuid":"t1","timestamp":"2026-12-01T09:00:03.000Z","toolUseResult":{"stdout":"total = a + b","stderr":"","interrupted":false,"isImage":false,"noOutputExpected":false},"sourceToolAssistantUUID":"a3"})",
    R"({"parentUuid":"t1","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","message":{"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"toolu_2","name":"Read","input":{"file_path":"/home/ada/src/shop/cart.png"}}],"usage":{"input_tokens":20,"output_tokens":8}},"type":"assistant","uuid":"a4","timestamp":"2026-12-01T09:00:04.000Z"})",
    R"({"parentUuid":"a4","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_2","type":"tool_result","content":[{"type":"text","text":"line1"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUg=="}}],"is_error":true}]},"uuid":"t2","timestamp":"2026-12-01T09:00:05.000Z","toolUseResult":{"type":"image","file":{"base64":"iVBORw0KGgoAAAANSUhEUg==","type":"image/png"}}})",
    R"({"parentUuid":"t2","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","message":{"id":"msg_03","type":"message","role":"assistant","model":"claude-opus-4-1","content":[{"type":"text","text":"Fixed: the total now adds tax."}],"stop_reason":"end_turn","usage":{"input_tokens":30,"output_tokens":7,"cache_read_input_tokens":50}},"type":"assistant","uuid":"a5","timestamp":"2026-12-01T09:00:06.000Z"})",
    R"({"type":"last-prompt","lastPrompt":"Fix the cart total","leafUuid":"a5","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f"})",
    R"({"parentUuid":"a5","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","type":"user","message":{"role":"user","content":[{"type":"text","text":"What about"},{"type":"text","text":"this screenshot?"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},"uuid":"u2","timestamp":"2026-12-01T09:01:00.000Z"})",
    R"({"parentUuid":"u2","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","message":{"id":"msg_04","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"It shows the old total."}],"usage":{"input_tokens":3,"output_tokens":4}},"type":"assistant","uuid":"a6","timestamp":"2026-12-01T09:01:01.000Z"})",
    R"({"parentUuid":"a6","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","type":"user","message":{"role":"user","content":"<local-command-caveat>Caveat: The messages below were generated by the user while running local commands. DO NOT respond to these messages or otherwise consider them in your response unless the user explicitly asks you to.</local-command-caveat>"},"isMeta":true,"uuid":"m1","timestamp":"2026-12-01T09:02:00.000Z"})",
    R"({"parentUuid":"m1","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","type":"user","message":{"role":"user","content":"<command-name>/model</command-name>\n            <command-message>model</command-message>\n            <command-args></command-args>"},"uuid":"m2","timestamp":"2026-12-01T09:02:00.100Z"})",
    R"({"parentUuid":"m2","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","type":"user","message":{"role":"user","content":"<local-command-stdout>Set model to sonnet</local-command-stdout>"},"uuid":"m3","timestamp":"2026-12-01T09:02:00.200Z"})",
    R"({"parentUuid":null,"isSidechain":true,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","agentId":"ag1","type":"user","message":{"role":"user","content":"Search for the tests"},"uuid":"s1","timestamp":"2026-12-01T09:02:30.000Z"})",
    R"({"parentUuid":"s1","isSidechain":true,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","agentId":"ag1","message":{"id":"msg_s1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"Found 3 tests."}],"usage":{"input_tokens":1,"output_tokens":1}},"type":"assistant","uuid":"s2","timestamp":"2026-12-01T09:02:31.000Z"})",
    R"({"type":"summary","summary":"Fixing the cart total","leafUuid":"a6"})",
    R"({"type":"ai-title","aiTitle":"Cart total fix","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f"})",
    R"({"parentUuid":null,"logicalParentUuid":"m3","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","version":"2.1.197","type":"system","subtype":"compact_boundary","content":"Conversation compacted","isMeta":false,"timestamp":"2026-12-01T09:03:00.000Z","uuid":"cb1","level":"info","compactMetadata":{"trigger":"manual","preTokens":12345}})",
    R"({"parentUuid":"cb1","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","type":"user","message":{"role":"user","content":"This session is being continued from a previous conversation that ran out of context."},"isCompactSummary":true,"isVisibleInTranscriptOnly":true,"uuid":"cs1","timestamp":"2026-12-01T09:03:00.100Z"})",
    R"({"parentUuid":"cs1","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","type":"user","message":{"role":"user","content":"Now add tests"},"uuid":"u3","timestamp":"2026-12-01T09:04:00.000Z"})",
    R"({"parentUuid":"u3","isSidechain":false,"userType":"external","cwd":"/home/ada/src/shop","sessionId":"1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6f","message":{"id":"msg_05","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Added."}],"usage":{"input_tokens":2,"output_tokens":2}},"type":"assistant","uuid":"a7","timestamp":"2026-12-01T09:04:01.000Z"})",
};

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

std::vector<cc::TranscriptEntry> parse_all(const std::vector<std::string>& lines, int* skipped = nullptr) {
  std::vector<cc::TranscriptEntry> entries;
  for (const auto& line : lines) {
    if (auto entry = cc::parse_transcript_line(line)) entries.push_back(std::move(*entry));
    else if (skipped) ++*skipped;
  }
  return entries;
}

cc::TranscriptSummary summarize(const std::vector<std::string>& lines) {
  cc::TranscriptSummarizer summarizer;
  for (const auto& line : lines) summarizer.add_line(line);
  return summarizer.summary();
}

std::vector<std::string> uuids(const std::vector<const cc::TranscriptEntry*>& thread) {
  std::vector<std::string> out;
  for (const auto* entry : thread) out.push_back(entry->uuid);
  return out;
}

// A line of the main thread, shaped like the CLI's.
std::string prompt_line(const std::string& uuid, const std::string& parent, const std::string& text,
                        const std::string& timestamp, const std::string& cwd = "/home/ada/src/shop") {
  return R"({"parentUuid":)" + (parent.empty() ? std::string("null") : "\"" + parent + "\"") +
         R"(,"isSidechain":false,"userType":"external","cwd":")" + cwd + R"(","sessionId":")" + kSession +
         R"(","type":"user","message":{"role":"user","content":")" + text + R"("},"uuid":")" + uuid +
         R"(","timestamp":")" + timestamp + R"("})";
}

std::string assistant_line(const std::string& uuid, const std::string& parent, const std::string& message_id,
                           const std::string& text, const std::string& timestamp) {
  return R"({"parentUuid":")" + parent + R"(","isSidechain":false,"cwd":"/home/ada/src/shop","sessionId":")" + kSession +
         R"(","message":{"id":")" + message_id +
         R"(","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":")" + text +
         R"("}],"usage":{"input_tokens":1,"output_tokens":1}},"type":"assistant","uuid":")" + uuid +
         R"(","timestamp":")" + timestamp + R"("})";
}

// A fresh temporary folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("tether-transcripts-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code error;
    fs::remove_all(path_, error);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& file, std::string_view bytes, bool append = false) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

// --- parsing one line ------------------------------------------------------------------

TEST(TranscriptLine, StringPrompt) {
  const auto entry = cc::parse_transcript_line(kConversation[2]);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->kind, Kind::prompt);
  EXPECT_EQ(entry->type, "user");
  EXPECT_EQ(entry->uuid, "u1");
  EXPECT_EQ(entry->parent_uuid, "");
  EXPECT_FALSE(entry->sidechain);
  EXPECT_FALSE(entry->meta);
  EXPECT_EQ(entry->text, "Fix the\n  cart total");
  EXPECT_EQ(entry->timestamp, "2026-12-01T09:00:01.000Z");
  EXPECT_EQ(entry->cwd, "/home/ada/src/shop");
  EXPECT_EQ(entry->session_id, kSession);
}

TEST(TranscriptLine, PromptWithTextAndImageBlocks) {
  const auto entry = cc::parse_transcript_line(kConversation[12]);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->kind, Kind::prompt);
  EXPECT_EQ(entry->text, "What about\n\nthis screenshot?");
  ASSERT_EQ(entry->images.size(), 1u);
  EXPECT_EQ(entry->images[0].media_type, "image/png");
  EXPECT_EQ(entry->images[0].data, "AAAA");
  EXPECT_EQ(entry->parent_uuid, "a5");
}

TEST(TranscriptLine, AssistantBlocksOnePerLine) {
  const auto thinking = cc::parse_transcript_line(kConversation[4]);
  ASSERT_TRUE(thinking);
  EXPECT_EQ(thinking->kind, Kind::assistant);
  EXPECT_EQ(thinking->message_id, "msg_01");
  EXPECT_EQ(thinking->model, "claude-sonnet-4-5");
  EXPECT_EQ(thinking->usage.at("cache_read_input_tokens").as_int64(), 100);
  ASSERT_EQ(thinking->blocks.size(), 1u);
  EXPECT_EQ(thinking->blocks[0].kind, BlockKind::thinking);
  EXPECT_EQ(thinking->blocks[0].text, "Look at cart.js first.");

  const auto text = cc::parse_transcript_line(kConversation[5]);
  ASSERT_TRUE(text);
  ASSERT_EQ(text->blocks.size(), 1u);
  EXPECT_EQ(text->blocks[0].kind, BlockKind::text);
  EXPECT_EQ(text->blocks[0].text, "I'll check the file.");

  const auto tool = cc::parse_transcript_line(kConversation[6]);
  ASSERT_TRUE(tool);
  ASSERT_EQ(tool->blocks.size(), 1u);
  EXPECT_EQ(tool->blocks[0].kind, BlockKind::tool_use);
  EXPECT_EQ(tool->blocks[0].tool_use_id, "toolu_1");
  EXPECT_EQ(tool->blocks[0].name, "Bash");
  EXPECT_EQ(tool->blocks[0].input.at("command").as_string(), "cat cart.js");
  EXPECT_EQ(tool->usage.at("output_tokens").as_int64(), 40);
}

TEST(TranscriptLine, ToolResults) {
  const auto plain = cc::parse_transcript_line(kConversation[7]);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->kind, Kind::tool_results);
  ASSERT_EQ(plain->blocks.size(), 1u);
  EXPECT_EQ(plain->blocks[0].kind, BlockKind::tool_result);
  EXPECT_EQ(plain->blocks[0].tool_use_id, "toolu_1");
  EXPECT_EQ(plain->blocks[0].text, "total = a + b");
  EXPECT_FALSE(plain->blocks[0].is_error);

  const auto listed = cc::parse_transcript_line(kConversation[9]);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->kind, Kind::tool_results);
  ASSERT_EQ(listed->blocks.size(), 1u);
  EXPECT_EQ(listed->blocks[0].text, "line1\n[image]");  // the base64 is never kept
  EXPECT_TRUE(listed->blocks[0].is_error);
  EXPECT_TRUE(listed->images.empty());
}

TEST(TranscriptLine, LongToolResultIsCut) {
  const std::string big(cc::kMaxToolResultBytes + 1000, 'x');
  const auto line = R"({"type":"user","uuid":"t9","parentUuid":"a9","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":")" +
                    big + R"("}]}})";
  const auto entry = cc::parse_transcript_line(line);
  ASSERT_TRUE(entry);
  ASSERT_EQ(entry->blocks.size(), 1u);
  const auto& text = entry->blocks[0].text;
  EXPECT_EQ(text.substr(0, cc::kMaxToolResultBytes), std::string(cc::kMaxToolResultBytes, 'x'));
  EXPECT_EQ(text.substr(cc::kMaxToolResultBytes),
            "\n… (cut: " + std::to_string(big.size()) + " bytes in the transcript)");

  // A cut never splits a UTF-8 character.
  std::string accents = "a";
  while (accents.size() < cc::kMaxToolResultBytes + 10) accents += "é";
  const auto line2 = R"({"type":"user","uuid":"t9","message":{"content":[{"type":"tool_result","content":")" + accents + R"("}]}})";
  const auto entry2 = cc::parse_transcript_line(line2);
  ASSERT_TRUE(entry2);
  EXPECT_EQ(entry2->blocks[0].text.find('\n'), cc::kMaxToolResultBytes - 1);
}

TEST(TranscriptLine, MetaPrompts) {
  for (int i : {14, 16, 22}) {
    const auto entry = cc::parse_transcript_line(kConversation[static_cast<std::size_t>(i)]);
    ASSERT_TRUE(entry) << i;
    EXPECT_EQ(entry->kind, Kind::prompt) << i;
    EXPECT_TRUE(entry->meta) << i;
  }
  EXPECT_TRUE(cc::is_cli_wrapping("[Request interrupted by user]"));
  EXPECT_TRUE(cc::is_cli_wrapping("  <bash-input>ls</bash-input><bash-stdout>a</bash-stdout><bash-stderr></bash-stderr>"));
  EXPECT_FALSE(cc::is_cli_wrapping("<command-name>/review</command-name> and please hurry"));
  EXPECT_FALSE(cc::is_cli_wrapping("<command-name>unclosed"));
  EXPECT_FALSE(cc::is_cli_wrapping("Explain <local-command-stdout>"));
}

TEST(TranscriptLine, ASlashCommandIsThePromptAsTyped) {
  const auto model = cc::parse_transcript_line(kConversation[15]);
  ASSERT_TRUE(model);
  EXPECT_EQ(model->kind, Kind::prompt);
  EXPECT_FALSE(model->meta);
  EXPECT_EQ(model->text, "/model");
  EXPECT_EQ(cc::slash_command_text("<command-message>ship-it</command-message>\n<command-name>/ship-it</command-name>\n"
                                   "<command-args>now please</command-args>"),
            "/ship-it now please");
  EXPECT_EQ(cc::slash_command_text("<command-name>/review</command-name> and please hurry"), std::nullopt);
  EXPECT_EQ(cc::slash_command_text("<command-name>model</command-name>"), std::nullopt);  // not a slash command
  EXPECT_EQ(cc::slash_command_text("plain words"), std::nullopt);
}

TEST(TranscriptLine, SidechainSummaryTitlesAndOtherTypes) {
  const auto side = cc::parse_transcript_line(kConversation[17]);
  ASSERT_TRUE(side);
  EXPECT_TRUE(side->sidechain);
  EXPECT_EQ(side->kind, Kind::prompt);

  const auto summary = cc::parse_transcript_line(kConversation[19]);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->kind, Kind::summary);
  EXPECT_EQ(summary->summary, "Fixing the cart total");
  EXPECT_EQ(summary->leaf_uuid, "a6");

  const auto title = cc::parse_transcript_line(kConversation[20]);
  ASSERT_TRUE(title);
  EXPECT_EQ(title->kind, Kind::title);
  EXPECT_EQ(title->summary, "Cart total fix");

  const auto custom = cc::parse_transcript_line(R"({"type":"custom-title","customTitle":"Cart","sessionId":"x"})");
  ASSERT_TRUE(custom);
  EXPECT_EQ(custom->kind, Kind::title);
  EXPECT_EQ(custom->type, "custom-title");
  EXPECT_EQ(custom->summary, "Cart");

  for (int i : {0, 1, 3, 11, 21}) {
    const auto other = cc::parse_transcript_line(kConversation[static_cast<std::size_t>(i)]);
    ASSERT_TRUE(other) << i;
    EXPECT_EQ(other->kind, Kind::other) << i;
  }
  const auto last_prompt = cc::parse_transcript_line(kConversation[11]);
  EXPECT_EQ(last_prompt->leaf_uuid, "a5");
  const auto boundary = cc::parse_transcript_line(kConversation[21]);
  EXPECT_EQ(boundary->uuid, "cb1");
  EXPECT_EQ(boundary->parent_uuid, "");
  EXPECT_EQ(boundary->type, "system");

  const auto future = cc::parse_transcript_line(R"({"type":"hologram","uuid":"h1","shiny":[1,2,3]})");
  ASSERT_TRUE(future);
  EXPECT_EQ(future->kind, Kind::other);
}

TEST(TranscriptLine, MalformedLinesAreRejected) {
  const std::vector<std::string> bad = {
      "not json",
      R"({"type":"user","message":{"role":"user","content":"trunc)",
      "[1,2,3]",
      "\"a string\"",
      "42",
      R"({"type":42})",
      R"({"no":"type"})",
      R"({"type":"user","uuid":5,"message":{"role":"user","content":"x"}})",
      R"({"type":"user","uuid":"x","parentUuid":7,"message":{"role":"user","content":"x"}})",
      R"({"type":"user","uuid":"x","message":"hello"})",
      R"({"type":"user","uuid":"x","message":{"role":"user","content":12}})",
      R"({"type":"user","message":{"role":"user","content":"no uuid"}})",
      R"({"type":"assistant","uuid":"x","message":{"id":"m","content":7}})",
      R"({"type":"summary","summary":3})",
      R"({"type":"ai-title","aiTitle":null})",
      "{\"type\":\"user\",\"uuid\":\"x\",\"message\":{\"content\":\"bad \xff utf8\"}}",
      "{\"type\":\"user\",\"uuid\":\"x\",\"message\":{\"content\":\"overlong \xc0\xaf\"}}",
      R"({"type":"user"} trailing)",
  };
  for (const auto& line : bad) EXPECT_FALSE(cc::parse_transcript_line(line)) << line;

  // Ill-typed optional fields are ignored, not fatal.
  const auto lenient = cc::parse_transcript_line(
      R"({"type":"user","uuid":"x","isSidechain":"yes","timestamp":5,"cwd":[],"message":{"content":"hi"},"new":{}})");
  ASSERT_TRUE(lenient);
  EXPECT_FALSE(lenient->sidechain);
  EXPECT_EQ(lenient->timestamp, "");
  EXPECT_EQ(lenient->text, "hi");
}

// --- the listing summary ---------------------------------------------------------------

TEST(TranscriptSummary, WholeConversation) {
  const auto summary = summarize(kConversation);
  EXPECT_EQ(summary.claude_session_id, kSession);
  EXPECT_EQ(summary.cwd, "/home/ada/src/shop");
  EXPECT_EQ(summary.title, "Fixing the cart total");  // the summary line beats the ai-title
  EXPECT_EQ(summary.last_activity, "2026-12-01T09:04:01.000Z");
  // Prompts u1, u2, /model, u3 (meta and sidechain ones not); messages msg_01..msg_05.
  EXPECT_EQ(summary.message_count, 9);
  EXPECT_EQ(summary.skipped_lines, 0);
}

TEST(TranscriptSummary, TitleRules) {
  auto lines = std::vector<std::string>(kConversation.begin(), kConversation.begin() + 19);
  EXPECT_EQ(summarize(lines).title, "Fix the cart total");  // first prompt, whitespace collapsed
  lines.push_back(kConversation[20]);
  EXPECT_EQ(summarize(lines).title, "Cart total fix");  // ai-title
  lines.push_back(R"({"type":"ai-title","aiTitle":"Later title","sessionId":"x"})");
  EXPECT_EQ(summarize(lines).title, "Later title");  // the latest ai-title
  lines.push_back(kConversation[19]);
  EXPECT_EQ(summarize(lines).title, "Fixing the cart total");  // summary beats ai-title
  lines.push_back(R"({"type":"custom-title","customTitle":"My name for it","sessionId":"x"})");
  EXPECT_EQ(summarize(lines).title, "My name for it");  // the user's own name beats all

  // Meta prompts and slash commands never become the title; the first typed prompt does.
  const auto meta_first = summarize({kConversation[14], kConversation[15], prompt_line("p", "", "Real one", "2026-01-01T00:00:00Z")});
  EXPECT_EQ(meta_first.title, "Real one");
  EXPECT_EQ(meta_first.message_count, 2);  // "/model" and "Real one"
}

TEST(TranscriptSummary, OneLineTitle) {
  EXPECT_EQ(cc::one_line_title("  a \n\t b  "), "a b");
  EXPECT_EQ(cc::one_line_title(std::string(120, 'x')), std::string(120, 'x'));
  EXPECT_EQ(cc::one_line_title(std::string(121, 'x')), std::string(119, 'x') + "…");
  std::string accents;
  for (int i = 0; i < 130; ++i) accents += "é";
  std::string expected;
  for (int i = 0; i < 119; ++i) expected += "é";
  EXPECT_EQ(cc::one_line_title(accents), expected + "…");
  EXPECT_EQ(cc::one_line_title(std::string(118, 'x') + "   y  "), std::string(118, 'x') + " y");
  EXPECT_EQ(cc::one_line_title(std::string(119, 'x') + " yz"), std::string(119, 'x') + "…");
}

TEST(TranscriptSummary, MalformedLinesAreCounted) {
  auto lines = kConversation;
  lines.insert(lines.begin() + 3, "not json");
  lines.insert(lines.begin() + 5, "[1]");
  lines.insert(lines.begin() + 7, "");  // a blank line is no line: not counted
  lines.push_back(R"({"type":"assistant","uuid":"z","message":{"content":{}}})");
  const auto summary = summarize(lines);
  EXPECT_EQ(summary.skipped_lines, 3);
  EXPECT_EQ(summary.message_count, 9);
}

TEST(TranscriptSummary, IncrementalEqualsOneShotAtEverySplit) {
  const auto whole = summarize(kConversation);
  for (std::size_t split = 0; split <= kConversation.size(); ++split) {
    cc::TranscriptSummarizer first;
    for (std::size_t i = 0; i < split; ++i) first.add_line(kConversation[i]);
    cc::TranscriptSummarizer resumed = first;  // what the index keeps between reads
    for (std::size_t i = split; i < kConversation.size(); ++i) resumed.add_line(kConversation[i]);
    EXPECT_EQ(resumed.summary(), whole) << split;
  }
}

TEST(TranscriptSummary, IncrementalFileReadsEqualOneShotAtEveryByte) {
  TempDir dir;
  const auto file = dir.path() / "t.jsonl";
  const auto bytes = joined(kConversation);
  const auto whole = summarize(kConversation);
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    // Every byte around a line end, and every 50th elsewhere.
    const bool near_newline = bytes.find('\n', split >= 2 ? split - 2 : 0) <= split + 2;
    if (!near_newline && split % 50 != 0) continue;
    write_file(file, bytes.substr(0, split));
    cc::TranscriptSummarizer summarizer;
    auto on_line = [&](std::string_view line) { summarizer.add_line(line); };
    const auto first = cc::read_lines(file, 0, on_line);
    EXPECT_EQ(first.truncated_line_pending, split > 0 && bytes[split - 1] != '\n');
    write_file(file, bytes.substr(split), true);
    const auto second = cc::read_lines(file, first.end_offset, on_line);
    EXPECT_EQ(second.end_offset, bytes.size());
    EXPECT_FALSE(second.truncated_line_pending);
    EXPECT_EQ(first.lines + second.lines, static_cast<std::int64_t>(kConversation.size()));
    ASSERT_EQ(summarizer.summary(), whole) << "split at byte " << split;
  }
}

// --- the thread and its turns ----------------------------------------------------------

TEST(TranscriptHistory, MainThreadSkipsSidechainsAndCrossesTheCompactBoundary) {
  const auto entries = parse_all(kConversation);
  const auto thread = cc::main_thread(entries);
  EXPECT_EQ(uuids(thread), (std::vector<std::string>{"u1", "a1", "a2", "a3", "t1", "a4", "t2", "a5", "u2", "a6", "m1",
                                                     "m2", "m3", "cs1", "u3", "a7"}));
}

TEST(TranscriptHistory, TheLaterLeafOfABranchWins) {
  // Rewound: the user went back to a1 and asked again; both branches stay in the file.
  const std::vector<std::string> lines = {
      prompt_line("u1", "", "Start", "2026-01-01T00:00:00Z"),
      assistant_line("a1", "u1", "m1", "Hello", "2026-01-01T00:00:01Z"),
      prompt_line("u2a", "a1", "First try", "2026-01-01T00:00:02Z"),
      assistant_line("a2a", "u2a", "m2a", "Answer A", "2026-01-01T00:00:03Z"),
      prompt_line("u2b", "a1", "Second try", "2026-01-01T00:01:00Z"),
      assistant_line("a2b", "u2b", "m2b", "Answer B", "2026-01-01T00:01:01Z"),
  };
  const auto entries = parse_all(lines);
  EXPECT_EQ(uuids(cc::main_thread(entries)), (std::vector<std::string>{"u1", "a1", "u2b", "a2b"}));

  // Continuing the first branch later makes it the latest leaf again.
  auto more = lines;
  more.push_back(prompt_line("u3a", "a2a", "Back to A", "2026-01-01T00:02:00Z"));
  const auto entries2 = parse_all(more);
  EXPECT_EQ(uuids(cc::main_thread(entries2)), (std::vector<std::string>{"u1", "a1", "u2a", "a2a", "u3a"}));
}

TEST(TranscriptHistory, AMissingParentDoesNotLoseTheRest) {
  int skipped = 0;
  const std::vector<std::string> lines = {
      prompt_line("u1", "", "Start", "2026-01-01T00:00:00Z"),
      assistant_line("a1", "u1", "m1", "Hello", "2026-01-01T00:00:01Z"),
      R"({"type":"user","uuid":"lost","parentUuid":"a1","message":{"content":"half a line)",  // malformed
      prompt_line("u2", "lost", "Go on", "2026-01-01T00:00:02Z"),
      assistant_line("a2", "u2", "m2", "Done", "2026-01-01T00:00:03Z"),
      assistant_line("a3", "a3", "m3", "Self-parent", "2026-01-01T00:00:04Z"),  // a cycle
  };
  const auto entries = parse_all(lines, &skipped);
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ(uuids(cc::main_thread(entries)), (std::vector<std::string>{"u1", "a1", "u2", "a2", "a3"}));
  EXPECT_TRUE(cc::main_thread({}).empty());
}

TEST(TranscriptHistory, TurnsWithToolCalls) {
  const auto entries = parse_all(kConversation);
  const auto turns = cc::turns_of(cc::main_thread(entries));
  ASSERT_EQ(turns.size(), 4u);

  const auto& first = turns[0];
  EXPECT_EQ(first.prompt_uuid, "u1");
  EXPECT_EQ(first.prompt_text, "Fix the\n  cart total");
  EXPECT_EQ(first.started_at, "2026-12-01T09:00:01.000Z");
  EXPECT_EQ(first.ended_at, "2026-12-01T09:00:06.000Z");
  EXPECT_EQ(first.reply, "I'll check the file.\n\nFixed: the total now adds tax.");
  EXPECT_EQ(first.model, "claude-opus-4-1");
  ASSERT_EQ(first.events.size(), 5u);
  EXPECT_EQ(first.events[0].type, MessageType::thinking);
  EXPECT_EQ(boost::json::serialize(first.events[0].payload),
            R"({"delta":"","text":"Look at cart.js first.","isComplete":true})");
  EXPECT_EQ(first.events[1].type, MessageType::tool_use);
  EXPECT_EQ(boost::json::serialize(first.events[1].payload),
            R"({"toolUseId":"toolu_1","name":"Bash","input":{"command":"cat cart.js","description":"Show cart.js"},"replyOffset":20})")
      << "after \"I'll check the file.\"";
  EXPECT_EQ(first.events[2].type, MessageType::tool_result);
  EXPECT_EQ(boost::json::serialize(first.events[2].payload),
            R"({"toolUseId":"toolu_1","content":"total = a + b","isError":false})");
  EXPECT_EQ(first.events[3].type, MessageType::tool_use);
  EXPECT_EQ(first.events[4].type, MessageType::tool_result);
  EXPECT_EQ(boost::json::serialize(first.events[4].payload),
            R"({"toolUseId":"toolu_2","content":"line1\n[image]","isError":true})");
  // msg_01 counted once (its last line's usage), plus msg_02 and msg_03.
  EXPECT_EQ(first.usage.at("input_tokens").as_int64(), 10 + 20 + 30);
  EXPECT_EQ(first.usage.at("output_tokens").as_int64(), 40 + 8 + 7);
  EXPECT_EQ(first.usage.at("cache_read_input_tokens").as_int64(), 100 + 50);
  EXPECT_EQ(first.usage.at("cache_creation_input_tokens").as_int64(), 5);
  EXPECT_FALSE(first.usage.contains("service_tier"));

  EXPECT_EQ(turns[1].prompt_uuid, "u2");
  EXPECT_EQ(turns[1].prompt_text, "What about\n\nthis screenshot?");
  ASSERT_EQ(turns[1].images.size(), 1u);
  EXPECT_EQ(turns[1].reply, "It shows the old total.");
  EXPECT_TRUE(turns[1].events.empty());

  EXPECT_EQ(turns[2].prompt_uuid, "m2");  // the /model typed in the terminal: a turn without a reply
  EXPECT_EQ(turns[2].prompt_text, "/model");
  EXPECT_EQ(turns[2].reply, "");

  EXPECT_EQ(turns[3].prompt_uuid, "u3");  // the compact summary (meta) starts no turn
  EXPECT_EQ(turns[3].reply, "Added.");
  EXPECT_EQ(turns[3].usage.at("input_tokens").as_int64(), 2);
}

TEST(TranscriptHistory, LinesBeforeTheFirstPromptFormATurnWithoutPrompt) {
  const std::vector<std::string> lines = {
      assistant_line("a0", "gone", "m0", "Resumed text", "2026-01-01T00:00:00Z"),
      prompt_line("u1", "a0", "Next", "2026-01-01T00:00:01Z"),
      assistant_line("a1", "u1", "m1", "", "2026-01-01T00:00:02Z"),  // an empty text block adds nothing
  };
  const auto entries = parse_all(lines);
  const auto turns = cc::turns_of(cc::main_thread(entries));
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[0].prompt_uuid, "");
  EXPECT_EQ(turns[0].prompt_text, "");
  EXPECT_EQ(turns[0].reply, "Resumed text");
  EXPECT_EQ(turns[1].reply, "");
}

TEST(TranscriptHistory, AnImportedEditCarriesItsPatchAsLive) {
  // The Edit's result line as Claude Code 2.1.197 writes it (originalFile shortened).
  const std::vector<std::string> lines = {
      prompt_line("u1", "", "Fix line 20", "2026-01-01T00:00:00Z"),
      R"({"type":"assistant","uuid":"a1","parentUuid":"u1","message":{"id":"m1","content":[{"type":"tool_use","id":"toolu_e","name":"Edit","input":{"file_path":"/w/f.txt","old_string":"line 20","new_string":"LINE 20"}}]}})",
      R"({"parentUuid":"a1","isSidechain":false,"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_e","type":"tool_result","content":"The file /w/f.txt has been updated successfully."}]},"uuid":"t1","timestamp":"2026-01-01T00:00:02Z","toolUseResult":{"filePath":"/w/f.txt","oldString":"line 20","newString":"LINE 20","originalFile":"…","structuredPatch":[{"oldStart":19,"oldLines":3,"newStart":19,"newLines":3,"lines":[" line 19","-line 20","+LINE 20"," line 21"]}],"userModified":false,"replaceAll":false},"sourceToolAssistantUUID":"a1"})",
      R"({"parentUuid":"t1","isSidechain":false,"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_f","type":"tool_result","content":"ok"}]},"uuid":"t2","timestamp":"2026-01-01T00:00:03Z","toolUseResult":{"structuredPatch":[{"oldStart":"19","oldLines":3,"newStart":19,"newLines":3,"lines":[]}]}})",
  };
  const auto entries = parse_all(lines);
  ASSERT_EQ(entries.size(), 4u);
  ASSERT_TRUE(entries[2].blocks.at(0).patch);
  EXPECT_EQ(entries[2].blocks.at(0).patch->hunks.at(0).old_start, 19);
  EXPECT_FALSE(entries[3].blocks.at(0).patch) << "a malformed patch is no patch";
  const auto turns = cc::turns_of(cc::main_thread(entries));
  ASSERT_EQ(turns.size(), 1u);
  ASSERT_EQ(turns[0].events.size(), 3u);
  EXPECT_EQ(turns[0].events[1].type, MessageType::tool_result);
  EXPECT_EQ(boost::json::serialize(turns[0].events[1].payload),
            R"({"toolUseId":"toolu_e","content":"The file /w/f.txt has been updated successfully.","isError":false,)"
            R"("patch":[{"oldStart":19,"oldLines":3,"newStart":19,"newLines":3,"lines":[" line 19","-line 20","+LINE 20"," line 21"]}]})");
  EXPECT_EQ(boost::json::serialize(turns[0].events[2].payload), R"({"toolUseId":"toolu_f","content":"ok","isError":false})");
}

TEST(TranscriptHistory, HugeUsageValuesSaturate) {
  const std::vector<std::string> lines = {
      prompt_line("u1", "", "Start", "2026-01-01T00:00:00Z"),
      R"({"type":"assistant","uuid":"a1","parentUuid":"u1","message":{"id":"m1","content":[],"usage":{"input_tokens":9223372036854775807,"output_tokens":1e300}}})",
      R"({"type":"assistant","uuid":"a2","parentUuid":"a1","message":{"id":"m2","content":[],"usage":{"input_tokens":5,"output_tokens":18446744073709551615}}})",
  };
  const auto entries = parse_all(lines);
  const auto turns = cc::turns_of(cc::main_thread(entries));
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_EQ(turns[0].usage.at("input_tokens").as_int64(), std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(turns[0].usage.contains("output_tokens"));
}

// --- reading lines from a file ---------------------------------------------------------

TEST(TranscriptFile, HalfWrittenLastLineIsLeftForLater) {
  TempDir dir;
  const auto file = dir.path() / "t.jsonl";
  write_file(file, "one\ntwo\nthr");
  std::vector<std::string> lines;
  auto on_line = [&](std::string_view line) { lines.emplace_back(line); };
  auto result = cc::read_lines(file, 0, on_line);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(result.end_offset, 8u);
  EXPECT_EQ(result.lines, 2);
  EXPECT_TRUE(result.truncated_line_pending);

  write_file(file, "ee\n", true);
  result = cc::read_lines(file, result.end_offset, on_line);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(result.end_offset, 14u);
  EXPECT_FALSE(result.truncated_line_pending);

  // Nothing new: nothing read.
  result = cc::read_lines(file, result.end_offset, on_line);
  EXPECT_EQ(result.lines, 0);
  EXPECT_EQ(result.end_offset, 14u);

  EXPECT_TRUE(cc::read_lines(dir.path() / "missing.jsonl", 0, on_line).failed);
}

TEST(TranscriptFile, CrlfAndEmptyLines) {
  TempDir dir;
  const auto file = dir.path() / "t.jsonl";
  write_file(file, "a\r\n\r\nb\r\n\nc\n");
  std::vector<std::string> lines;
  const auto result = cc::read_lines(file, 0, [&](std::string_view line) { lines.emplace_back(line); });
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "", "b", "", "c"}));
  EXPECT_EQ(result.end_offset, 11u);
}

TEST(TranscriptFile, LinesLongerThanTheBoundAreSkippedWhole) {
  TempDir dir;
  const auto file = dir.path() / "t.jsonl";
  // Lines across several chunks (1 MiB) and buffer growths.
  const std::string big(3u << 20, 'b');
  const std::string fits((2u << 20) - 1, 'f');
  write_file(file, "first\n" + big + "\nmiddle\n" + fits + "\nlast\n" + big);
  std::vector<std::string> lines;
  const auto result =
      cc::read_lines(file, 0, [&](std::string_view line) { lines.emplace_back(line); }, std::size_t{2} << 20);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "first");
  EXPECT_EQ(lines[1], "middle");
  EXPECT_EQ(lines[2], fits);
  EXPECT_EQ(lines[3], "last");
  EXPECT_EQ(result.skipped_long_lines, 1);
  EXPECT_TRUE(result.truncated_line_pending);  // the last, unfinished long line
  EXPECT_EQ(result.end_offset, 6 + big.size() + 1 + 7 + fits.size() + 1 + 5);

  // A tiny bound, a tiny line, many lines.
  std::string many;
  for (int i = 0; i < 10000; ++i) many += (i % 10 == 0 ? std::string(20, 'L') : "s") + "\n";
  write_file(file, many);
  int count = 0;
  auto on_small = [&](std::string_view line) {
    EXPECT_EQ(line, "s");
    ++count;
  };
  const auto small = cc::read_lines(file, 0, on_small, 10);
  EXPECT_EQ(count, 9000);
  EXPECT_EQ(small.skipped_long_lines, 1000);
  EXPECT_EQ(small.end_offset, many.size());
}

// --- the index -------------------------------------------------------------------------

namespace {

constexpr const char* kId1 = "11111111-1111-4111-8111-111111111111";
constexpr const char* kId2 = "22222222-2222-4222-8222-222222222222";
constexpr const char* kId3 = "33333333-3333-4333-8333-333333333333";
constexpr const char* kId4 = "44444444-4444-4444-8444-444444444444";
constexpr const char* kId5 = "55555555-5555-4555-8555-555555555555";
constexpr const char* kId6 = "66666666-6666-4666-8666-666666666666";
constexpr const char* kId7 = "77777777-7777-4777-8777-777777777777";

std::string transcript(const std::string& cwd, const std::string& day, const std::string& prompt) {
  return prompt_line("u1", "", prompt, day + "T10:00:00.000Z", cwd) + "\n" +
         assistant_line("a1", "u1", "m1", "ok", day + "T10:00:01.000Z") + "\n";
}

std::vector<std::string> ids_of(const std::vector<cc::TranscriptListing>& listings) {
  std::vector<std::string> ids;
  for (const auto& listing : listings) ids.push_back(listing.summary.claude_session_id);
  return ids;
}

struct IndexFixture : ::testing::Test {
  TempDir dir;
  fs::path projects = dir.path() / "projects";
  std::vector<fs::path> roots = {"/tmp/x/a"};

  void SetUp() override {
    // The root itself, and a directory inside it.
    write_file(projects / "-tmp-x-a" / (std::string(kId1) + ".jsonl"), transcript("/tmp/x/a", "2026-03-01", "In root"));
    write_file(projects / "-tmp-x-a-b" / (std::string(kId2) + ".jsonl"), transcript("/tmp/x/a/b", "2026-03-02", "In b"));
    // The same folder name for /tmp/x/a-b (the encoding is lossy): outside the root.
    write_file(projects / "-tmp-x-a-b" / (std::string(kId3) + ".jsonl"), transcript("/tmp/x/a-b", "2026-03-03", "Sibling"));
    // /tmp/x/ab: its folder name shares a prefix but is not a child.
    write_file(projects / "-tmp-x-ab" / (std::string(kId4) + ".jsonl"), transcript("/tmp/x/ab", "2026-03-04", "ab"));
    write_file(projects / "-home-other" / (std::string(kId5) + ".jsonl"), transcript("/home/other", "2026-03-05", "Other"));
    // Names that are not transcripts.
    write_file(projects / "-tmp-x-a-c" / "notes.jsonl", transcript("/tmp/x/a/c", "2026-03-06", "Notes"));
    write_file(projects / "-tmp-x-a-c" / (std::string(kId6) + ".jsonl.bak"), transcript("/tmp/x/a/c", "2026-03-06", "Bak"));
    // A symlinked folder and a symlinked file are not followed.
    write_file(dir.path() / "elsewhere" / (std::string(kId6) + ".jsonl"), transcript("/tmp/x/a/link", "2026-03-07", "Link"));
    fs::create_directory_symlink(dir.path() / "elsewhere", projects / "-tmp-x-a-link");
    fs::create_symlink(projects / "-tmp-x-a-b" / (std::string(kId2) + ".jsonl"),
                       projects / "-tmp-x-a-b" / (std::string(kId7) + ".jsonl"));
  }
};

}  // namespace

TEST(TranscriptIndexNames, EncodeProjectFolder) {
  EXPECT_EQ(cc::encode_project_folder("/home/ada/src/my.shop_v2"), "-home-ada-src-my-shop-v2");
  EXPECT_EQ(cc::encode_project_folder("/a b/café"), "-a-b-caf-");         // é: one UTF-16 unit
  EXPECT_EQ(cc::encode_project_folder("/x/\xF0\x9F\x98\x80"), "-x---");  // 😀: two
  // Longer than 200: cut, and the CLI's hash of the path (computed with its own rule).
  const std::string long_path = "/home/ada/" + std::string(250, 'x') + "/proj";
  EXPECT_EQ(cc::encode_project_folder(long_path), "-home-ada-" + std::string(190, 'x') + "-5sdswq");
  std::string accented = "/home/ada/";
  for (int i = 0; i < 200; ++i) accented += "é";
  accented += "/q";
  EXPECT_EQ(cc::encode_project_folder(accented), "-home-ada-" + std::string(190, '-') + "-6f349g");

  EXPECT_TRUE(cc::folder_may_hold("-tmp-x-a", "/tmp/x/a"));
  EXPECT_TRUE(cc::folder_may_hold("-tmp-x-a-b", "/tmp/x/a"));
  EXPECT_FALSE(cc::folder_may_hold("-tmp-x-ab", "/tmp/x/a"));
  EXPECT_FALSE(cc::folder_may_hold("-tmp-x", "/tmp/x/a"));
  EXPECT_TRUE(cc::folder_may_hold("-anything", "/"));
  // A long root: its descendants' names are cut too.
  const std::string long_root = "/" + std::string(210, 'r');
  EXPECT_TRUE(cc::folder_may_hold(cc::encode_project_folder(long_root), long_root));
  EXPECT_TRUE(cc::folder_may_hold(cc::encode_project_folder(long_root + "/child"), long_root));
  EXPECT_FALSE(cc::folder_may_hold(cc::encode_project_folder("/q" + std::string(209, 'r') + "/child"), long_root));

  EXPECT_TRUE(tether::protocol::is_uuid(kId1));
  EXPECT_TRUE(tether::protocol::is_uuid("1660D7D8-8D2A-4B6E-9F3C-2A1B3C4D5E6F"));
  EXPECT_FALSE(tether::protocol::is_uuid("1660d7d8-8d2a-4b6e-9f3c-2a1b3c4d5e6"));
  EXPECT_FALSE(tether::protocol::is_uuid("../../../../etc/passwd-0000-0000-0000"));
  EXPECT_FALSE(tether::protocol::is_uuid("1660d7d8_8d2a-4b6e-9f3c-2a1b3c4d5e6f"));

  EXPECT_TRUE(cc::path_inside("/tmp/x/a", "/tmp/x/a"));
  EXPECT_TRUE(cc::path_inside("/tmp/x/a/b/", "/tmp/x/a"));
  EXPECT_FALSE(cc::path_inside("/tmp/x/a-b", "/tmp/x/a"));
  EXPECT_FALSE(cc::path_inside("/tmp/x/ab", "/tmp/x/a"));
  EXPECT_FALSE(cc::path_inside("/tmp/x/a/../b", "/tmp/x/a"));
  EXPECT_FALSE(cc::path_inside("tmp/x/a", "/tmp/x/a"));
  EXPECT_TRUE(cc::path_inside("/anything", "/"));
}

TEST_F(IndexFixture, ListsOnlyTranscriptsInsideTheRoots) {
  cc::TranscriptIndex index(dir.path());
  const auto listings = index.list(roots);
  EXPECT_EQ(ids_of(listings), (std::vector<std::string>{kId2, kId1}));  // newest first
  ASSERT_EQ(listings.size(), 2u);
  EXPECT_EQ(listings[0].summary.cwd, "/tmp/x/a/b");
  EXPECT_EQ(listings[0].summary.title, "In b");
  EXPECT_EQ(listings[0].summary.message_count, 2);
  EXPECT_EQ(listings[0].bytes, fs::file_size(listings[0].file));
  EXPECT_EQ(listings[0].file, projects / "-tmp-x-a-b" / (std::string(kId2) + ".jsonl"));
  // Read: kId1, kId2, kId3 (same folder); not kId4, kId5, the symlinks or other names.
  EXPECT_EQ(index.bytes_read(), fs::file_size(listings[0].file) + fs::file_size(listings[1].file) +
                                    fs::file_size(projects / "-tmp-x-a-b" / (std::string(kId3) + ".jsonl")));

  // Two roots: the sibling's folder is now covered too.
  EXPECT_EQ(ids_of(index.list({"/tmp/x/a", "/tmp/x/a-b", "/home/other"})), (std::vector<std::string>{kId5, kId3, kId2, kId1}));
  EXPECT_TRUE(index.list({"/nowhere"}).empty());
  EXPECT_TRUE(cc::TranscriptIndex(dir.path() / "missing").list(roots).empty());
}

TEST_F(IndexFixture, ReadsOnlyWhatChanged) {
  cc::TranscriptIndex index(dir.path());
  const auto file1 = projects / "-tmp-x-a" / (std::string(kId1) + ".jsonl");
  const auto file2 = projects / "-tmp-x-a-b" / (std::string(kId2) + ".jsonl");
  index.list(roots);
  auto before = index.bytes_read();

  // Nothing changed: nothing read.
  index.list(roots);
  EXPECT_EQ(index.bytes_read(), before);

  // Grown by one turn: only the new bytes are read, and the count grows.
  const auto turn = prompt_line("u2", "a1", "More", "2026-03-09T10:00:00.000Z", "/tmp/x/a") + "\n" +
                    assistant_line("a2", "u2", "m2", "sure", "2026-03-09T10:00:01.000Z") + "\n";
  write_file(file1, turn, true);
  auto listings = index.list(roots);
  EXPECT_EQ(index.bytes_read() - before, turn.size());
  EXPECT_EQ(ids_of(listings), (std::vector<std::string>{kId1, kId2}));  // now the newest
  EXPECT_EQ(listings[0].summary.message_count, 4);
  EXPECT_EQ(listings[0].summary.last_activity, "2026-03-09T10:00:01.000Z");
  before = index.bytes_read();

  // A half-written line: not counted until it is complete.
  const auto third = prompt_line("u3", "a2", "Third", "2026-03-10T10:00:00.000Z", "/tmp/x/a");
  write_file(file1, third.substr(0, 40), true);
  listings = index.list(roots);
  EXPECT_EQ(listings[0].summary.message_count, 4);
  EXPECT_EQ(listings[0].summary.skipped_lines, 0);
  write_file(file1, third.substr(40) + "\n", true);
  listings = index.list(roots);
  EXPECT_EQ(listings[0].summary.message_count, 5);
  EXPECT_EQ(listings[0].summary.skipped_lines, 0);
  EXPECT_EQ(listings[0].summary, cc::TranscriptIndex(dir.path()).list(roots)[0].summary);  // = a cold read
  before = index.bytes_read();

  // Shrunk (rewritten shorter): read again from the start.
  const auto shorter = prompt_line("u1", "", "Rewritten", "2026-03-02T09:00:00.000Z", "/tmp/x/a/b") + "\n";
  write_file(file2, shorter);
  listings = index.list(roots);
  EXPECT_EQ(index.bytes_read() - before, shorter.size());
  ASSERT_EQ(listings.size(), 2u);
  EXPECT_EQ(listings[1].summary.title, "Rewritten");
  EXPECT_EQ(listings[1].summary.message_count, 1);
  before = index.bytes_read();

  // Replaced by a longer file (a new inode, renamed over it): read again from the start.
  const auto replacement = transcript("/tmp/x/a/b", "2026-03-20", "Replaced") + "\n";
  write_file(dir.path() / "new.jsonl", replacement);
  fs::rename(dir.path() / "new.jsonl", file2);
  listings = index.list(roots);
  EXPECT_EQ(index.bytes_read() - before, replacement.size());
  EXPECT_EQ(listings[0].summary.title, "Replaced");
  EXPECT_EQ(listings[0].summary.message_count, 2);

  // Rewritten in place, same inode, grown: the bytes before the old end differ.
  before = index.bytes_read();
  const auto rewritten = transcript("/tmp/x/a", "2026-03-25", "In place") + turn + turn;
  {
    std::fstream out(file1, std::ios::binary | std::ios::in | std::ios::out);
    out.write(rewritten.data(), static_cast<std::streamsize>(rewritten.size()));
  }
  listings = index.list(roots);
  EXPECT_EQ(listings[0].summary.title, "In place");
  EXPECT_EQ(index.bytes_read() - before, fs::file_size(file1));

  // Deleted: gone from the list.
  fs::remove(file2);
  EXPECT_EQ(ids_of(index.list(roots)), (std::vector<std::string>{kId1}));
}

TEST_F(IndexFixture, FindAndFileFor) {
  cc::TranscriptIndex index(dir.path());
  // Not listed yet: found by scanning.
  auto found = index.find(kId2, roots);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->summary.cwd, "/tmp/x/a/b");
  EXPECT_EQ(found->summary.claude_session_id, kId2);
  EXPECT_FALSE(index.find(kId3, roots));  // its cwd is outside the roots
  EXPECT_FALSE(index.find(kId5, roots));
  EXPECT_FALSE(index.find(kId6, roots));  // only behind a symlinked folder
  EXPECT_FALSE(index.find(kId7, roots));  // a symlinked file
  EXPECT_FALSE(index.find("../../etc/passwd", roots));
  EXPECT_FALSE(index.find("99999999-9999-4999-8999-999999999999", roots));

  // From the cache, and up to date.
  index.list(roots);
  const auto file1 = projects / "-tmp-x-a" / (std::string(kId1) + ".jsonl");
  write_file(file1, prompt_line("u2", "a1", "More", "2026-03-09T10:00:00.000Z", "/tmp/x/a") + "\n", true);
  found = index.find(kId1, roots);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->summary.message_count, 3);
  EXPECT_EQ(found->file, file1);

  EXPECT_EQ(index.file_for("/tmp/x/a/b", kId2), projects / "-tmp-x-a-b" / (std::string(kId2) + ".jsonl"));
  EXPECT_EQ(index.file_for("/tmp/x/a", "../evil"), fs::path());
}
