// Server-Sent Events framing for the fallback stream: each envelope becomes one SSE
// event, with `id: <seq>` when it is a history event, so that a reconnecting
// EventSource resumes with Last-Event-ID.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether::server {

// The top-level seq of an envelope the server encoded. protocol::encode writes seq as
// the last member, so the envelope has one exactly when its text ends with `,"seq":N}`
// (an escaped string can't contain that; a payload's "seq" is followed by "timestamp").
std::optional<std::int64_t> envelope_seq(std::string_view envelope);

std::string sse_event(std::string_view envelope);

}  // namespace tether::server
