// /metrics against the real binary, read by a real Prometheus text-format parser
// (python3-prometheus-client): protected like the API, and its figures move with what
// the server does.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace tether::testing {
namespace {

using protocol::MessageType;

// Every sample as "name{label="value",...}" -> value, as the parser read it; empty when
// the parser refused the text (its error is printed).
std::map<std::string, double> parse_exposition(const std::string& text, const std::filesystem::path& dir) {
  const auto input = dir / "metrics.txt";
  std::ofstream(input) << text;
  const std::string script =
      "import sys\n"
      "from prometheus_client.parser import text_string_to_metric_families\n"
      "for family in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
      "    for s in family.samples:\n"
      "        labels = ','.join(f'{k}=\"{v}\"' for k, v in sorted(s.labels.items()))\n"
      "        print(f'{s.name}{{{labels}}} {s.value}')\n";
  std::ofstream(dir / "parse.py") << script;
  // Debian's python3 (scripts/setup.sh installs the parser for it), not one on PATH.
  const auto command = "/usr/bin/python3 " + (dir / "parse.py").string() + " " + input.string() + " 2>&1";
  std::map<std::string, double> samples;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return samples;
  std::string output;
  char buffer[4096];
  while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  if (::pclose(pipe) != 0) {
    ADD_FAILURE() << "the Prometheus parser refused the exposition:\n" << output;
    return {};
  }
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    const auto space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

TEST(Metrics, AParserReadsThemAndTheyFollowWhatTheServerDoes) {
  const auto dir = make_temp_dir("tether-metrics-");
  ServerProcess server{ServerOptions{{"--backend", "echo", "--echo-delay-ms", "0"}}};
  EXPECT_EQ(http_request(server.port(), "GET", "/metrics").status, 401u) << "protected like the API";
  const std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + server.token()}};

  const auto session = create_session(server.port(), server.token());
  WsTestClient tab(server.port(), WsOptions{server.token(), std::nullopt, {}});
  join(tab, session);
  const auto id = tab.send(MessageType::chat_request, protocol::to_json(protocol::ChatRequest{session, words(50), std::nullopt}));
  tab.read_until([&](const protocol::Envelope& e) { return is_response_to(e, id); });
  tab.send(MessageType::chat_request, boost::json::object{{"sessionId", session}});  // no message: invalid_message

  const auto answer = http_request(server.port(), "GET", "/metrics", "", bearer);
  ASSERT_EQ(answer.status, 200u);
  EXPECT_NE(answer.headers.at("content-type").find("text/plain; version=0.0.4"), std::string::npos);
  auto samples = parse_exposition(answer.body, dir);
  ASSERT_FALSE(samples.empty());
  EXPECT_EQ(samples["tether_connections{transport=\"websocket\"}"], 1);
  EXPECT_EQ(samples["tether_connections{transport=\"sse\"}"], 0);
  EXPECT_EQ(samples["tether_sessions_loaded{}"], 1);
  EXPECT_GE(samples["tether_events_stored_total{}"], 52) << "the request, 50 words, the response";
  EXPECT_GE(samples["tether_events_delivered_total{}"], 52);
  EXPECT_GT(samples["tether_store_commit_seconds_count{}"], 0);
  EXPECT_EQ(samples["tether_store_commit_seconds_bucket{le=\"+Inf\"}"], samples["tether_store_commit_seconds_count{}"]);
  EXPECT_GE(samples["tether_errors_total{code=\"unauthorized\"}"], 1);
  EXPECT_EQ(samples["tether_turns_running{}"], 0);
  std::filesystem::remove_all(dir);
}

// --metrics-listen: an address of its own that answers /metrics without the token, and
// nothing else (the API stays behind the token, on the main address only).
TEST(Metrics, AScraperAddressServesMetricsOnlyWithoutTheToken) {
  const auto dir = make_temp_dir("tether-metrics-");
  ServerProcess server{ServerOptions{{"--backend", "echo", "--metrics-listen", "127.0.0.1:0"}}};
  const auto log = server.log();
  const auto at = log.find("metrics: http://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << log;
  const auto port = static_cast<unsigned short>(std::stoi(log.substr(at + std::string("metrics: http://127.0.0.1:").size())));
  ASSERT_NE(port, server.port());

  const auto scraped = http_request(port, "GET", "/metrics");
  ASSERT_EQ(scraped.status, 200u) << scraped.body;
  auto samples = parse_exposition(scraped.body, dir);
  EXPECT_EQ(samples.count("tether_sessions_loaded{}"), 1u);
  const auto api = http_request(port, "GET", "/api/sessions");
  EXPECT_EQ(api.status, 404u);
  EXPECT_NE(api.body.find("\"hint\""), std::string::npos) << api.body;
  EXPECT_EQ(http_request(port, "POST", "/metrics").status, 405u);
  EXPECT_EQ(http_request(server.port(), "GET", "/metrics").status, 401u) << "still behind the token on the main address";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tether::testing
