// tether-bench against the real server, briefly: each scenario must run without
// errors and write the JSON report that bench/run.sh and bench/summarize.py read.
#include "tests/support/server_process.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace tether::testing {
namespace {

struct BenchRun {
  int exit_code = -1;
  boost::json::object report;
};

BenchRun run_bench(const std::vector<std::string>& args) {
  std::string command = TETHER_BENCH_BINARY;
  for (const auto& arg : args) command += " '" + arg + "'";
  command += " --json -";
  BenchRun run;
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer{};
  while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  boost::system::error_code ec;
  auto value = boost::json::parse(output, ec);
  if (!ec && value.is_object()) run.report = value.as_object();
  return run;
}

double figure(const BenchRun& run, std::string_view name) {
  const auto* figures = run.report.if_contains("figures");
  if (!figures || !figures->is_object()) return -1;
  const auto* value = figures->as_object().if_contains(name);
  return value ? value->to_number<double>() : -1;
}

std::vector<std::string> common(const ServerProcess& server) {
  return {"--url", server.ws_url(), "--token", server.token(), "--server-pid", std::to_string(server.pid())};
}

// The scenario (a subcommand) comes first, then its options.
std::vector<std::string> with(const std::vector<std::string>& options, std::initializer_list<std::string> scenario) {
  std::vector<std::string> args(scenario);
  args.insert(args.end(), options.begin(), options.end());
  return args;
}

TEST(TetherBench, PingpongReportsThroughputAndLatency) {
  // The per-connection rate limit is part of what is measured elsewhere, not here.
  ServerProcess server({.extra_args = {"--backend", "echo", "--max-messages-per-second", "0"}});
  const auto run = run_bench(with(common(server), {"pingpong", "-c", "4", "-n", "2", "-d", "0.5", "--warmup", "0.1"}));
  ASSERT_EQ(run.exit_code, 0) << boost::json::serialize(run.report);
  EXPECT_EQ(run.report.at("scenario").as_string(), "pingpong");
  EXPECT_EQ(run.report.at("errors").to_number<double>(), 0);
  EXPECT_GT(figure(run, "messages_per_s"), 0);
  EXPECT_GT(figure(run, "rtt_p50_us"), 0);
  EXPECT_GE(figure(run, "rtt_p999_us"), figure(run, "rtt_p50_us"));
  EXPECT_GT(figure(run, "server_rss_max_kib"), 0);
  EXPECT_GE(figure(run, "bench_cpu_share"), 0);
}

TEST(TetherBench, PushCountsEveryStreamedPieceInEveryTab) {
  ServerProcess server({.extra_args = {"--backend", "echo", "--echo-delay-ms", "0"}});
  const auto run = run_bench(with(common(server), {"push", "-c", "5", "-w", "50", "-d", "10"}));
  ASSERT_EQ(run.exit_code, 0) << boost::json::serialize(run.report);
  EXPECT_EQ(figure(run, "tabs"), 5);
  EXPECT_GE(figure(run, "events_per_tab"), 50);
  EXPECT_EQ(figure(run, "events_delivered"), 5 * figure(run, "events_per_tab"));
  EXPECT_GT(figure(run, "events_per_s"), 0);
}

TEST(TetherBench, ConnectionsMeasuresServerMemory) {
  ServerProcess server({.extra_args = {"--backend", "echo"}});
  const auto run = run_bench(with(common(server), {"connections", "-c", "50", "-d", "0"}));
  ASSERT_EQ(run.exit_code, 0) << boost::json::serialize(run.report);
  EXPECT_EQ(figure(run, "connections_live"), 50);
  EXPECT_GT(figure(run, "server_rss_loaded_kib"), 0);
  EXPECT_GE(figure(run, "kib_per_connection"), 0);
}

TEST(TetherBench, StormLosesAndDuplicatesNothingAcrossAKill) {
  ServerProcess server({.extra_args = {"--backend", "echo", "--echo-delay-ms", "20"}});
  const auto ready = make_temp_dir("tether-storm") / "ready";
  // The fault: kill -9 once every session streams, then start again (same port, data).
  std::thread restarter([&server, &ready] {
    for (int i = 0; i < 500 && !std::filesystem::exists(ready); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    server.kill9();
    server.restart();
  });
  const auto run = run_bench(with(common(server), {"storm", "-c", "12", "-s", "3", "-w", "200", "-d", "15",
                                                   "--ready-file", ready.string()}));
  restarter.join();
  ASSERT_EQ(run.exit_code, 0) << boost::json::serialize(run.report);
  EXPECT_EQ(figure(run, "clients_finished"), 12);
  EXPECT_EQ(figure(run, "clients_that_lost_the_server"), 12);
  EXPECT_EQ(figure(run, "lost_events"), 0);
  EXPECT_EQ(figure(run, "duplicated_events"), 0);
  EXPECT_GT(figure(run, "events_received"), 0);
}

}  // namespace
}  // namespace tether::testing
