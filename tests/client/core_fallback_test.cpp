// The HTTP fallback as the core drives it: refused upgrades and exhausted retries lead
// to it, the WebSocket is probed in the background, and the client goes back to it.
#include "core_harness.hpp"

namespace tether::test {
namespace {

TEST(CoreFallback, RefusedUpgradeSwitchesToTheFallbackAtOnce) {
  CoreHarness h;
  h.core().join("s1");
  h.core().connect();
  h.pump();
  h.drop(h.last_open(), TransportFailure::Kind::upgrade_refused, "The upgrade was refused (HTTP 403).");
  EXPECT_EQ(h.last_open_kind(), TransportKind::http_fallback);
  EXPECT_EQ(h.state().status, ConnectionStatus::connecting);
  const auto g = h.last_open();
  h.core().on_ready(g);
  h.pump();
  EXPECT_EQ(h.state().status, ConnectionStatus::connected);
  EXPECT_EQ(h.state().transport, TransportKind::http_fallback);
  const auto sent = h.sent_on(g);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, MessageType::session_join);
}

TEST(CoreFallback, UsedAfterTheLastRetryFails) {
  CoreHarness h;
  h.core().connect();
  h.pump();
  for (int attempt = 1; attempt <= 5; ++attempt) {
    h.drop(h.last_open());
    ASSERT_EQ(h.last_open_kind(), TransportKind::websocket);
    h.advance(*h.timer(TimerKind::retry));
  }
  h.drop(h.last_open());
  EXPECT_EQ(h.last_open_kind(), TransportKind::http_fallback);
  // And when the fallback cannot connect either, the client gives up.
  h.drop(h.last_open());
  EXPECT_EQ(h.state().status, ConnectionStatus::disconnected);
  EXPECT_FALSE(h.state().is_reconnecting);
}

TEST(CoreFallback, DisabledFallbackIsNeverUsed) {
  auto config = test_config();
  config.enable_fallback = false;
  CoreHarness h(config);
  h.core().connect();
  h.pump();
  h.drop(h.last_open(), TransportFailure::Kind::upgrade_refused, "refused");
  EXPECT_EQ(h.last_open_kind(), TransportKind::websocket);
  EXPECT_TRUE(h.state().is_reconnecting);
}

TEST(CoreFallback, ProbesTheWebSocketAndGoesBackWhenItWorks) {
  auto config = test_config();
  config.fallback_probe_interval = milliseconds(5000);
  CoreHarness h(config);
  h.core().join("s1");
  h.core().connect();
  h.pump();
  h.drop(h.last_open(), TransportFailure::Kind::upgrade_refused, "refused");
  const auto fallback = h.last_open();
  h.core().on_ready(fallback);
  h.pump();
  h.advance(milliseconds(0));
  h.answer_pings(fallback);
  const auto pending = h.core().send(MessageType::chat_request,
                                     protocol::to_json(protocol::ChatRequest{"s1", "hello", std::nullopt}));
  h.pump();

  // First probe: still refused. The fallback stays, and the next probe is scheduled.
  h.advance(milliseconds(5000));
  ASSERT_EQ(h.last_open_kind(), TransportKind::websocket);
  const auto probe1 = h.last_open();
  h.answer_pings(fallback);
  h.drop(probe1, TransportFailure::Kind::upgrade_refused, "refused");
  EXPECT_EQ(h.state().transport, TransportKind::http_fallback);
  EXPECT_EQ(h.state().status, ConnectionStatus::connected);
  EXPECT_EQ(h.timer(TimerKind::probe), milliseconds(5000));

  // Second probe works: the WebSocket takes over, rejoins and resends the un-acked.
  h.advance(milliseconds(5000));
  const auto probe2 = h.last_open();
  ASSERT_NE(probe2, probe1);
  h.answer_pings(fallback);
  h.accept(probe2);
  EXPECT_EQ(h.state().transport, TransportKind::websocket);
  EXPECT_EQ(h.state().status, ConnectionStatus::connected);
  EXPECT_EQ(h.closed().back(), fallback);
  const auto sent = h.sent_on(probe2);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].type, MessageType::session_join);
  EXPECT_EQ(sent[1].id, pending);
  // Frames still in flight on the fallback are stale now.
  h.server_send(fallback, CoreHarness::event("s1", 9, "late"));
  EXPECT_TRUE(h.delivered().empty());
}

TEST(CoreFallback, AProbeThatHangsIsAbandonedAfterTheConnectTimeout) {
  auto config = test_config();
  config.fallback_probe_interval = milliseconds(1000);
  config.timeout = milliseconds(300);
  config.ping_interval = milliseconds(100'000);
  CoreHarness h(config);
  h.core().connect();
  h.pump();
  h.drop(h.last_open(), TransportFailure::Kind::upgrade_refused, "refused");
  const auto fallback = h.last_open();
  h.core().on_ready(fallback);
  h.pump();
  h.advance(milliseconds(0));
  h.answer_pings(fallback);
  h.advance(milliseconds(1000));
  const auto probe = h.last_open();
  ASSERT_NE(probe, fallback);
  h.advance(milliseconds(300));
  EXPECT_EQ(h.closed().back(), probe);
  EXPECT_EQ(h.state().transport, TransportKind::http_fallback);
  h.advance(milliseconds(1000));
  EXPECT_NE(h.last_open(), probe) << "probing goes on";
}

TEST(CoreFallback, LosingTheFallbackStartsOverWithTheWebSocket) {
  CoreHarness h(test_config(), 1.0);
  h.core().connect();
  h.pump();
  h.drop(h.last_open(), TransportFailure::Kind::upgrade_refused, "refused");
  const auto fallback = h.last_open();
  h.core().on_ready(fallback);
  h.pump();
  h.drop(fallback, TransportFailure::Kind::network, "stream ended");
  EXPECT_EQ(h.state().status, ConnectionStatus::disconnected);
  EXPECT_TRUE(h.state().is_reconnecting);
  h.advance(*h.timer(TimerKind::retry));
  EXPECT_EQ(h.last_open_kind(), TransportKind::websocket);
}

}  // namespace
}  // namespace tether::test
