// Checks of chat_request images; see images.hpp.
#include "tether/protocol/images.hpp"

#include "tether/protocol/names.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace tether::protocol {
namespace json = boost::json;
namespace {

constexpr std::array<std::string_view, 4> kMediaTypes{"image/png", "image/jpeg", "image/gif", "image/webp"};

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// The decoded size of standard base64 text, or nothing when it is not base64.
std::optional<std::size_t> decoded_size(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
  const auto body = text.substr(0, text.size() - padding);
  if (!std::all_of(body.begin(), body.end(), is_base64_char)) return std::nullopt;
  return text.size() / 4 * 3 - padding;
}

Error invalid(std::string message) { return make_error(ErrorCode::invalid_message, std::move(message)); }

}  // namespace

Result<std::vector<ImageAttachment>> images_from_json(const json::object& payload) {
  std::vector<ImageAttachment> images;
  const auto* value = payload.if_contains(field::images);
  if (value == nullptr || value->is_null()) return images;
  if (!value->is_array()) return invalid("The payload field \"images\" must be an array.");
  const auto& list = value->get_array();
  if (list.size() > kMaxImagesPerMessage) {
    return invalid("A message may carry at most " + std::to_string(kMaxImagesPerMessage) + " images; this one has " +
                   std::to_string(list.size()) + ".");
  }
  std::size_t total = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string which = "Image " + std::to_string(i + 1);
    const auto* image = list[i].if_object();
    const auto* type = image ? image->if_contains(field::media_type) : nullptr;
    const auto* data = image ? image->if_contains(field::data) : nullptr;
    if (!type || !type->is_string() || !data || !data->is_string()) {
      return invalid(which + " needs \"mediaType\" and \"data\" (base64) strings.");
    }
    const std::string_view media_type = type->get_string();
    if (std::find(kMediaTypes.begin(), kMediaTypes.end(), media_type) == kMediaTypes.end()) {
      return invalid(which + " is " + std::string(media_type) + "; send PNG, JPEG, GIF or WebP.");
    }
    const auto size = decoded_size(data->get_string());
    if (!size) return invalid(which + " is not valid base64.");
    if (*size > kMaxImageBytes) {
      return invalid(which + " is " + std::to_string(*size / 1024) + " KiB; the limit is " +
                     std::to_string(kMaxImageBytes >> 20) + " MiB per image.");
    }
    total += *size;
    if (total > kMaxImagesTotalBytes) {
      return invalid("The images of one message may hold " + std::to_string(kMaxImagesTotalBytes >> 10) +
                     " KiB together; with image " + std::to_string(i + 1) + " they hold " +
                     std::to_string(total >> 10) + " KiB. Send some in another message.");
    }
    images.push_back(ImageAttachment{std::string(media_type), std::string(data->get_string())});
  }
  return images;
}

json::array to_json(const std::vector<ImageAttachment>& images) {
  json::array list;
  for (const auto& image : images) list.push_back(json::object{{field::media_type, image.media_type}, {field::data, image.data}});
  return list;
}

}  // namespace tether::protocol
