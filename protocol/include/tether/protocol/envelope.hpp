// The envelope every WebSocket frame (and every SSE event) carries, and its codec.
// Decoding is in two steps so that a receiver can answer a bad message with replyTo:
// text -> JSON object (parse_object), then object -> Envelope (to_envelope).
#pragma once

#include "tether/protocol/errors.hpp"
#include "tether/protocol/images.hpp"
#include "tether/protocol/names.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::protocol {

struct Envelope {
  std::string id;
  MessageType type = MessageType::error;
  boost::json::object payload;
  std::string timestamp;               // ISO-8601 UTC, millisecond precision
  std::optional<std::string> reply_to;  // the client message this answers
  std::optional<std::int64_t> seq;      // position in the session's history

  friend bool operator==(const Envelope&, const Envelope&) = default;
};

// Bounds applied to untrusted input before anything else looks at it.
struct DecodeLimits {
  std::size_t max_id_bytes = 128;       // the protocol's limit on client ids
  std::size_t max_depth = 32;           // nesting of arrays/objects; deeper is invalid_json
  // Any one string value or key: room for an image of kMaxImageBytes in base64.
  std::size_t max_string_bytes = (kMaxImageBytes + 2) / 3 * 4 + 1024;
};

// Envelopes in one frame are separated by '\n'; empty lines are skipped.
std::vector<std::string_view> split_frame(std::string_view frame);

Result<boost::json::object> parse_object(std::string_view text, const DecodeLimits& limits = {});

// The envelope's id when it is a usable string, so an error can carry replyTo.
std::optional<std::string> peek_id(const boost::json::object& object, const DecodeLimits& limits = {});

Result<Envelope> to_envelope(boost::json::object object, const DecodeLimits& limits = {});

Result<Envelope> decode_envelope(std::string_view text, const DecodeLimits& limits = {});

std::string encode(const Envelope& envelope);
boost::json::object to_json(const Envelope& envelope);

// A unique id for a message the server (or a client) creates: a per-process random
// prefix plus a counter, cheap enough for every streamed event.
std::string generate_id();

// Current time as ISO-8601 UTC with milliseconds, e.g. 2026-11-26T01:40:00.123Z.
std::string now_timestamp();

// What makes an envelope one of a kind and dates it. Given to make_envelope by its
// caller, so that building and encoding envelopes is a pure function: the server and the
// clients take stamps from stamp_now(), tests from a counter and a fixed time.
struct Stamp {
  std::string id;
  std::string timestamp;
};
// A fresh id (generate_id) and the current time (now_timestamp).
Stamp stamp_now();

}  // namespace tether::protocol
