#include "bench/tether_bench/event_scan.hpp"

#include <charconv>

namespace tether::bench {
namespace {

// A cursor over the envelope text; every step either matches and moves on, or fails.
// Strings here are short (ids, a word, a timestamp): a loop over their characters beats
// a library call per string.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : rest_(text) {}

  bool literal(std::string_view expected) {
    if (!rest_.starts_with(expected)) return false;
    rest_.remove_prefix(expected.size());
    return true;
  }

  // Skips a string's characters up to its closing quote (the opening one already read);
  // with allow_escapes false, a string with an escape is refused.
  bool skip_string(bool allow_escapes) {
    for (std::size_t at = 0; at < rest_.size(); ++at) {
      if (rest_[at] == '"') {
        rest_.remove_prefix(at + 1);
        return true;
      }
      if (rest_[at] == '\\') {
        if (!allow_escapes) return false;
        ++at;
      }
    }
    return false;
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

  // The end of the text or of this envelope's line.
  bool at_end_of_line() const { return rest_.empty() || rest_.front() == '\n'; }
  std::size_t remaining() const { return rest_.size(); }

 private:
  std::string_view rest_;
};

}  // namespace

StreamEventScanner::StreamEventScanner(std::string_view session_id, std::string_view request_id)
    : after_id_(std::string(R"(,"type":"chat_stream","payload":{"sessionId":")") + std::string(session_id) +
                R"(","requestId":")" + std::string(request_id) + R"(","delta":")") {}

std::optional<StreamEventScan> StreamEventScanner::scan(std::string_view text) const {
  Cursor cursor(text);
  StreamEventScan event;
  if (!cursor.literal(R"({"id":")") || !cursor.skip_string(false) || !cursor.literal(after_id_)) return std::nullopt;
  if (!cursor.skip_string(true) || !cursor.literal(R"(,"isComplete":)")) return std::nullopt;
  const auto complete = cursor.boolean();
  if (!complete) return std::nullopt;
  event.is_complete = *complete;
  if (!cursor.literal(R"(},"timestamp":")") || !cursor.skip_string(false)) return std::nullopt;
  if (!cursor.literal(R"(,"seq":)")) return std::nullopt;
  const auto seq = cursor.integer();
  if (!seq || !cursor.literal("}") || !cursor.at_end_of_line()) return std::nullopt;
  event.seq = *seq;
  event.size = text.size() - cursor.remaining();
  return event;
}

}  // namespace tether::bench
