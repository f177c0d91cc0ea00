// GET /api/claude/stream: one session's events as Server-Sent Events, the receive half
// of the fallback transport for clients whose WebSocket can't get through.
#pragma once

#include "server/transport/http_types.hpp"
#include "server/transport/streams.hpp"

#include <cstdint>
#include <string>

namespace tether::server {

struct ServerContext;

void start_sse_stream(PlainStream stream, const Request& request, std::string session_id, std::int64_t last_seq,
                      ServerContext& context);
void start_sse_stream(TlsStream stream, const Request& request, std::string session_id, std::int64_t last_seq,
                      ServerContext& context);

}  // namespace tether::server
