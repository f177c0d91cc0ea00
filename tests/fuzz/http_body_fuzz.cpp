// libFuzzer target: the bodies a client sends over plain HTTP. POST /api/claude/messages
// (the fallback: one envelope, decoded with the server's limits, then checked as a
// client message, a permission answer included), POST and PATCH /api/sessions, and the
// whole numbers of query strings (?after=, ?limit=, lastSeq).
#include "server/backends/claude_code/permission_ledger.hpp"
#include "server/transport/rest_bodies.hpp"
#include "tether/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cc = tether::server::claude_code;
namespace protocol = tether::protocol;

namespace {

// What Dispatcher::handle does before it touches a session (dispatcher.cpp).
void fallback_body(std::string_view text) {
  const protocol::DecodeLimits limits{};
  auto object = protocol::parse_object(text, limits);
  if (!object) return;
  auto id = protocol::peek_id(*object, limits);
  if (id && (id->empty() || id->size() > limits.max_id_bytes)) __builtin_trap();
  auto envelope = protocol::to_envelope(std::move(*object), limits);
  if (!envelope) return;
  auto message = protocol::parse_client_message(*envelope);
  if (!message) return;
  if (std::holds_alternative<protocol::SessionJoin>(*message)) {
    // Whatever passed names a session by a valid id.
    if (!protocol::is_valid_session_id(std::get<protocol::SessionJoin>(*message).session_id)) __builtin_trap();
  }
  // A permission answer goes to the session's ledger: give it an open prompt to hit.
  if (envelope->type == protocol::MessageType::permission_response) {
    cc::PermissionLedger ledger;
    cc::PermissionPrompt prompt;
    prompt.request_id = "req-1";
    prompt.tool_name = "Bash";
    prompt.tool_use_id = "toolu_1";
    const auto request = ledger.open(prompt);
    (void)request;
    (void)ledger.answer(envelope->payload);
    (void)ledger.answer(envelope->payload);  // a second answer to the same prompt
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fallback_body(text);
  if (auto body = tether::server::parse_new_session_body(text)) {
    if (body->title.size() > tether::server::kMaxTitleBytes) __builtin_trap();
  }
  if (auto title = tether::server::parse_rename_body(text)) {
    if (title->empty() || title->size() > tether::server::kMaxTitleBytes) __builtin_trap();
  }
  if (auto number = tether::server::parse_whole_number(text)) {
    if (*number < 0 || std::to_string(*number).size() > text.size()) __builtin_trap();
  }
  return 0;
}
