// libFuzzer target: the Claude Code stream-json reader, i.e. everything between the
// CLI's stdout bytes and Tether's events: the bounded line splitter, the line parser,
// the turn mapper, the retry notice and the permission ledger. The first input byte
// picks the chunk size, so that lines are cut at every place a pipe read could cut them.
#include "server/backends/claude_code/cli_event.hpp"
#include "server/backends/claude_code/line_splitter.hpp"
#include "server/backends/claude_code/permission_ledger.hpp"
#include "server/backends/claude_code/retry_notice.hpp"
#include "server/backends/claude_code/stdin_line.hpp"
#include "server/backends/claude_code/turn_mapper.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace cc = tether::server::claude_code;

namespace {

constexpr std::size_t kMaxLine = 4096;  // small, so that the bound is exercised

// A line Tether writes to the CLI's stdin must be one JSON object on one line.
void check_stdin_line(const std::string& line) {
  if (line.empty() || line.back() != '\n') __builtin_trap();
  if (line.find('\n') != line.size() - 1) __builtin_trap();
  boost::system::error_code ec;
  auto value = boost::json::parse(std::string_view(line).substr(0, line.size() - 1), ec);
  if (ec || !value.is_object()) __builtin_trap();
}

void handle(const std::string& line, cc::TurnMapper& mapper, cc::PermissionLedger& ledger, std::string& deltas) {
  const auto event = cc::parse_cli_line(line);
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, cc::ApiRetry>) {
          (void)cc::retry_notice(e);
        } else if constexpr (std::is_same_v<T, cc::PermissionPrompt>) {
          (void)ledger.open(e);
          check_stdin_line(cc::control_error_line(e.request_id, "no turn"));
        } else if constexpr (std::is_same_v<T, cc::ControlCancel>) {
          (void)ledger.cancel(e.request_id);
        } else if constexpr (std::is_same_v<T, cc::OtherControlRequest>) {
          check_stdin_line(cc::control_success_line(e.request_id, e.request));
        }
      },
      event);
  if (mapper.finished()) return;
  for (const auto& action : mapper.on_event(event)) {
    if (const auto* delta = std::get_if<cc::EmitDelta>(&action)) deltas += delta->text;
  }
  // The mapper's text is exactly the deltas it emitted.
  if (mapper.text() != deltas) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 128;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  cc::LineSplitter splitter(kMaxLine);
  cc::TurnMapper mapper;
  cc::PermissionLedger ledger;
  std::string deltas;
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    for (auto& line : splitter.feed(bytes.substr(at, chunk))) {
      if (line.size() > kMaxLine) __builtin_trap();  // the bound holds
      handle(line, mapper, ledger, deltas);
      lines.push_back(std::move(line));
    }
  }
  auto rest = splitter.take_rest();
  if (rest.size() > kMaxLine) __builtin_trap();
  handle(rest, mapper, ledger, deltas);
  (void)ledger.cancel_all();
  if (!mapper.finished()) (void)mapper.abandon(tether::protocol::StopReason::error, {});

  // Cutting the stream elsewhere changes nothing: one read of it all gives the same lines.
  cc::LineSplitter whole(kMaxLine);
  auto again = whole.feed(bytes);
  if (again != lines || whole.take_rest() != rest || whole.dropped_lines() != splitter.dropped_lines()) {
    __builtin_trap();
  }
  // Whatever the user types becomes one stdin line (messages reach us as parsed JSON, so
  // valid UTF-8: the bytes masked to ASCII stand for them, control characters included).
  std::string text(bytes);
  for (auto& c : text) c = static_cast<char>(c & 0x7f);
  check_stdin_line(cc::user_message_line(text));
  const auto raw = cc::user_message_line(bytes);
  if (raw.find('\n') != raw.size() - 1) __builtin_trap();
  return 0;
}
