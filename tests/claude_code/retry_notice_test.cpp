// The words a user sees while the CLI retries a failed API request.
#include "server/backends/claude_code/retry_notice.hpp"

#include <gtest/gtest.h>

namespace cc = tether::server::claude_code;

TEST(RetryNotice, Wording) {
  EXPECT_EQ(cc::retry_notice({2, 10, 4200, 529, "overloaded"}), "Anthropic API overloaded, retry 2 of 10 in 4 s");
  EXPECT_EQ(cc::retry_notice({1, 2, 1000, 429, "rate_limit"}), "Anthropic API rate limit reached, retry 1 of 2 in 1 s");
  EXPECT_EQ(cc::retry_notice({1, 10, 530, 500, "server_error"}),
            "Anthropic API server error (HTTP 500), retry 1 of 10 in 0.5 s");
  EXPECT_EQ(cc::retry_notice({3, 10, 2460, 401, "authentication_failed"}),
            "Anthropic API rejected the API key (HTTP 401), retry 3 of 10 in 2 s");
  EXPECT_EQ(cc::retry_notice({1, 2, 600, std::nullopt, "unknown"}), "Anthropic API unreachable, retry 1 of 2 in 0.6 s");
  EXPECT_EQ(cc::retry_notice({4, 10, 35000, 418, "teapot"}), "Anthropic API error (HTTP 418), retry 4 of 10 in 35 s");
  EXPECT_EQ(cc::retry_notice({1, 0, -5, 502, ""}), "Anthropic API server error (HTTP 502), retry 1 in 0.0 s");
}
