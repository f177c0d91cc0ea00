// Builders of stdin lines; see stdin_line.hpp.
#include "server/backends/claude_code/stdin_line.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace tether::server::claude_code {
namespace json = boost::json;

std::string to_line(const json::object& object) {
  std::string line = json::serialize(object);
  line += '\n';
  return line;
}

std::string user_message_line(std::string_view text) {
  return to_line({{"type", "user"},
                  {"message", {{"role", "user"}, {"content", text}}},
                  {"parent_tool_use_id", nullptr}});
}

std::string user_message_line(std::string_view text, const std::vector<protocol::ImageAttachment>& images,
                              std::string_view uuid) {
  json::value content;
  if (images.empty()) {
    content = text;
  } else {
    // Images first, as the Messages API documentation advises, then the words.
    json::array blocks;
    for (const auto& image : images) {
      blocks.push_back({{"type", "image"},
                        {"source", {{"type", "base64"}, {"media_type", image.media_type}, {"data", image.data}}}});
    }
    blocks.push_back({{"type", "text"}, {"text", text}});
    content = std::move(blocks);
  }
  json::object line{{"type", "user"},
                    {"message", {{"role", "user"}, {"content", std::move(content)}}},
                    {"parent_tool_use_id", nullptr}};
  if (!uuid.empty()) line["uuid"] = uuid;
  return to_line(line);
}

std::string control_request_line(std::string_view request_id, std::string_view subtype, json::object fields) {
  fields["subtype"] = subtype;
  return to_line({{"type", "control_request"}, {"request_id", request_id}, {"request", std::move(fields)}});
}

std::string control_success_line(std::string_view request_id, json::object response) {
  return to_line({{"type", "control_response"},
                  {"response", {{"subtype", "success"}, {"request_id", request_id}, {"response", std::move(response)}}}});
}

std::string control_error_line(std::string_view request_id, std::string_view message) {
  return to_line({{"type", "control_response"},
                  {"response", {{"subtype", "error"}, {"request_id", request_id}, {"error", message}}}});
}

}  // namespace tether::server::claude_code
