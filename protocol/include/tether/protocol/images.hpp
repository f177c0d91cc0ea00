// Images attached to a chat_request (docs/projects.md, "Images"): what a client may send
// and the one check both the server and the clients' tests rely on.
#pragma once

#include "tether/protocol/errors.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace tether::protocol {

struct ImageAttachment {
  std::string media_type;  // image/png, image/jpeg, image/gif or image/webp
  std::string data;        // base64, no "data:" prefix

  friend bool operator==(const ImageAttachment&, const ImageAttachment&) = default;
};

// The Messages API refuses images above 5 MB; a larger one would fail the turn later,
// so it is refused when it is sent.
inline constexpr std::size_t kMaxImageBytes = 5u << 20;
inline constexpr std::size_t kMaxImagesPerMessage = 8;
// All the images of one message together, so that the message (base64: 4/3 of this)
// stays within the server's default --max-message-bytes of 8 MiB, with room for text.
inline constexpr std::size_t kMaxImagesTotalBytes = 11u << 19;  // 5.5 MiB

// The "images" field of a payload; absent = none. An unknown type, bad base64, too many
// or too large images: invalid_message naming the image (1-based) and the limit.
Result<std::vector<ImageAttachment>> images_from_json(const boost::json::object& payload);
boost::json::array to_json(const std::vector<ImageAttachment>& images);

}  // namespace tether::protocol
