// The connection state machine: connect, backoff schedule, max attempts, reset on
// success, manual reconnect, disconnect, connect timeout, half-open detection, stale
// transports and timers. All on a fake clock.
#include "core_harness.hpp"

namespace tether::test {
namespace {

ClientConfig no_fallback() {
  auto config = test_config();
  config.enable_fallback = false;
  return config;
}

TEST(CoreConnection, ConnectsWhenTheServerSaysConnectionStatus) {
  CoreHarness h;
  h.core().connect();
  h.pump();
  ASSERT_EQ(h.opens(), 1u);
  EXPECT_EQ(h.last_open_kind(), TransportKind::websocket);
  EXPECT_EQ(h.state().status, ConnectionStatus::connecting);
  EXPECT_EQ(h.timer(TimerKind::connect_timeout), milliseconds(10'000)) << "the documented default";

  h.accept(h.last_open());
  EXPECT_EQ(h.state().status, ConnectionStatus::connected);
  EXPECT_EQ(h.state().transport, TransportKind::websocket);
  EXPECT_FALSE(h.timer(TimerKind::connect_timeout));
  EXPECT_FALSE(h.state().latency);
}

TEST(CoreConnection, LatencyComesFromThePongOfTheLastPing) {
  CoreHarness h;
  const auto g = h.connect_now();
  h.advance(milliseconds(0));
  h.advance(milliseconds(3));
  h.answer_pings(g);
  ASSERT_TRUE(h.state().latency);
  EXPECT_EQ(*h.state().latency, milliseconds(3));
  EXPECT_EQ(h.timer(TimerKind::ping), milliseconds(15'000)) << "next ping after the documented interval";
  h.advance(milliseconds(15'000));
  h.advance(milliseconds(42));
  h.answer_pings(g);
  EXPECT_EQ(*h.state().latency, milliseconds(42));
}

TEST(CoreConnection, RetryDelaysDoubleUpToMaxRetriesThenItGivesUp) {
  CoreHarness h(no_fallback(), 1.0);
  h.core().connect();
  h.pump();
  std::vector<milliseconds> delays;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    h.drop(h.last_open(), TransportFailure::Kind::network, "Connection refused");
    ASSERT_EQ(h.state().status, ConnectionStatus::disconnected);
    EXPECT_TRUE(h.state().is_reconnecting);
    EXPECT_EQ(h.state().reconnect_attempts, attempt);
    EXPECT_EQ(h.state().last_error, "Connection refused");
    const auto delay = h.timer(TimerKind::retry);
    ASSERT_TRUE(delay);
    EXPECT_EQ(h.state().next_retry_in, delay);
    delays.push_back(*delay);
    const auto opens = h.opens();
    h.advance(*delay - milliseconds(1));
    EXPECT_EQ(h.opens(), opens) << "no retry before its delay";
    h.advance(milliseconds(1));
    ASSERT_EQ(h.opens(), opens + 1) << "retry " << attempt;
    EXPECT_EQ(h.state().status, ConnectionStatus::connecting);
  }
  EXPECT_EQ(delays, (std::vector<milliseconds>{milliseconds(1000), milliseconds(2000), milliseconds(4000),
                                               milliseconds(8000), milliseconds(16000)}));
  h.drop(h.last_open());
  EXPECT_EQ(h.state().status, ConnectionStatus::disconnected);
  EXPECT_FALSE(h.state().is_reconnecting);
  EXPECT_NE(h.state().last_error.find("Gave up after 5 retries"), std::string::npos) << h.state().last_error;
  const auto opens = h.opens();
  h.advance(std::chrono::hours(1));
  EXPECT_EQ(h.opens(), opens) << "nothing after the last retry";
}

TEST(CoreConnection, ABusyServersRetryAfterIsTheLeastWait) {
  CoreHarness h(no_fallback(), 0.0);
  h.core().connect();
  h.pump();
  // 503 + Retry-After: 7 (the connection limit): not before 7 s, although the backoff says 0.5 s.
  h.core().on_closed(h.last_open(), {TransportFailure::Kind::network, "HTTP 503 (busy).", milliseconds(7000)});
  h.pump();
  EXPECT_EQ(h.timer(TimerKind::retry), milliseconds(7000));
  EXPECT_EQ(h.state().next_retry_in, milliseconds(7000));
  const auto opens = h.opens();
  h.advance(milliseconds(6999));
  EXPECT_EQ(h.opens(), opens) << "retried before the server's Retry-After";
  h.advance(milliseconds(1));
  EXPECT_EQ(h.opens(), opens + 1);
  // A failure without one goes back to the plain backoff (attempt 2: 1 s with r = 0).
  h.drop(h.last_open());
  EXPECT_EQ(h.timer(TimerKind::retry), milliseconds(1000));
}

TEST(CoreConnection, JitterKeepsEveryDelayInTheUpperHalf) {
  for (const double r : {0.0, 0.37, 0.999}) {
    auto config = no_fallback();
    config.max_retries = 8;
    CoreHarness h(config, r);
    h.core().connect();
    h.pump();
    for (int attempt = 1; attempt <= 8; ++attempt) {
      h.drop(h.last_open());
      const auto base = std::min<milliseconds>(milliseconds(1000LL << (attempt - 1)), milliseconds(30'000));
      const auto delay = *h.timer(TimerKind::retry);
      EXPECT_GE(delay, base / 2) << attempt;
      EXPECT_LE(delay, base) << attempt;
      h.advance(delay);
    }
  }
}

TEST(CoreConnection, SuccessResetsTheAttemptCount) {
  CoreHarness h(no_fallback(), 1.0);
  h.core().connect();
  h.pump();
  h.drop(h.last_open());
  h.advance(*h.timer(TimerKind::retry));
  h.drop(h.last_open());
  EXPECT_EQ(h.state().reconnect_attempts, 2);
  h.advance(*h.timer(TimerKind::retry));
  h.accept(h.last_open());
  EXPECT_EQ(h.state().status, ConnectionStatus::connected);
  EXPECT_EQ(h.state().reconnect_attempts, 0);
  EXPECT_FALSE(h.state().is_reconnecting);

  h.drop(h.last_open(), TransportFailure::Kind::network, "Connection reset by peer");
  EXPECT_EQ(h.state().reconnect_attempts, 1);
  EXPECT_EQ(h.timer(TimerKind::retry), milliseconds(1000)) << "the schedule starts over";
}

TEST(CoreConnection, ManualReconnectResetsTheCountAndTriesAtOnce) {
  CoreHarness h(no_fallback(), 1.0);
  h.core().connect();
  h.pump();
  for (int i = 0; i < 3; ++i) {
    h.drop(h.last_open());
    if (i < 2) h.advance(*h.timer(TimerKind::retry));
  }
  ASSERT_EQ(h.state().reconnect_attempts, 3);
  const auto stale_retry = *h.timer_token(TimerKind::retry);
  const auto opens = h.opens();
  h.core().reconnect();
  h.pump();
  EXPECT_EQ(h.opens(), opens + 1) << "at once, without waiting for the retry delay";
  EXPECT_EQ(h.state().status, ConnectionStatus::connecting);
  EXPECT_EQ(h.state().reconnect_attempts, 0);
  h.core().on_timer(TimerKind::retry, stale_retry);  // a timer that fired before it was cancelled
  h.pump();
  EXPECT_EQ(h.opens(), opens + 1) << "the old retry must not open a second transport";
  h.drop(h.last_open());
  EXPECT_EQ(h.timer(TimerKind::retry), milliseconds(1000));
}

TEST(CoreConnection, ManualReconnectAfterGivingUp) {
  auto config = no_fallback();
  config.max_retries = 1;
  CoreHarness h(config);
  h.core().connect();
  h.pump();
  h.drop(h.last_open());
  h.advance(*h.timer(TimerKind::retry));
  h.drop(h.last_open());
  ASSERT_FALSE(h.state().is_reconnecting);
  h.core().reconnect();
  h.pump();
  h.accept(h.last_open());
  EXPECT_EQ(h.state().status, ConnectionStatus::connected);
}

TEST(CoreConnection, DisconnectStopsEverythingAndNeverReconnects) {
  CoreHarness h;
  const auto g = h.connect_now();
  h.core().disconnect();
  h.pump();
  EXPECT_EQ(h.state().status, ConnectionStatus::disconnected);
  EXPECT_FALSE(h.state().is_reconnecting);
  EXPECT_EQ(h.state().transport, TransportKind::none);
  ASSERT_FALSE(h.closed().empty());
  EXPECT_EQ(h.closed().back(), g);
  const auto opens = h.opens();
  h.drop(g);  // the transport's own close report arrives after the fact
  h.advance(std::chrono::hours(2));
  EXPECT_EQ(h.opens(), opens);
  EXPECT_EQ(h.state().status, ConnectionStatus::disconnected);
}

TEST(CoreConnection, ConnectTimeoutAgainstAServerThatNeverAnswers) {
  auto config = no_fallback();
  config.timeout = milliseconds(2000);
  CoreHarness h(config);
  h.core().connect();
  h.pump();
  const auto g = h.last_open();
  h.advance(milliseconds(1999));
  EXPECT_EQ(h.state().status, ConnectionStatus::connecting);
  h.advance(milliseconds(1));
  EXPECT_EQ(h.state().status, ConnectionStatus::disconnected);
  EXPECT_TRUE(h.state().is_reconnecting);
  EXPECT_NE(h.state().last_error.find("connect timeout"), std::string::npos) << h.state().last_error;
  EXPECT_EQ(h.closed().back(), g) << "the hanging attempt is closed";
}

TEST(CoreConnection, HalfOpenConnectionIsDeclaredDeadWithinPingPlusPong) {
  auto config = test_config();
  config.ping_interval = milliseconds(1000);
  config.pong_timeout = milliseconds(500);
  CoreHarness h(config);
  const auto g = h.connect_now();
  h.advance(milliseconds(0));
  h.answer_pings(g);
  // From here the server is silent: no pong ever comes.
  h.advance(milliseconds(1499));
  EXPECT_EQ(h.state().status, ConnectionStatus::connected);
  h.advance(milliseconds(1));
  EXPECT_EQ(h.state().status, ConnectionStatus::disconnected);
  EXPECT_TRUE(h.state().is_reconnecting);
  EXPECT_NE(h.state().last_error.find("no pong"), std::string::npos) << h.state().last_error;
  EXPECT_EQ(h.closed().back(), g);
}

TEST(CoreConnection, EventsOfAStaleTransportAreDropped) {
  CoreHarness h;
  const auto old = h.connect_now();
  h.core().join("s1");
  h.pump();
  h.core().reconnect();
  h.pump();
  const auto fresh = h.last_open();
  ASSERT_NE(old, fresh);
  h.server_send(old, CoreHarness::event("s1", 1, "late"));
  h.drop(old);
  EXPECT_TRUE(h.delivered().empty());
  EXPECT_EQ(h.state().status, ConnectionStatus::connecting) << "the old transport's close is not ours";
  h.accept(fresh);
  h.server_send(fresh, CoreHarness::event("s1", 1, "live"));
  ASSERT_EQ(h.delivered().size(), 1u);
}

TEST(CoreConnection, UnauthorizedIsAnErrorWithoutRetries) {
  CoreHarness h;
  h.core().connect();
  h.pump();
  h.drop(h.last_open(), TransportFailure::Kind::unauthorized, "The server refused the token (HTTP 401).");
  EXPECT_EQ(h.state().status, ConnectionStatus::error);
  EXPECT_FALSE(h.state().is_reconnecting);
  EXPECT_EQ(h.state().last_error, "The server refused the token (HTTP 401).");
  const auto opens = h.opens();
  h.advance(std::chrono::hours(1));
  EXPECT_EQ(h.opens(), opens);
}

TEST(CoreConnection, EveryChangeIsReportedOnceAndOnlyChanges) {
  CoreHarness h;
  h.connect_now();
  h.core().connect();  // already connected: nothing happens
  h.pump();
  const auto& states = h.states();
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].status, ConnectionStatus::connecting);
  EXPECT_EQ(states[1].status, ConnectionStatus::connected);
  EXPECT_EQ(states[1].max_retries, 5);
}

}  // namespace
}  // namespace tether::test
