#include "bench/tether_bench/event_scan.hpp"

#include <charconv>
#include <cstring>

namespace tether::bench {
namespace {

// A cursor over the envelope text; every step either matches and moves on, or fails.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : rest_(text) {}

  bool literal(std::string_view expected) {
    if (!rest_.starts_with(expected)) return false;
    rest_.remove_prefix(expected.size());
    return true;
  }

  // A string's characters up to its closing quote (the opening one already read),
  // when it has no escapes: ids and timestamps.
  std::optional<std::string_view> plain_string() {
    const auto end = quote_or_backslash(0);
    if (end == std::string_view::npos || rest_[end] != '"') return std::nullopt;
    const auto value = rest_.substr(0, end);
    rest_.remove_prefix(end + 1);
    return value;
  }

  // Skips a string's characters up to its closing quote, escapes included.
  bool skip_string() {
    for (std::size_t at = 0;;) {
      at = quote_or_backslash(at);
      if (at == std::string_view::npos) return false;
      if (rest_[at] == '\\') {
        at += 2;
        continue;
      }
      rest_.remove_prefix(at + 1);
      return true;
    }
  }

  std::optional<bool> boolean() {
    if (literal("true")) return true;
    if (literal("false")) return false;
    return std::nullopt;
  }

  std::optional<std::int64_t> integer() {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(rest_.data(), rest_.data() + rest_.size(), value);
    if (error != std::errc{} || end == rest_.data()) return std::nullopt;
    rest_.remove_prefix(static_cast<std::size_t>(end - rest_.data()));
    return value;
  }

  bool at_end() const { return rest_.empty(); }

 private:
  // Two memchr (vectorized) instead of a loop over the characters: ids, timestamps and
  // deltas are most of what tether-bench reads at millions of events per second. (Not
  // find_first_of("\"\\"): libstdc++ calls memchr over the set for every character.)
  std::size_t quote_or_backslash(std::size_t from) const {
    if (from >= rest_.size()) return std::string_view::npos;
    const char* begin = rest_.data() + from;
    const auto size = rest_.size() - from;
    const auto* quote = static_cast<const char*>(std::memchr(begin, '"', size));
    const auto before_quote = quote ? static_cast<std::size_t>(quote - begin) : size;
    if (const auto* backslash = static_cast<const char*>(std::memchr(begin, '\\', before_quote))) {
      return from + static_cast<std::size_t>(backslash - begin);
    }
    return quote ? from + before_quote : std::string_view::npos;
  }

  std::string_view rest_;
};

}  // namespace

std::optional<StreamEventScan> scan_chat_stream(std::string_view envelope) {
  Cursor cursor(envelope);
  StreamEventScan event;
  if (!cursor.literal(R"({"id":")") || !cursor.plain_string()) return std::nullopt;
  if (!cursor.literal(R"(,"type":"chat_stream","payload":{"sessionId":")") || !cursor.plain_string()) {
    return std::nullopt;
  }
  if (!cursor.literal(R"(,"requestId":")")) return std::nullopt;
  const auto request_id = cursor.plain_string();
  if (!request_id) return std::nullopt;
  event.request_id = *request_id;
  if (!cursor.literal(R"(,"delta":")") || !cursor.skip_string()) return std::nullopt;
  if (!cursor.literal(R"(,"isComplete":)")) return std::nullopt;
  const auto complete = cursor.boolean();
  if (!complete) return std::nullopt;
  event.is_complete = *complete;
  if (!cursor.literal(R"(},"timestamp":")") || !cursor.plain_string()) return std::nullopt;
  if (!cursor.literal(R"(,"seq":)")) return std::nullopt;
  const auto seq = cursor.integer();
  if (!seq || !cursor.literal("}") || !cursor.at_end()) return std::nullopt;
  event.seq = *seq;
  return event;
}

}  // namespace tether::bench
