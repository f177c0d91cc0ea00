// A conversation as REST shows it (docs/protocol.md §5.1): one message per chat_request,
// chat_response, tool_use and tool_result event, from the envelopes as stored. Pure.
#pragma once

#include "tether/protocol/names.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <string_view>

namespace tether::server {

// Appends the message of one event to `messages`; nothing for an event of another type
// (or one that does not decode).
void add_conversation_message(boost::json::array& messages, std::int64_t seq, protocol::MessageType type,
                              std::string_view envelope);

}  // namespace tether::server
