#include "tether/protocol/envelope.hpp"

#include <boost/json/stream_parser.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

namespace tether::protocol {
namespace json = boost::json;
namespace {

bool strings_within(const json::value& value, std::size_t max_bytes) {
  switch (value.kind()) {
    case json::kind::string:
      return value.get_string().size() <= max_bytes;
    case json::kind::array:
      for (const auto& item : value.get_array())
        if (!strings_within(item, max_bytes)) return false;
      return true;
    case json::kind::object:
      for (const auto& [key, item] : value.get_object())
        if (key.size() > max_bytes || !strings_within(item, max_bytes)) return false;
      return true;
    default:
      return true;
  }
}

Error invalid(std::string message) { return make_error(ErrorCode::invalid_message, std::move(message)); }

}  // namespace

std::vector<std::string_view> split_frame(std::string_view frame) {
  std::vector<std::string_view> parts;
  while (!frame.empty()) {
    const auto newline = frame.find('\n');
    auto line = frame.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) parts.push_back(line);
    if (newline == std::string_view::npos) break;
    frame.remove_prefix(newline + 1);
  }
  return parts;
}

Result<json::object> parse_object(std::string_view text, const DecodeLimits& limits) {
  json::parse_options options;
  options.max_depth = limits.max_depth;
  json::stream_parser parser({}, options);
  boost::system::error_code ec;
  parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    return make_error(ErrorCode::invalid_json, "The message is not valid JSON: " + ec.message() + ".");
  }
  json::value value = parser.release();
  if (!value.is_object()) return make_error(ErrorCode::invalid_json, "The message must be a JSON object.");
  if (!strings_within(value, limits.max_string_bytes)) {
    return make_error(ErrorCode::message_too_large, "A string in the message is longer than the server allows.");
  }
  return std::move(value.get_object());
}

std::optional<std::string> peek_id(const json::object& object, const DecodeLimits& limits) {
  const auto* id = object.if_contains(field::id);
  if (id == nullptr || !id->is_string()) return std::nullopt;
  const auto& text = id->get_string();
  if (text.empty() || text.size() > limits.max_id_bytes) return std::nullopt;
  return std::string(text);
}

Result<Envelope> to_envelope(json::object object, const DecodeLimits& limits) {
  Envelope envelope;
  const auto* id = object.if_contains(field::id);
  if (id == nullptr || !id->is_string() || id->get_string().empty()) {
    return invalid("The envelope needs an \"id\": a non-empty string.");
  }
  if (id->get_string().size() > limits.max_id_bytes) {
    return invalid("The envelope \"id\" is longer than " + std::to_string(limits.max_id_bytes) + " characters.");
  }
  envelope.id = std::string(id->get_string());

  const auto* type = object.if_contains(field::type);
  if (type == nullptr || !type->is_string()) return invalid("The envelope needs a \"type\": a string.");
  const auto parsed_type = parse_message_type(type->get_string());
  if (!parsed_type) {
    return make_error(ErrorCode::unknown_type, "Unknown message type \"" + std::string(type->get_string()) + "\".");
  }
  envelope.type = *parsed_type;

  if (auto* payload = object.if_contains(field::payload)) {
    if (!payload->is_object()) return invalid("The envelope \"payload\" must be an object.");
    envelope.payload = std::move(payload->get_object());
  }
  if (const auto* timestamp = object.if_contains(field::timestamp)) {
    if (!timestamp->is_string()) return invalid("The envelope \"timestamp\" must be an ISO-8601 string.");
    envelope.timestamp = std::string(timestamp->get_string());
  }
  if (const auto* reply_to = object.if_contains(field::reply_to)) {
    if (!reply_to->is_string()) return invalid("The envelope \"replyTo\" must be a string.");
    envelope.reply_to = std::string(reply_to->get_string());
  }
  if (const auto* seq = object.if_contains(field::seq)) {
    if (!seq->is_int64() || seq->get_int64() < 1) return invalid("The envelope \"seq\" must be a positive integer.");
    envelope.seq = seq->get_int64();
  }
  return envelope;
}

Result<Envelope> decode_envelope(std::string_view text, const DecodeLimits& limits) {
  auto object = parse_object(text, limits);
  if (!object) return object.error();
  return to_envelope(std::move(*object), limits);
}

json::object to_json(const Envelope& envelope) {
  json::object object;
  object.reserve(6);
  object[field::id] = envelope.id;
  object[field::type] = to_string(envelope.type);
  object[field::payload] = envelope.payload;
  object[field::timestamp] = envelope.timestamp;
  if (envelope.reply_to) object[field::reply_to] = *envelope.reply_to;
  if (envelope.seq) object[field::seq] = *envelope.seq;
  return object;
}

std::string encode(const Envelope& envelope) { return json::serialize(to_json(envelope)); }

std::string generate_id() {
  static const std::string prefix = [] {
    std::random_device device;
    char text[16];
    std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(device()));
    return std::string(text);
  }();
  static std::atomic<std::uint64_t> counter{0};
  return prefix + '-' + std::to_string(counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

std::string now_timestamp() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto seconds = system_clock::to_time_t(now);
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return text;
}

}  // namespace tether::protocol
