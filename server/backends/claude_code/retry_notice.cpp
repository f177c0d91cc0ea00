// The retry notice wording; see retry_notice.hpp. The CLI's error categories
// (overloaded, rate_limit, server_error, authentication_failed, unknown) come from
// reference §7.2; an unknown category falls back to the HTTP status or the raw text.
#include "server/backends/claude_code/retry_notice.hpp"

#include <cmath>
#include <cstdio>

namespace tether::server::claude_code {
namespace {

std::string what_failed(const ApiRetry& retry) {
  const std::string status = retry.error_status ? " (HTTP " + std::to_string(*retry.error_status) + ")" : "";
  if (retry.error == "overloaded" || retry.error_status == 529) return "overloaded";
  if (retry.error == "rate_limit" || retry.error_status == 429) return "rate limit reached";
  if (retry.error == "authentication_failed" || retry.error_status == 401) return "rejected the API key" + status;
  if (retry.error == "server_error" || (retry.error_status && *retry.error_status >= 500))
    return "server error" + status;
  if (!retry.error_status) return "unreachable";
  return "error" + status;
}

std::string seconds(double milliseconds) {
  if (milliseconds < 0) milliseconds = 0;
  const double value = milliseconds / 1000.0;
  char text[32];
  if (value < 1.0 - 0.05) std::snprintf(text, sizeof text, "%.1f s", value);
  else std::snprintf(text, sizeof text, "%.0f s", std::round(value));
  return text;
}

}  // namespace

std::string retry_notice(const ApiRetry& retry) {
  std::string notice = "Anthropic API " + what_failed(retry);
  if (retry.max_retries > 0) {
    notice += ", retry " + std::to_string(retry.attempt) + " of " + std::to_string(retry.max_retries);
  } else {
    notice += ", retry " + std::to_string(retry.attempt);
  }
  notice += " in " + seconds(retry.retry_delay_ms);
  return notice;
}

}  // namespace tether::server::claude_code
