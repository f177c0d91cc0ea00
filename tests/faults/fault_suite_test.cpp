// The fault suite: libtether against the real `tether serve` through the fault proxy.
// Every test checks what the application saw (exact replies, seqs in order, nothing
// twice) and, where it matters, what the server stored.
#include "conversation.hpp"
#include "fault_proxy.hpp"
#include "fault_support.hpp"
#include "tests/support/server_process.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <condition_variable>
#include <thread>

namespace tether::test {
namespace {
using namespace std::chrono_literals;
using tether::testing::ServerOptions;
using tether::testing::ServerProcess;

ServerOptions echo_server(int delay_ms) {
  ServerOptions options;
  options.extra_args = {"--echo-delay-ms", std::to_string(delay_ms)};
  return options;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

std::string describe(const ClientState& s) {
  return std::string(to_string(s.status)) + " via " + std::string(to_string(s.transport)) + ": " + s.last_error;
}

std::vector<StoredMessage> of_role(const SessionHistory& history, const std::string& role) {
  std::vector<StoredMessage> out;
  for (const auto& m : history.messages)
    if (m.role == role) out.push_back(m);
  return out;
}

TEST(FaultSuite, HundredTurnsUnderRandomResetsLoseNothing) {
  ServerProcess server(echo_server(1));
  FaultProxy proxy({.upstream_port = server.port(), .seed = 42});
  proxy.set_split(true);  // frames also arrive cut at random points
  const auto config = fast_config(proxy.port(), server.token());
  const auto session = RestClient(fast_config(server.port(), server.token())).create_session("resets").id;
  Conversation chat(config);
  chat.client().join(session);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_connected(10s)) << describe(chat.state());
  proxy.start_random_resets(200ms, 2000ms);

  std::vector<std::pair<std::string, std::string>> sent;  // request id, message
  for (int turn = 0; turn < 100; ++turn) {
    const auto message = words(200, std::to_string(turn));
    const auto id = chat.client().send_chat(session, message);
    ASSERT_TRUE(chat.wait_reply(id, 30s)) << "turn " << turn << ": " << describe(chat.state()) << "\nqueued "
                                          << chat.client().queued() << ", reply so far: " << chat.reply_text(id).size()
                                          << " bytes\n" << chat.recent() << "\nserver log:\n" << server.log();
    ASSERT_EQ(chat.reply_text(id), message) << "turn " << turn;
    sent.emplace_back(id, message);
  }
  proxy.stop_random_resets();
  EXPECT_GE(proxy.resets(), 5u) << "the faults must actually have happened";
  EXPECT_TRUE(chat.violations().empty()) << joined(chat.violations()) << "\nserver log:\n" << server.log();

  const auto history = RestClient(fast_config(server.port(), server.token())).get_session(session);
  const auto users = of_role(history, "user");
  const auto replies = of_role(history, "assistant");
  ASSERT_EQ(users.size(), 100u) << "no user message lost or doubled";
  ASSERT_EQ(replies.size(), 100u);
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(users[i].request_id, sent[i].first) << i;
    EXPECT_EQ(users[i].content, sent[i].second) << i;
    EXPECT_EQ(replies[i].content, sent[i].second) << i;
  }
}

TEST(FaultSuite, HalfOpenConnectionIsNoticedAndTheClientResumes) {
  ServerProcess server(echo_server(1));
  FaultProxy proxy({.upstream_port = server.port()});
  const auto config = fast_config(proxy.port(), server.token());
  const auto session = RestClient(fast_config(server.port(), server.token())).create_session("half-open").id;
  Conversation chat(config);
  chat.client().join(session);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_state([](const ClientState& s) { return s.latency.has_value(); }, 10s));

  const auto from = chat.state_count();
  const auto start = std::chrono::steady_clock::now();
  proxy.set_silent(true);
  ASSERT_TRUE(chat.wait_state_seen([](const ClientState& s) { return s.status == ConnectionStatus::disconnected; },
                                   from, 5s));
  const auto noticed = std::chrono::steady_clock::now() - start;
  EXPECT_LE(noticed, config.ping_interval + config.pong_timeout + 300ms)
      << std::chrono::duration_cast<std::chrono::milliseconds>(noticed).count() << " ms";

  const auto message = words(30, "h");
  const auto id = chat.client().send_chat(session, message);  // queued while the path is dead
  proxy.set_silent(false);
  ASSERT_TRUE(chat.wait_reply(id, 15s)) << describe(chat.state());
  EXPECT_EQ(chat.reply_text(id), message);
  EXPECT_TRUE(chat.violations().empty()) << joined(chat.violations());
}

TEST(FaultSuite, ServerKilledMidReplyAndRestarted) {
  ServerProcess server(echo_server(15));
  FaultProxy proxy({.upstream_port = server.port()});
  const auto config = fast_config(proxy.port(), server.token());
  const auto session = RestClient(fast_config(server.port(), server.token())).create_session("kill").id;
  Conversation chat(config);
  chat.client().join(session);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_connected(10s));

  const auto first = words(80, "k");
  const auto id = chat.client().send_chat(session, first);
  ASSERT_TRUE(chat.wait_until([&] { return chat.deltas_locked(id) >= 5; }, 10s));
  server.kill9();
  server.restart();

  // The client comes back by itself; the cut reply is completed as interrupted.
  ASSERT_TRUE(chat.wait_reply(id, 30s)) << describe(chat.state());
  EXPECT_EQ(chat.stop_reason(id), protocol::StopReason::interrupted);
  const auto partial = chat.reply_text(id);
  EXPECT_FALSE(partial.empty());
  EXPECT_TRUE(first.starts_with(partial)) << partial;
  EXPECT_EQ(chat.state().status, ConnectionStatus::connected);

  const auto second = words(20, "after");
  const auto id2 = chat.client().send_chat(session, second);
  ASSERT_TRUE(chat.wait_reply(id2, 15s)) << describe(chat.state());
  EXPECT_EQ(chat.reply_text(id2), second);
  EXPECT_TRUE(chat.violations().empty()) << joined(chat.violations());

  const auto history = RestClient(fast_config(server.port(), server.token())).get_session(session);
  const auto users = of_role(history, "user");
  const auto replies = of_role(history, "assistant");
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].content, first);
  EXPECT_EQ(users[1].content, second);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].content, partial);
  EXPECT_EQ(replies[0].stop_reason, std::optional<std::string>("interrupted"));
  EXPECT_EQ(replies[1].content, second);
}

TEST(FaultSuite, RefusedUpgradesUseTheFallbackThenReturnToTheWebSocket) {
  ServerProcess server(echo_server(1));
  FaultProxy proxy({.upstream_port = server.port()});
  proxy.set_refuse_upgrades(true);
  auto config = fast_config(proxy.port(), server.token());
  config.max_retries = 3;
  const auto session = RestClient(fast_config(server.port(), server.token())).create_session("fallback").id;
  Conversation chat(config);
  chat.client().join(session);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_connected(10s, TransportKind::http_fallback)) << describe(chat.state());
  EXPECT_GE(proxy.upgrades_refused(), 1u);

  const auto over_http = words(50, "f");
  const auto id1 = chat.client().send_chat(session, over_http);
  ASSERT_TRUE(chat.wait_reply(id1, 15s)) << describe(chat.state());
  EXPECT_EQ(chat.reply_text(id1), over_http);

  proxy.set_refuse_upgrades(false);
  ASSERT_TRUE(chat.wait_connected(10s, TransportKind::websocket)) << describe(chat.state());
  const auto over_ws = words(50, "w");
  const auto id2 = chat.client().send_chat(session, over_ws);
  ASSERT_TRUE(chat.wait_reply(id2, 15s)) << describe(chat.state());
  EXPECT_EQ(chat.reply_text(id2), over_ws);
  EXPECT_TRUE(chat.violations().empty()) << joined(chat.violations());
  const auto users = of_role(RestClient(fast_config(server.port(), server.token())).get_session(session), "user");
  EXPECT_EQ(users.size(), 2u);
}

TEST(FaultSuite, DelayedThrottledSplitStreamsStillDeliverEverything) {
  ServerProcess server(echo_server(1));
  FaultProxy proxy({.upstream_port = server.port(), .seed = 7});
  proxy.set_split(true);
  proxy.set_delay(5ms);
  proxy.set_throttle(200'000);
  const auto session = RestClient(fast_config(server.port(), server.token())).create_session("slow").id;
  Conversation chat(fast_config(proxy.port(), server.token()));
  chat.client().join(session);
  chat.client().connect();
  for (int turn = 0; turn < 5; ++turn) {
    const auto message = words(100, "s" + std::to_string(turn));
    const auto id = chat.client().send_chat(session, message);
    ASSERT_TRUE(chat.wait_reply(id, 20s)) << describe(chat.state());
    EXPECT_EQ(chat.reply_text(id), message);
  }
  EXPECT_TRUE(chat.violations().empty()) << joined(chat.violations());
}

TEST(FaultSuite, WssWithACustomCaIsAccepted) {
  ServerProcess server(echo_server(1));
  const auto folder = std::filesystem::temp_directory_path() / ("tether-wss-" + std::to_string(::getpid()));
  const auto certificate = make_self_signed_certificate(folder);
  FaultProxy tls({.upstream_port = server.port(),
                  .tls_certificate_file = certificate.certificate.string(),
                  .tls_key_file = certificate.key.string()});
  auto config = fast_config(tls.port(), server.token(), true);
  config.ca_file = certificate.certificate.string();
  const auto session = RestClient(config).create_session("wss").id;  // REST over https too
  Conversation chat(config);
  chat.client().join(session);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_connected(10s)) << describe(chat.state());
  const auto message = words(10, "tls");
  const auto id = chat.client().send_chat(session, message);
  ASSERT_TRUE(chat.wait_reply(id, 10s));
  EXPECT_EQ(chat.reply_text(id), message);
  std::filesystem::remove_all(folder);
}

TEST(FaultSuite, WrongTokenIsAnErrorWithoutRetries) {
  ServerProcess server(echo_server(1));
  Conversation chat(fast_config(server.port(), "not-the-token"));
  chat.client().connect();
  ASSERT_TRUE(chat.wait_state([](const ClientState& s) { return s.status == ConnectionStatus::error; }, 10s));
  EXPECT_NE(chat.state().last_error.find("401"), std::string::npos) << chat.state().last_error;
}

TEST(FaultSuite, DisconnectStopsEverythingAndReconnectComesBack) {
  ServerProcess server(echo_server(1));
  FaultProxy proxy({.upstream_port = server.port()});
  const auto session = RestClient(fast_config(server.port(), server.token())).create_session("manual").id;
  Conversation chat(fast_config(proxy.port(), server.token()));
  chat.client().join(session);
  chat.client().connect();
  ASSERT_TRUE(chat.wait_connected(10s));
  chat.client().disconnect();
  ASSERT_TRUE(chat.wait_state(
      [](const ClientState& s) { return s.status == ConnectionStatus::disconnected && !s.is_reconnecting; }, 5s));
  const auto accepted = proxy.connections_accepted();
  const auto queued = chat.client().send_chat(session, "while stopped");
  // Nothing reconnects by itself: wait well past several retry delays.
  EXPECT_FALSE(chat.wait_state([](const ClientState& s) { return s.status != ConnectionStatus::disconnected; },
                               1500ms));
  EXPECT_EQ(proxy.connections_accepted(), accepted);
  chat.client().reconnect();
  ASSERT_TRUE(chat.wait_reply(queued, 10s)) << describe(chat.state());
  EXPECT_EQ(chat.reply_text(queued), "while stopped");
}

TEST(FaultSuite, RunsOnTheApplicationsIoContext) {
  ServerProcess server(echo_server(1));
  const auto config = fast_config(server.port(), server.token());
  const auto session = RestClient(config).create_session("io").id;
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread runner([&io] { io.run(); });
  {
    WebSocketClient client(config, io);
    std::mutex mutex;
    std::condition_variable done;
    ReplyAssembler replies;
    std::string id;
    client.on_message([&](const protocol::Envelope& envelope) {
      std::lock_guard lock(mutex);
      replies.apply(envelope);
      done.notify_all();
    });
    client.join(session);
    {
      std::lock_guard lock(mutex);
      id = client.send_chat(session, "on your thread");
    }
    client.connect();
    std::unique_lock lock(mutex);
    ASSERT_TRUE(done.wait_for(lock, 10s, [&] { return replies.find(id) && replies.find(id)->complete; }));
    EXPECT_EQ(replies.find(id)->text, "on your thread");
  }
  work.reset();
  io.stop();
  runner.join();
}

TEST(FaultSuite, ChatOneShotPrintsTheReplyAndFailsClearly) {
  ServerProcess server(echo_server(1));
  const auto base = std::string(TETHER_BINARY) + " chat --url " + server.http_url() + " --token " + server.token();
  const auto ok = run_command(base + " -m 'hello there, world' </dev/null");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "hello there, world\n");

  const auto piped = run_command("printf 'from a pipe\\n' | " + base + " -m -");
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, "from a pipe\n");

  const auto session = RestClient(fast_config(server.port(), server.token())).create_session("cli").id;
  const auto again = run_command(base + " --session " + session + " -m 'second turn' </dev/null");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "second turn\n") << "only the new reply, not the history";

  server.stop();
  const auto down = run_command(base + " -m 'anyone?' </dev/null");
  EXPECT_NE(down.exit_code, 0);
  EXPECT_TRUE(down.out.empty()) << down.out;
  EXPECT_NE(down.err.find("tether chat:"), std::string::npos) << down.err;
}

}  // namespace
}  // namespace tether::test
