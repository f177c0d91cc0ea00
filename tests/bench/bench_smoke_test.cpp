// tether-bench against the real server, briefly: each scenario must run without
// errors and write the JSON report that bench/run.sh and bench/summarize.py read. And
// the C++ peers of bench/run.sh, briefly, so that they cannot rot unnoticed.
#include "tests/support/server_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <stdexcept>
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

TEST(TetherBench, PushOnTwoThreadsCountsEveryPieceToo) {
  // Each connection on a strand of its own: the first tab is read by one coroutine while
  // another sends the request on it.
  ServerProcess server({.extra_args = {"--backend", "echo", "--echo-delay-ms", "0"}});
  const auto run =
      run_bench(with(common(server), {"push", "-c", "8", "-w", "2000", "-r", "2", "-d", "20", "--threads", "2"}));
  ASSERT_EQ(run.exit_code, 0) << boost::json::serialize(run.report);
  EXPECT_EQ(run.report.at("errors").to_number<double>(), 0);
  EXPECT_GE(figure(run, "events_per_tab"), 2000);
  EXPECT_EQ(figure(run, "events_delivered"), 2 * 8 * figure(run, "events_per_tab"));
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

// A peer of bench/run.sh (`PEER 0`): started on a free port, read from the line it
// prints ("... listening at ws://127.0.0.1:PORT/"), stopped with SIGTERM.
class PeerProcess {
 public:
  explicit PeerProcess(const std::string& binary) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execl(binary.c_str(), binary.c_str(), "0", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string printed;
    static const std::regex kLine(R"(ws://127\.0\.0\.1:(\d+)/)");
    std::smatch match;
    while (!std::regex_search(printed, match, kLine)) {
      pollfd fd{out[0], POLLIN, 0};
      char buffer[256];
      const auto n = poll(&fd, 1, 10000) > 0 ? read(out[0], buffer, sizeof buffer) : -1;
      if (n <= 0) break;
      printed.append(buffer, static_cast<std::size_t>(n));
    }
    close(out[0]);  // the peers print one line
    if (!match.empty()) port_ = static_cast<unsigned short>(std::stoi(match[1]));
  }
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;
  ~PeerProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }

  unsigned short port() const { return port_; }
  std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/api/claude/ws"; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

// Ping-pong and a push to a few tabs, as bench/run.sh drives the peers (`--session`: a
// peer has no REST API to create one).
void check_peer(const std::string& binary) {
  PeerProcess peer(binary);
  ASSERT_NE(peer.port(), 0) << binary << " did not print its port";
  const std::vector<std::string> options{"--url", peer.ws_url(), "--server-pid", std::to_string(peer.pid())};
  const auto pingpong = run_bench(with(options, {"pingpong", "-c", "4", "-n", "2", "-d", "0.5", "--warmup", "0.1"}));
  ASSERT_EQ(pingpong.exit_code, 0) << boost::json::serialize(pingpong.report);
  EXPECT_EQ(pingpong.report.at("errors").to_number<double>(), 0);
  EXPECT_GT(figure(pingpong, "messages_per_s"), 0);
  const auto push = run_bench(with(options, {"push", "-c", "5", "-w", "50", "-d", "10", "--session", "bench"}));
  ASSERT_EQ(push.exit_code, 0) << boost::json::serialize(push.report);
  EXPECT_EQ(figure(push, "tabs"), 5);
  EXPECT_GE(figure(push, "events_per_tab"), 50);
  EXPECT_EQ(figure(push, "events_delivered"), 5 * figure(push, "events_per_tab"));
}

TEST(BenchPeers, NaiveBeastAnswersPingpongAndPush) { check_peer(TETHER_PEER_NAIVE_BEAST_BINARY); }

TEST(BenchPeers, WebsocketppAnswersPingpongAndPush) {
#ifdef TETHER_PEER_WEBSOCKETPP_BINARY
  check_peer(TETHER_PEER_WEBSOCKETPP_BINARY);
#else
  GTEST_SKIP() << "tether-peer-websocketpp not built (libwebsocketpp-dev missing)";
#endif
}

}  // namespace
}  // namespace tether::testing
