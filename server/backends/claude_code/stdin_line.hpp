// The lines Tether writes to the CLI's stdin. The CLI exits on any stdin line that is
// not one JSON object (even a line of spaces), so every line is built here, from JSON
// values, serialized in one piece and terminated by exactly one '\n'; serialization
// escapes newlines inside strings, so a line can never be split.
#pragma once

#include "tether/protocol/images.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tether::server::claude_code {

// {"type":"user","message":{"role":"user","content":TEXT},"parent_tool_use_id":null}
std::string user_message_line(std::string_view text);
// The same with image blocks before the text, and the prompt's uuid (the CLI writes it
// into its transcript as the message's uuid: hub/prompt_uuid.hpp).
std::string user_message_line(std::string_view text, const std::vector<protocol::ImageAttachment>& images,
                              std::string_view uuid);

// {"type":"control_request","request_id":ID,"request":{"subtype":SUBTYPE,...fields}}
std::string control_request_line(std::string_view request_id, std::string_view subtype,
                                 boost::json::object fields = {});

// {"type":"control_response","response":{"subtype":"success","request_id":ID,"response":{...}}}
std::string control_success_line(std::string_view request_id, boost::json::object response);

// {"type":"control_response","response":{"subtype":"error","request_id":ID,"error":MESSAGE}}
std::string control_error_line(std::string_view request_id, std::string_view message);

// Serializes one object as one stdin line; the single place that adds the '\n'.
std::string to_line(const boost::json::object& object);

}  // namespace tether::server::claude_code
