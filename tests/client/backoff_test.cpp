// The retry schedule: doubling, cap, jitter bounds (also at the cap), no overflow.
#include "tether/client/backoff.hpp"

#include <gtest/gtest.h>

namespace {
using std::chrono::milliseconds;
using tether::backoff_delay;
const tether::BackoffPolicy kDefault{milliseconds(1000), milliseconds(30000)};

TEST(Backoff, UpperEdgeDoublesFromTheInitialDelay) {
  EXPECT_EQ(backoff_delay(kDefault, 1, 1.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(kDefault, 2, 1.0), milliseconds(2000));
  EXPECT_EQ(backoff_delay(kDefault, 3, 1.0), milliseconds(4000));
  EXPECT_EQ(backoff_delay(kDefault, 4, 1.0), milliseconds(8000));
  EXPECT_EQ(backoff_delay(kDefault, 5, 1.0), milliseconds(16000));
}

TEST(Backoff, JitterSpreadsOverTheUpperHalf) {
  for (int attempt = 1; attempt <= 5; ++attempt) {
    const auto base = milliseconds(1000LL << (attempt - 1));
    EXPECT_EQ(backoff_delay(kDefault, attempt, 0.0), base / 2) << attempt;
    EXPECT_EQ(backoff_delay(kDefault, attempt, 0.5), base * 3 / 4) << attempt;
    for (double r = 0.0; r < 1.0; r += 0.05) {
      const auto delay = backoff_delay(kDefault, attempt, r);
      EXPECT_GE(delay, base / 2);
      EXPECT_LE(delay, base);
    }
  }
}

TEST(Backoff, CapIsJitteredToo) {
  EXPECT_EQ(backoff_delay(kDefault, 6, 1.0), milliseconds(30000));
  EXPECT_EQ(backoff_delay(kDefault, 6, 0.0), milliseconds(15000));
  EXPECT_EQ(backoff_delay(kDefault, 40, 0.0), milliseconds(15000));
  EXPECT_NE(backoff_delay(kDefault, 9, 0.1), backoff_delay(kDefault, 9, 0.9));
}

TEST(Backoff, HugeAttemptNumbersDoNotOverflow) {
  EXPECT_EQ(backoff_delay(kDefault, 1'000'000, 0.999999), milliseconds(29999));
  const tether::BackoffPolicy big{milliseconds(1 << 20), milliseconds::max() / 4};
  EXPECT_GT(backoff_delay(big, 200, 1.0), milliseconds(0));
}

TEST(Backoff, OutOfRangeRandomIsClamped) {
  EXPECT_EQ(backoff_delay(kDefault, 1, -3.0), milliseconds(500));
  EXPECT_EQ(backoff_delay(kDefault, 1, 7.0), milliseconds(1000));
}

TEST(Backoff, DefaultRandomSourceStaysInTheUnitInterval) {
  auto random = tether::default_random_source();
  double low = 1.0, high = 0.0;
  for (int i = 0; i < 2000; ++i) {
    const double r = random();
    ASSERT_GE(r, 0.0);
    ASSERT_LT(r, 1.0);
    low = std::min(low, r);
    high = std::max(high, r);
  }
  EXPECT_LT(low, 0.1);
  EXPECT_GT(high, 0.9);
}
}  // namespace

// Retry-After: the server's 503/429 names the least wait before the next attempt.
TEST(RetryAfter, DelaySecondsAreParsed) {
  using tether::parse_retry_after;
  EXPECT_EQ(parse_retry_after("5"), milliseconds(5000));
  EXPECT_EQ(parse_retry_after(" 0 "), milliseconds(0));
  EXPECT_EQ(parse_retry_after("120"), milliseconds(120'000));
}

TEST(RetryAfter, AnythingElseIsIgnored) {
  using tether::parse_retry_after;
  EXPECT_EQ(parse_retry_after(""), std::nullopt);
  EXPECT_EQ(parse_retry_after("-1"), std::nullopt);
  EXPECT_EQ(parse_retry_after("1.5"), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon"), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
}

TEST(RetryAfter, HugeValuesAreClampedWithoutOverflow) {
  using tether::parse_retry_after;
  EXPECT_EQ(parse_retry_after("999999999999999999999999999999"), tether::kMaxRetryAfter);
  EXPECT_EQ(parse_retry_after("86400"), tether::kMaxRetryAfter);
}

TEST(RetryAfter, IsTheLeastWaitNeverLess) {
  using tether::retry_delay;
  // Without one: the backoff.
  EXPECT_EQ(retry_delay(kDefault, 1, 1.0, std::nullopt), milliseconds(1000));
  // Longer than the backoff: the server's wait wins, exactly (no jitter below it).
  EXPECT_EQ(retry_delay(kDefault, 1, 0.0, milliseconds(5000)), milliseconds(5000));
  EXPECT_EQ(retry_delay(kDefault, 1, 1.0, milliseconds(5000)), milliseconds(5000));
  // Shorter than the backoff: the backoff.
  EXPECT_EQ(retry_delay(kDefault, 5, 1.0, milliseconds(5000)), milliseconds(16000));
  // Clamped.
  EXPECT_EQ(retry_delay(kDefault, 1, 1.0, std::chrono::hours(48)), tether::kMaxRetryAfter);
  EXPECT_EQ(retry_delay(kDefault, 1, 1.0, milliseconds(-5)), milliseconds(1000));
}
