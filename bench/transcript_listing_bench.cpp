// Listing Claude Code's transcripts (server/backends/claude_code/transcript_index.hpp):
// a machine with 2,000 conversations of ~50 KB in 40 projects and one of 200 MB (tool
// results of ~100 KB, base64 images). Cold: a new index reads everything; warm: nothing
// changed, nothing read; grown: one file gained one turn. Also the parse throughput of
// the 200 MB file for the listing summary and for a history import.
//   transcript_listing_bench [--benchmark_filter=…]   (TMPDIR: where the files go, ~310 MB)
#include "server/backends/claude_code/transcript_file.hpp"
#include "server/backends/claude_code/transcript_history.hpp"
#include "server/backends/claude_code/transcript_index.hpp"
#include "server/backends/claude_code/transcript_line.hpp"
#include "server/backends/claude_code/transcript_summary.hpp"

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace cc = tether::server::claude_code;
namespace fs = std::filesystem;

namespace {

constexpr int kProjects = 40;
constexpr int kTranscripts = 2000;
constexpr std::size_t kSmallBytes = 50 * 1024;
constexpr std::size_t kLargeBytes = 200u * 1024 * 1024;
const fs::path kRoot = "/home/bench/src";

struct Machine {
  fs::path config_dir;
  fs::path large_file;
  fs::path growing_file;
  std::string growing_cwd;
  std::uint64_t total_bytes = 0;
};

Machine& machine() {
  static Machine instance;
  return instance;
}

std::string uuid_for(std::mt19937_64& random) {
  static const char* hex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 36; ++i) id += (i == 8 || i == 13 || i == 18 || i == 23) ? '-' : hex[random() % 16];
  return id;
}

// Text as the CLI escapes it in JSON: words, newlines as \n, some quotes.
std::string escaped_text(std::mt19937_64& random, std::size_t bytes) {
  static const char* words[] = {"const", "total", "return", "cart", "items", "price", "\\\"tax\\\"", "function",
                                "if", "for", "let", "=", "+", "(a, b)", "{", "}", "// note", "0.2"};
  std::string text;
  while (text.size() < bytes) {
    text += words[random() % std::size(words)];
    text += random() % 8 == 0 ? "\\n" : " ";
  }
  return text;
}

std::string base64(std::mt19937_64& random, std::size_t bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string data(bytes, 'A');
  for (auto& c : data) c = alphabet[random() % 64];
  return data;
}

// Writes one conversation of about `bytes`, turn by turn, as the CLI writes it.
class Writer {
 public:
  Writer(const fs::path& file, std::string cwd, std::string session, std::mt19937_64& random)
      : out_(file, std::ios::binary | std::ios::app), cwd_(std::move(cwd)), session_(std::move(session)), random_(random) {}

  void turn(int n, std::size_t tool_result_bytes, bool image_prompt, bool image_result) {
    const auto prompt_uuid = next_uuid();
    std::string content = "\"" + escaped_text(random_, 120) + "\"";
    if (image_prompt)
      content = R"([{"type":"text","text":"What is wrong in this screenshot?"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":")" +
                base64(random_, 200 * 1024) + R"("}}])";
    line(prompt_uuid, R"("type":"user","message":{"role":"user","content":)" + content + "}", n);
    const auto message = "msg_" + next_uuid();
    const std::string usage = R"("usage":{"input_tokens":120,"cache_creation_input_tokens":300,"cache_read_input_tokens":9000,"output_tokens":80,"service_tier":"standard"})";
    auto assistant = [&](const std::string& block) {
      line(next_uuid(), R"("type":"assistant","requestId":"req_1","message":{"id":")" + message +
                            R"(","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[)" + block +
                            R"(],"stop_reason":null,)" + usage + "}",
           n);
    };
    assistant(R"({"type":"thinking","thinking":")" + escaped_text(random_, 300) + R"(","signature":"c2lnbmF0dXJl"})");
    assistant(R"({"type":"text","text":")" + escaped_text(random_, 200) + R"("})");
    const auto tool = "toolu_" + std::to_string(n);
    assistant(R"({"type":"tool_use","id":")" + tool + R"(","name":"Bash","input":{"command":"cat src/cart.js","description":"Show the cart"}})");
    std::string result = "\"" + escaped_text(random_, tool_result_bytes) + "\"";
    if (image_result)
      result = R"([{"type":"text","text":"screenshot"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":")" +
               base64(random_, tool_result_bytes) + R"("}}])";
    line(next_uuid(), R"("type":"user","message":{"role":"user","content":[{"tool_use_id":")" + tool +
                          R"(","type":"tool_result","content":)" + result + R"(,"is_error":false}]},"toolUseResult":{"stdout":"…","stderr":"","interrupted":false,"isImage":false})",
         n);
    const auto final_message = "msg_" + next_uuid();
    line(next_uuid(), R"("type":"assistant","message":{"id":")" + final_message +
                          R"(","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":")" +
                          escaped_text(random_, 400) + R"("}],"stop_reason":"end_turn",)" + usage + "}",
         n);
  }

  std::uint64_t bytes() { return static_cast<std::uint64_t>(out_.tellp()); }

 private:
  std::string next_uuid() { return uuid_for(random_); }

  void line(const std::string& uuid, const std::string& body, int n) {
    char timestamp[40];
    std::snprintf(timestamp, sizeof timestamp, "2026-%02d-%02dT%02d:%02d:%02d.000Z", 1 + (n / 2000) % 12, 1 + (n / 80) % 28,
                  (n / 60) % 24, n % 60, static_cast<int>(random_() % 60));
    out_ << R"({"parentUuid":)" << (parent_.empty() ? std::string("null") : "\"" + parent_ + "\"")
         << R"(,"isSidechain":false,"userType":"external","cwd":")" << cwd_ << R"(","sessionId":")" << session_
         << R"(","version":"2.1.197","gitBranch":"main",)" << body << R"(,"uuid":")" << uuid << R"(","timestamp":")"
         << timestamp << "\"}\n";
    parent_ = uuid;
  }

  std::ofstream out_;
  std::string cwd_, session_, parent_;
  std::mt19937_64& random_;
};

void generate() {
  auto& m = machine();
  const char* tmp = std::getenv("TMPDIR");
  m.config_dir = fs::path(tmp ? tmp : "/tmp") / ("tether-transcript-bench-" + std::to_string(::getpid()));
  std::mt19937_64 random(42);
  for (int i = 0; i < kTranscripts; ++i) {
    const auto cwd = (kRoot / ("project-" + std::to_string(i % kProjects))).string();
    const auto folder = m.config_dir / "projects" / cc::encode_project_folder(cwd);
    fs::create_directories(folder);
    const auto id = uuid_for(random);
    const auto file = folder / (id + ".jsonl");
    Writer writer(file, cwd, id, random);
    for (int t = 0; writer.bytes() < kSmallBytes; ++t) writer.turn(i * 10 + t, 2 * 1024, false, false);
    if (i == 7) {
      m.growing_file = file;
      m.growing_cwd = cwd;
    }
  }
  const auto cwd = (kRoot / "big-project").string();
  const auto folder = m.config_dir / "projects" / cc::encode_project_folder(cwd);
  fs::create_directories(folder);
  const auto id = uuid_for(random);
  m.large_file = folder / (id + ".jsonl");
  {
    Writer writer(m.large_file, cwd, id, random);
    std::size_t written = 0;
    for (int t = 0; written < kLargeBytes; ++t) {
      // Every 20th turn a screenshot in the prompt, every 25th an image tool result.
      writer.turn(t, 100 * 1024, t % 20 == 0, t % 25 == 0);
      written += 100 * 1024 + 3 * 1024 + (t % 20 == 0 ? 200 * 1024 : 0);
    }
  }
  for (const auto& entry : fs::recursive_directory_iterator(m.config_dir))
    if (entry.is_regular_file()) m.total_bytes += entry.file_size();
}

const std::vector<fs::path>& roots() {
  static const std::vector<fs::path> value = {kRoot};
  return value;
}

void BM_ColdListing(benchmark::State& state) {
  std::size_t listed = 0;
  for (auto _ : state) {
    cc::TranscriptIndex index(machine().config_dir);
    listed = index.list(roots()).size();
    benchmark::DoNotOptimize(listed);
  }
  state.counters["transcripts"] = static_cast<double>(listed);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * machine().total_bytes));
}
BENCHMARK(BM_ColdListing)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_WarmListing(benchmark::State& state) {
  cc::TranscriptIndex index(machine().config_dir);
  index.list(roots());
  const auto read_before = index.bytes_read();
  for (auto _ : state) benchmark::DoNotOptimize(index.list(roots()).size());
  state.counters["bytes_read"] = static_cast<double>(index.bytes_read() - read_before);
}
BENCHMARK(BM_WarmListing)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WarmListingAfterOneFileGrew(benchmark::State& state) {
  cc::TranscriptIndex index(machine().config_dir);
  index.list(roots());
  std::mt19937_64 random(7);
  const auto read_before = index.bytes_read();
  int turn = 100000;
  for (auto _ : state) {
    state.PauseTiming();
    {
      Writer writer(machine().growing_file, machine().growing_cwd, "grow", random);
      writer.turn(turn++, 2 * 1024, false, false);
    }
    state.ResumeTiming();
    benchmark::DoNotOptimize(index.list(roots()).size());
  }
  state.counters["bytes_read_per_listing"] =
      static_cast<double>(index.bytes_read() - read_before) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_WarmListingAfterOneFileGrew)->Unit(benchmark::kMillisecond)->UseRealTime();

// The listing summary of the 200 MB file: read in chunks, every line parsed.
void BM_SummarizeLargeTranscript(benchmark::State& state) {
  const auto size = fs::file_size(machine().large_file);
  for (auto _ : state) {
    cc::TranscriptSummarizer summarizer;
    cc::read_lines(machine().large_file, 0, [&](std::string_view line) { summarizer.add_line(line); });
    benchmark::DoNotOptimize(summarizer.summary().message_count);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_SummarizeLargeTranscript)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// A history import of the 200 MB file: every entry held, the thread, the turns.
void BM_ImportLargeTranscript(benchmark::State& state) {
  const auto size = fs::file_size(machine().large_file);
  std::size_t turns = 0;
  for (auto _ : state) {
    std::vector<cc::TranscriptEntry> entries;
    cc::read_lines(machine().large_file, 0, [&](std::string_view line) {
      if (auto entry = cc::parse_transcript_line(line)) entries.push_back(std::move(*entry));
    });
    turns = cc::turns_of(cc::main_thread(entries)).size();
    benchmark::DoNotOptimize(turns);
  }
  state.counters["turns"] = static_cast<double>(turns);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_ImportLargeTranscript)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  generate();
  std::fprintf(stderr, "generated %llu bytes in %s (the large transcript: %llu bytes)\n",
               static_cast<unsigned long long>(machine().total_bytes), machine().config_dir.c_str(),
               static_cast<unsigned long long>(fs::file_size(machine().large_file)));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::error_code error;
  fs::remove_all(machine().config_dir, error);
  return 0;
}
