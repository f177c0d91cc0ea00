#include "tether/protocol/envelope.hpp"

#include <boost/json/serializer.hpp>
#include <boost/json/stream_parser.hpp>

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

// Writes text as a JSON string exactly as Boost.JSON's serializer does (same escapes,
// lowercase hex), so that encode() keeps its bytes whichever way it is built.
void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t clean_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text, clean_from, i - clean_from);
    clean_from = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
  }
  out.append(text, clean_from, text.size() - clean_from);
  out += '"';
}

void append_object(std::string& out, const json::object& object) {
  if (object.empty()) {
    out += "{}";
    return;
  }
  json::serializer serializer;
  serializer.reset(&object);
  while (!serializer.done()) {
    const auto used = out.size();
    out.resize(used + 512);
    const auto written = serializer.read(out.data() + used, 512);
    out.resize(used + written.size());
  }
}

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

// Written field by field rather than through to_json(): that would deep-copy the payload
// into a temporary object first, for every event and every pong.
std::string encode(const Envelope& envelope) {
  std::string out;
  out.reserve(128);
  out += "{\"id\":";
  append_string(out, envelope.id);
  out += ",\"type\":";
  append_string(out, to_string(envelope.type));
  out += ",\"payload\":";
  append_object(out, envelope.payload);
  out += ",\"timestamp\":";
  append_string(out, envelope.timestamp);
  if (envelope.reply_to) {
    out += ",\"replyTo\":";
    append_string(out, *envelope.reply_to);
  }
  if (envelope.seq) {
    out += ",\"seq\":";
    out += std::to_string(*envelope.seq);
  }
  out += '}';
  return out;
}

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
  const auto millis = static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
  // Every event carries a timestamp: format the date and time once per second.
  thread_local std::time_t cached_second = -1;
  thread_local char cached_text[64];
  if (seconds != cached_second) {
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::snprintf(cached_text, sizeof cached_text, "%04d-%02d-%02dT%02d:%02d:%02d", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
    cached_second = seconds;
  }
  std::string text;
  text.reserve(24);
  text += cached_text;
  text += '.';
  text += static_cast<char>('0' + millis / 100);
  text += static_cast<char>('0' + millis / 10 % 10);
  text += static_cast<char>('0' + millis % 10);
  text += 'Z';
  return text;
}

Stamp stamp_now() { return Stamp{generate_id(), now_timestamp()}; }

}  // namespace tether::protocol
