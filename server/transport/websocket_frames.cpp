#include "server/transport/websocket_frames.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace tether::server::websocket_frames {

namespace {

constexpr std::size_t kMaxControlPayload = 125;

bool is_control(Opcode opcode) { return static_cast<std::uint8_t>(opcode) >= 0x8; }

std::uint64_t read_big_endian(const std::uint8_t* bytes, int count) {
  std::uint64_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 8) | bytes[i];
  return value;
}

// XORs `size` bytes that start `offset` bytes into a frame's payload with its mask key,
// eight at a time.
void unmask(char* bytes, std::size_t size, const std::array<std::uint8_t, 4>& key, std::uint64_t offset) {
  std::array<std::uint8_t, 8> rotated;
  for (std::size_t i = 0; i < rotated.size(); ++i) rotated[i] = key[(offset + i) % 4];
  std::uint64_t mask;
  std::memcpy(&mask, rotated.data(), sizeof mask);
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes + i, sizeof word);
    word ^= mask;
    std::memcpy(bytes + i, &word, sizeof word);
  }
  for (; i < size; ++i) bytes[i] = static_cast<char>(bytes[i] ^ rotated[i % 8]);
}

// Cuts text to at most `limit` bytes without splitting a UTF-8 character.
std::string_view cut_utf8(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t size = limit;
  while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
  return text.substr(0, size);
}

}  // namespace

void FrameReader::consume(std::string_view bytes, std::vector<Event>& events) {
  const auto take_header_bytes = [&](std::size_t wanted) {
    const auto count = std::min(wanted - header_size_, bytes.size());
    std::memcpy(header_.data() + header_size_, bytes.data(), count);
    header_size_ = static_cast<std::uint8_t>(header_size_ + count);
    bytes.remove_prefix(count);
    return header_size_ == wanted;
  };
  while (!bytes.empty() && !ended_) {
    if (!in_payload_) {
      if (header_size_ < 2) {
        if (!take_header_bytes(2) || !accept_first_bytes(events)) continue;
      }
      if (!take_header_bytes(header_complete_size()) || !start_frame(events)) continue;
      if (payload_left_ == 0) finish_frame(events);
      continue;
    }
    const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(payload_left_, bytes.size()));
    auto& destination = is_control(opcode_) ? control_ : message_;
    const auto start = destination.size();
    destination.append(bytes.data(), count);
    unmask(destination.data() + start, count, mask_, payload_offset_);
    bytes.remove_prefix(count);
    payload_left_ -= count;
    payload_offset_ += count;
    if (!is_control(opcode_) && message_is_text_ && !utf8_.feed(std::string_view(destination).substr(start))) {
      fail(CloseCode::invalid_payload, "a text message that is not UTF-8", events);
      continue;
    }
    if (payload_left_ == 0) finish_frame(events);
  }
}

std::size_t FrameReader::header_complete_size() const {
  const auto length_code = header_[1] & 0x7F;
  const std::size_t extended = length_code == 126 ? 2 : length_code == 127 ? 8 : 0;
  return 2 + extended + mask_.size();
}

// What the first two bytes alone can refuse, refused before the rest arrives.
bool FrameReader::accept_first_bytes(std::vector<Event>& events) {
  const auto first = header_[0];
  const auto second = header_[1];
  if (first & 0x70) return fail(CloseCode::protocol_error, "reserved bits set (no extension was negotiated)", events);
  const auto code = first & 0x0F;
  if ((code > 0x2 && code < 0x8) || code > 0xA) return fail(CloseCode::protocol_error, "a reserved opcode", events);
  const auto opcode = static_cast<Opcode>(code);
  const bool fin = first & 0x80;
  if (is_control(opcode) && !fin) return fail(CloseCode::protocol_error, "a fragmented control frame", events);
  if (is_control(opcode) && (second & 0x7F) > kMaxControlPayload) {
    return fail(CloseCode::protocol_error, "a control frame over 125 bytes", events);
  }
  if (!(second & 0x80)) return fail(CloseCode::protocol_error, "an unmasked client frame", events);
  if (opcode == Opcode::continuation && !in_message_) {
    return fail(CloseCode::protocol_error, "a continuation frame with no message to continue", events);
  }
  if ((opcode == Opcode::text || opcode == Opcode::binary) && in_message_) {
    return fail(CloseCode::protocol_error, "a new message inside a fragmented one", events);
  }
  opcode_ = opcode;
  fin_ = fin;
  return true;
}

bool FrameReader::start_frame(std::vector<Event>& events) {
  const auto length_code = header_[1] & 0x7F;
  std::uint64_t length = length_code;
  std::size_t position = 2;
  if (length_code == 126) {
    length = read_big_endian(&header_[2], 2);
    position = 4;
    if (length < 126) return fail(CloseCode::protocol_error, "a length not in its shortest form", events);
  } else if (length_code == 127) {
    length = read_big_endian(&header_[2], 8);
    position = 10;
    if (length >> 63) return fail(CloseCode::protocol_error, "a 64-bit length with its top bit set", events);
    if (length <= 0xFFFF) return fail(CloseCode::protocol_error, "a length not in its shortest form", events);
  }
  std::memcpy(mask_.data(), &header_[position], mask_.size());
  header_size_ = 0;
  if (!is_control(opcode_)) {
    if (length > max_message_bytes_ || message_.size() > max_message_bytes_ - length) {
      return fail(CloseCode::too_big, "a message over " + std::to_string(max_message_bytes_) + " bytes", events);
    }
    if (opcode_ != Opcode::continuation) {
      in_message_ = true;
      message_is_text_ = opcode_ == Opcode::text;
      utf8_.reset();
    }
  }
  in_payload_ = true;
  payload_left_ = length;
  payload_offset_ = 0;
  return true;
}

void FrameReader::finish_frame(std::vector<Event>& events) {
  in_payload_ = false;
  switch (opcode_) {
    case Opcode::ping:
      events.push_back({Event::Kind::ping, std::exchange(control_, {})});
      return;
    case Opcode::pong:
      control_.clear();
      events.push_back({Event::Kind::pong, {}});
      return;
    case Opcode::close:
      finish_close(events);
      return;
    default:
      break;
  }
  if (!fin_) return;
  if (message_is_text_ && !utf8_.complete()) {
    fail(CloseCode::invalid_payload, "a text message that ends inside a character", events);
    return;
  }
  in_message_ = false;
  events.push_back({message_is_text_ ? Event::Kind::text : Event::Kind::binary, std::exchange(message_, {})});
}

void FrameReader::finish_close(std::vector<Event>& events) {
  const std::string body = std::exchange(control_, {});
  if (body.empty()) {
    end_with({Event::Kind::close, {}, static_cast<std::uint16_t>(CloseCode::no_status)}, events);
    return;
  }
  if (body.size() == 1) {
    fail(CloseCode::protocol_error, "a close frame with a one-byte body", events);
    return;
  }
  const auto code = static_cast<std::uint16_t>(read_big_endian(reinterpret_cast<const std::uint8_t*>(body.data()), 2));
  if (!is_valid_close_code(code)) {
    fail(CloseCode::protocol_error, "a close frame with code " + std::to_string(code), events);
    return;
  }
  const auto reason = std::string_view(body).substr(2);
  Utf8Validator utf8;
  if (!utf8.feed(reason) || !utf8.complete()) {
    fail(CloseCode::invalid_payload, "a close reason that is not UTF-8", events);
    return;
  }
  end_with({Event::Kind::close, std::string(reason), code}, events);
}

bool FrameReader::fail(CloseCode code, std::string reason, std::vector<Event>& events) {
  end_with({Event::Kind::failure, std::move(reason), static_cast<std::uint16_t>(code)}, events);
  return false;
}

void FrameReader::end_with(Event event, std::vector<Event>& events) {
  ended_ = true;
  std::string().swap(message_);
  std::string().swap(control_);
  events.push_back(std::move(event));
}

std::size_t write_header(Opcode opcode, std::uint64_t payload_size, std::array<char, 10>& out) {
  out[0] = static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));
  std::size_t extended = 0;
  if (payload_size < 126) {
    out[1] = static_cast<char>(payload_size);
  } else if (payload_size <= 0xFFFF) {
    out[1] = 126;
    extended = 2;
  } else {
    out[1] = 127;
    extended = 8;
  }
  for (std::size_t i = 0; i < extended; ++i) out[2 + i] = static_cast<char>(payload_size >> (8 * (extended - 1 - i)));
  return 2 + extended;
}

std::string control_frame(Opcode opcode, std::string_view payload) {
  payload = payload.substr(0, std::min(payload.size(), kMaxControlPayload));
  std::array<char, 10> header;
  const auto header_size = write_header(opcode, payload.size(), header);
  std::string frame(header.data(), header_size);
  frame += payload;
  return frame;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
  if (code == static_cast<std::uint16_t>(CloseCode::no_status)) return control_frame(Opcode::close, {});
  std::string body{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  body += cut_utf8(reason, kMaxControlPayload - 2);
  return control_frame(Opcode::close, body);
}

bool is_valid_close_code(std::uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

}  // namespace tether::server::websocket_frames
