// The status line of `tether chat`: each state in the words of the issue, colors only
// when allowed.
#include "cli/chat_status.hpp"

#include <gtest/gtest.h>

namespace tether::cli {
namespace {
using std::chrono::milliseconds;

ClientState state(ConnectionStatus status) {
  ClientState s;
  s.status = status;
  s.max_retries = 5;
  return s;
}

TEST(ChatStatus, ConnectedShowsTheLatency) {
  auto s = state(ConnectionStatus::connected);
  s.transport = TransportKind::websocket;
  s.latency = milliseconds(3);
  EXPECT_EQ(format_status(s, false), "● connected 3 ms");
}

TEST(ChatStatus, ReconnectingShowsAttemptBudgetAndDelay) {
  auto s = state(ConnectionStatus::disconnected);
  s.is_reconnecting = true;
  s.reconnect_attempts = 2;
  s.next_retry_in = milliseconds(4000);
  EXPECT_EQ(format_status(s, false), "◌ reconnecting 2/5 in 4 s");
  s.next_retry_in = milliseconds(1500);
  EXPECT_EQ(format_status(s, false), "◌ reconnecting 2/5 in 1.5 s");
}

TEST(ChatStatus, GivenUpTellsHowToRetry) {
  auto s = state(ConnectionStatus::disconnected);
  EXPECT_EQ(format_status(s, false), "✖ disconnected — press Ctrl-R to retry");
  s.last_error = "Connection refused";
  EXPECT_EQ(format_status(s, false), "✖ disconnected — press Ctrl-R to retry (Connection refused)");
}

TEST(ChatStatus, FallbackIsNamed) {
  auto s = state(ConnectionStatus::connected);
  s.transport = TransportKind::http_fallback;
  EXPECT_EQ(format_status(s, false), "⇄ HTTP fallback");
}

TEST(ChatStatus, ColorOnlyWhenAsked) {
  auto s = state(ConnectionStatus::connected);
  EXPECT_EQ(format_status(s, false).find('\x1b'), std::string::npos);
  EXPECT_NE(format_status(s, true).find("\x1b[32m"), std::string::npos);
}
}  // namespace
}  // namespace tether::cli
