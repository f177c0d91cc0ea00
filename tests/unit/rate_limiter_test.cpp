#include "server/transport/auth_throttle.hpp"
#include "server/transport/request_throttle.hpp"
#include "server/transport/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

using namespace std::chrono_literals;
using Verdict = RateLimiter::Verdict;

TEST(RateLimiter, AllowsABurstThenTheSteadyRate) {
  const auto start = RateLimiter::Clock::time_point{};
  RateLimiter limiter({10, 5, 100}, start);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.on_message(start), Verdict::allow);
  EXPECT_EQ(limiter.on_message(start), Verdict::reject);
  EXPECT_EQ(limiter.on_message(start + 100ms), Verdict::allow) << "one token per 100 ms at 10/s";
  EXPECT_EQ(limiter.on_message(start + 100ms), Verdict::reject);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.on_message(start + 10s), Verdict::allow) << "refills to the burst";
  EXPECT_EQ(limiter.on_message(start + 10s), Verdict::reject) << "never above the burst";
}

TEST(RateLimiter, DisconnectsAfterTooManyRejectsInARow) {
  const auto start = RateLimiter::Clock::time_point{};
  RateLimiter limiter({1, 1, 3, 1s}, start);
  EXPECT_EQ(limiter.on_message(start), Verdict::allow);
  EXPECT_EQ(limiter.on_message(start), Verdict::reject);
  EXPECT_EQ(limiter.on_message(start), Verdict::reject);
  EXPECT_EQ(limiter.on_message(start), Verdict::disconnect);
}

TEST(RateLimiter, BackingOffForgivesTheRejects) {
  const auto start = RateLimiter::Clock::time_point{};
  RateLimiter limiter({1, 1, 3, 1s}, start);
  limiter.on_message(start);
  limiter.on_message(start);
  limiter.on_message(start);
  EXPECT_EQ(limiter.on_message(start + 1s), Verdict::allow) << "quiet for a second";
  EXPECT_EQ(limiter.on_message(start + 1s), Verdict::reject);
  EXPECT_EQ(limiter.on_message(start + 1s), Verdict::reject);
}

TEST(RateLimiter, AFloodThatGetsSomeMessagesThroughIsStillDisconnected) {
  // 10 messages per token: one in ten is allowed, the rejects never stop.
  const auto start = RateLimiter::Clock::time_point{};
  RateLimiter limiter({100, 1, 50, 1s}, start);
  int allowed = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto verdict = limiter.on_message(start + i * 1ms);
    if (verdict == Verdict::disconnect) {
      EXPECT_GT(allowed, 1) << "some got through before the end";
      return;
    }
    if (verdict == Verdict::allow) ++allowed;
  }
  FAIL() << "a flood at 10x the limit was never disconnected";
}

TEST(RateLimiter, ZeroRateMeansNoLimit) {
  const auto start = RateLimiter::Clock::time_point{};
  RateLimiter limiter({0, 0, 1}, start);
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(limiter.on_message(start), Verdict::allow);
}

TEST(AuthThrottle, BlocksAnAddressAfterTooManyFailuresUntilTheWindowEnds) {
  AuthThrottle throttle({3, 60s, 100});
  const auto start = AuthThrottle::Clock::time_point{};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.blocked_for("10.0.0.1", start), 0s);
    throttle.record_failure("10.0.0.1", start);
  }
  EXPECT_EQ(throttle.blocked_for("10.0.0.1", start + 1s), 59s);
  EXPECT_EQ(throttle.blocked_for("10.0.0.2", start + 1s), 0s) << "other addresses are not affected";
  EXPECT_EQ(throttle.blocked_for("10.0.0.1", start + 60s), 0s);
}

TEST(AuthThrottle, MemoryStaysBoundedUnderAnAddressSpray) {
  AuthThrottle throttle({1, 60s, 10});
  const auto start = AuthThrottle::Clock::time_point{};
  for (int i = 0; i < 1000; ++i) throttle.record_failure("a" + std::to_string(i), start);
  EXPECT_EQ(throttle.blocked_for("a999", start), 60s);
}

TEST(RequestThrottle, AnAddressGetsItsBurstThenItsRateAndIsToldHowLongToWait) {
  RequestThrottle throttle({2, 4, 100});
  const auto start = RequestThrottle::Clock::time_point{};
  for (int i = 0; i < 4; ++i) EXPECT_EQ(throttle.admit("10.0.0.1", start), 0s) << i;
  EXPECT_EQ(throttle.admit("10.0.0.1", start), 1s) << "past the burst: wait";
  EXPECT_EQ(throttle.admit("10.0.0.2", start), 0s) << "other addresses are not affected";
  EXPECT_EQ(throttle.admit("10.0.0.1", start + 500ms), 0s) << "half a second refills one at 2/s";
  EXPECT_EQ(throttle.admit("10.0.0.1", start + 500ms), 1s);
  EXPECT_EQ(throttle.admit("10.0.0.1", start + 10s), 0s);
}

TEST(RequestThrottle, WaitsLongerThanASecondAreRoundedUp) {
  RequestThrottle throttle({0.25, 1, 100});
  const auto start = RequestThrottle::Clock::time_point{};
  EXPECT_EQ(throttle.admit("a", start), 0s);
  EXPECT_EQ(throttle.admit("a", start), 4s);
  EXPECT_EQ(throttle.admit("a", start + 1s), 3s);
}

TEST(RequestThrottle, ZeroMeansNoLimit) {
  RequestThrottle throttle({0, 0, 1});
  const auto start = RequestThrottle::Clock::time_point{};
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(throttle.admit("a" + std::to_string(i % 7), start), 0s);
}

TEST(RequestThrottle, MemoryStaysBoundedUnderAnAddressSpray) {
  RequestThrottle throttle({1, 1, 10});
  const auto start = RequestThrottle::Clock::time_point{};
  EXPECT_EQ(throttle.admit("victim", start), 0s);
  for (int i = 0; i < 1000; ++i) throttle.admit("a" + std::to_string(i), start);
  // Forgotten under the spray: a fresh bucket, which is what a quiet address would have.
  EXPECT_EQ(throttle.admit("a999", start), 1s);
}

}  // namespace
}  // namespace tether::server
