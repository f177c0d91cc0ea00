// tether-bench's own WebSocket framing: whatever way the bytes arrive, the reader must
// find the same messages, refuse what RFC 6455 forbids a server to send, and the writer
// must mask what it writes so that the server reads it back.
#include "bench/tether_bench/client_frames.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <ostream>
#include <vector>

namespace tether::bench::client_frames {
namespace {

constexpr std::size_t kMaxMessageBytes = 1 << 20;

// A server frame (unmasked) with the shortest length encoding.
std::string server_frame(Opcode opcode, std::string_view payload, bool fin = true) {
  std::string frame;
  frame.push_back(static_cast<char>((fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(opcode)));
  const std::uint64_t size = payload.size();
  const std::size_t length_bytes = size <= 125 ? 0 : size <= 0xFFFF ? 2 : 8;
  frame.push_back(static_cast<char>(length_bytes == 0 ? size : length_bytes == 2 ? 126 : 127));
  for (std::size_t i = length_bytes; i-- > 0;) frame.push_back(static_cast<char>((size >> (8 * i)) & 0xFF));
  frame.append(payload);
  return frame;
}

std::string close_body(std::uint16_t code, std::string_view reason) {
  std::string body{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  return body.append(reason);
}

// An event copied out of the reader's views.
struct Seen {
  Event::Kind kind;
  std::string payload;
  std::uint16_t close_code = 0;
  bool operator==(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Seen& seen) {
  return out << "{kind " << static_cast<int>(seen.kind) << ", " << seen.payload.size() << " bytes, code "
             << seen.close_code << "}";
}

// Feeds the chunks through a ReceiveBuffer and a FrameReader the way the transport
// does (read into the free tail, parse, drop what was used) until a close or failure.
std::vector<Seen> read_events(const std::vector<std::string_view>& chunks, std::size_t max_message_bytes = kMaxMessageBytes) {
  ReceiveBuffer buffer;
  FrameReader reader(max_message_bytes);
  std::vector<Seen> seen;
  std::size_t frame_size = 0;
  for (auto chunk : chunks) {
    while (!chunk.empty()) {
      const auto tail = buffer.prepare(frame_size);
      const std::size_t size = std::min(tail.size(), chunk.size());
      std::memcpy(tail.data(), chunk.data(), size);
      buffer.commit(size);
      chunk.remove_prefix(size);
      for (;;) {
        const auto parsed = reader.next(buffer.unparsed());
        buffer.consume(parsed.consumed);
        if (parsed.event.kind == Event::Kind::incomplete) {
          frame_size = parsed.frame_size;
          break;
        }
        seen.push_back({parsed.event.kind, std::string(parsed.event.payload), parsed.event.close_code});
        if (parsed.event.kind == Event::Kind::close || parsed.event.kind == Event::Kind::failure) return seen;
      }
    }
  }
  return seen;
}

std::vector<Seen> read_events(std::string_view bytes, std::size_t max_message_bytes = kMaxMessageBytes) {
  return read_events(std::vector<std::string_view>{bytes}, max_message_bytes);
}

Event::Kind first_event_kind(std::string_view bytes, std::size_t max_message_bytes = kMaxMessageBytes) {
  const auto seen = read_events(bytes, max_message_bytes);
  return seen.empty() ? Event::Kind::incomplete : seen.front().kind;
}

std::string letters(std::size_t size) {
  std::string text(size, ' ');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
  return text;
}

// Every kind of frame, a 16-bit length and a fragmented message with control frames
// between its fragments.
struct Conversation {
  std::string bytes;
  std::vector<Seen> events;
};

Conversation conversation() {
  Conversation c;
  const auto add = [&c](std::string frame) { c.bytes += frame; };
  add(server_frame(Opcode::text, R"({"type":"connection_status"})"));
  c.events.push_back({Event::Kind::message, R"({"type":"connection_status"})"});
  add(server_frame(Opcode::binary, letters(300)));
  c.events.push_back({Event::Kind::message, letters(300)});
  add(server_frame(Opcode::ping, "are you there"));
  c.events.push_back({Event::Kind::ping, "are you there"});
  add(server_frame(Opcode::text, "frag", false));
  add(server_frame(Opcode::ping, ""));
  c.events.push_back({Event::Kind::ping, ""});
  add(server_frame(Opcode::continuation, "men", false));
  add(server_frame(Opcode::pong, "late"));
  c.events.push_back({Event::Kind::pong, "late"});
  add(server_frame(Opcode::continuation, std::string("ted ") + letters(200)));
  c.events.push_back({Event::Kind::message, "fragmented " + letters(200)});
  add(server_frame(Opcode::text, ""));
  c.events.push_back({Event::Kind::message, ""});
  add(server_frame(Opcode::close, close_body(1001, "going away")));
  c.events.push_back({Event::Kind::close, "going away", 1001});
  return c;
}

TEST(ClientFrames, ReadsAWholeConversation) {
  const auto c = conversation();
  EXPECT_EQ(read_events(c.bytes), c.events);
}

TEST(ClientFrames, ByteByByteGivesTheSameEvents) {
  const auto c = conversation();
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < c.bytes.size(); ++i) bytes.push_back(std::string_view(c.bytes).substr(i, 1));
  EXPECT_EQ(read_events(bytes), c.events);
}

TEST(ClientFrames, EveryTwoPartSplitGivesTheSameEvents) {
  const auto c = conversation();
  const std::string_view all = c.bytes;
  for (std::size_t split = 0; split <= all.size(); ++split) {
    EXPECT_EQ(read_events({all.substr(0, split), all.substr(split)}), c.events) << "split at " << split;
  }
}

TEST(ClientFrames, AWholeFrameIsAViewIntoTheBufferNotACopy) {
  const auto frame = server_frame(Opcode::text, "hello");
  FrameReader reader(kMaxMessageBytes);
  const auto parsed = reader.next(frame);
  ASSERT_EQ(parsed.event.kind, Event::Kind::message);
  EXPECT_EQ(parsed.event.payload, "hello");
  EXPECT_EQ(parsed.event.payload.data(), frame.data() + 2);
  EXPECT_EQ(parsed.consumed, frame.size());
}

TEST(ClientFrames, ReportsTheSizeOfAFrameOnceItsHeaderIsIn) {
  const auto frame = server_frame(Opcode::text, letters(1000));
  FrameReader reader(kMaxMessageBytes);
  EXPECT_EQ(reader.next(std::string_view(frame).substr(0, 3)).frame_size, 0u);  // 16-bit length incomplete
  const auto parsed = reader.next(std::string_view(frame).substr(0, 4));
  EXPECT_EQ(parsed.event.kind, Event::Kind::incomplete);
  EXPECT_EQ(parsed.frame_size, 4 + 1000u);
}

TEST(ClientFrames, ReadsEveryLengthEncoding) {
  for (const std::size_t size : {0u, 125u, 126u, 65535u, 65536u, 200000u}) {
    const auto payload = letters(size);
    const auto frame = server_frame(Opcode::text, payload);
    EXPECT_EQ(frame.size() - size, size <= 125 ? 2u : size <= 0xFFFF ? 4u : 10u);
    const std::vector<Seen> expected{{Event::Kind::message, payload}};
    EXPECT_EQ(read_events(frame), expected) << size;
  }
}

TEST(ClientFrames, A64BitLengthFrameByteByByte) {
  const auto payload = letters(70000);
  const auto frame = server_frame(Opcode::binary, payload) + server_frame(Opcode::text, "after");
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < frame.size(); ++i) bytes.push_back(std::string_view(frame).substr(i, 1));
  const std::vector<Seen> expected{{Event::Kind::message, payload}, {Event::Kind::message, "after"}};
  EXPECT_EQ(read_events(bytes), expected);
}

TEST(ClientFrames, AssemblesFragmentedMessagesOneAfterAnother) {
  const auto bytes = server_frame(Opcode::binary, "ab", false) + server_frame(Opcode::continuation, "cd") +
                     server_frame(Opcode::text, "x", false) + server_frame(Opcode::continuation, "", false) +
                     server_frame(Opcode::continuation, "yz") + server_frame(Opcode::text, "whole");
  const std::vector<Seen> expected{
      {Event::Kind::message, "abcd"}, {Event::Kind::message, "xyz"}, {Event::Kind::message, "whole"}};
  EXPECT_EQ(read_events(bytes), expected);
}

TEST(ClientFrames, ACloseFrameWithoutABodyHasNoStatus) {
  const std::vector<Seen> expected{{Event::Kind::close, "", kNoStatusCode}};
  EXPECT_EQ(read_events(server_frame(Opcode::close, "")), expected);
}

TEST(ClientFrames, RefusesWhatAServerMayNotSend) {
  const auto fragment = server_frame(Opcode::text, "a", false);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"masked frame", std::string("\x81\x81\x01\x02\x03\x04", 6) + "a"},
      {"RSV1", std::string("\xC1\x00", 2)},
      {"RSV2", std::string("\xA1\x00", 2)},
      {"RSV3", std::string("\x91\x00", 2)},
      {"data opcode 3", std::string("\x83\x00", 2)},
      {"control opcode 0xB", std::string("\x8B\x00", 2)},
      {"fragmented ping", server_frame(Opcode::ping, "", false)},
      {"126-byte ping", server_frame(Opcode::ping, letters(126))},
      {"126-byte close", server_frame(Opcode::close, letters(126))},
      {"continuation without a start", server_frame(Opcode::continuation, "a")},
      {"text inside a fragmented message", fragment + server_frame(Opcode::text, "b")},
      {"binary inside a fragmented message", fragment + server_frame(Opcode::binary, "b")},
      {"close with a 1-byte body", server_frame(Opcode::close, "x")},
  };
  for (const auto& [name, bytes] : cases) EXPECT_EQ(first_event_kind(bytes), Event::Kind::failure) << name;
}

TEST(ClientFrames, RefusesAMessageOverTheLimitBeforeItsPayloadArrives) {
  const auto header = server_frame(Opcode::text, letters(101)).substr(0, 2);
  EXPECT_EQ(first_event_kind(header, 100), Event::Kind::failure);
  EXPECT_EQ(first_event_kind(server_frame(Opcode::text, letters(100)), 100), Event::Kind::message);
  // All fragments together count.
  const auto fragments = server_frame(Opcode::text, letters(60), false) + server_frame(Opcode::continuation, letters(41));
  EXPECT_EQ(first_event_kind(fragments, 100), Event::Kind::failure);
  // A 64-bit length no message can have.
  EXPECT_EQ(first_event_kind(std::string("\x82\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 10)), Event::Kind::failure);
}

// What a server reads from a client frame: the opcode, and the payload unmasked.
struct Unmasked {
  std::uint8_t first_byte = 0;
  std::string payload;
};

Unmasked unmask(std::string_view frame, std::size_t& header_size) {
  Unmasked result;
  result.first_byte = static_cast<std::uint8_t>(frame[0]);
  const auto second = static_cast<std::uint8_t>(frame[1]);
  EXPECT_TRUE(second & 0x80) << "a client frame must be masked";
  const std::size_t length_code = second & 0x7F;
  const std::size_t length_bytes = length_code == 127 ? 8 : length_code == 126 ? 2 : 0;
  std::uint64_t size = length_bytes == 0 ? length_code : 0;
  for (std::size_t i = 0; i < length_bytes; ++i) size = (size << 8) | static_cast<std::uint8_t>(frame[2 + i]);
  header_size = 2 + length_bytes + 4;
  const auto key = frame.substr(2 + length_bytes, 4);
  EXPECT_EQ(frame.size(), header_size + size);
  for (std::size_t i = 0; i < size; ++i) result.payload.push_back(static_cast<char>(frame[header_size + i] ^ key[i % 4]));
  return result;
}

TEST(ClientFrames, TheWriterMasksWhatTheServerUnmasks) {
  const MaskKey key{0x37, 0xFA, 0x21, 0x3D};
  for (const std::size_t size : {0u, 1u, 5u, 125u, 126u, 65535u, 65536u, 100000u}) {
    const auto text = letters(size);
    std::string frame;
    append_frame(Opcode::text, text, key, frame);
    std::size_t header_size = 0;
    const auto read = unmask(frame, header_size);
    EXPECT_EQ(read.first_byte, 0x81) << size;
    EXPECT_EQ(header_size, size <= 125 ? 6u : size <= 0xFFFF ? 8u : 14u) << size;
    EXPECT_EQ(read.payload, text) << size;
    if (size >= 4) {
      EXPECT_NE(frame.substr(header_size), text) << "the payload went out unmasked";
    }
  }
}

TEST(ClientFrames, WritesPongAndCloseFrames) {
  const MaskKey key{1, 2, 3, 4};
  std::string queued;
  append_frame(Opcode::pong, "are you there", key, queued);
  const std::size_t pong_size = queued.size();
  append_close_frame(1000, key, queued);
  std::size_t header_size = 0;
  const auto pong = unmask(std::string_view(queued).substr(0, pong_size), header_size);
  EXPECT_EQ(pong.first_byte, 0x8A);
  EXPECT_EQ(pong.payload, "are you there");
  const auto close = unmask(std::string_view(queued).substr(pong_size), header_size);
  EXPECT_EQ(close.first_byte, 0x88);
  EXPECT_EQ(close.payload, close_body(1000, ""));

  std::string empty_close;
  append_close_frame(kNoStatusCode, key, empty_close);
  EXPECT_EQ(unmask(empty_close, header_size).payload, "");
}

TEST(ClientFrames, TheReceiveBufferStaysSmallForSmallMessages) {
  ReceiveBuffer buffer;
  for (int i = 0; i < 1000; ++i) {
    const auto tail = buffer.prepare(0);
    std::memset(tail.data(), 'x', 100);
    buffer.commit(100);
    buffer.consume(buffer.unparsed().size());
  }
  EXPECT_EQ(buffer.capacity(), ReceiveBuffer::kInitialCapacity);
}

TEST(ClientFrames, TheReceiveBufferKeepsUnparsedBytesAsItGrows) {
  ReceiveBuffer buffer;
  auto tail = buffer.prepare(0);
  const std::size_t first_read = tail.size();
  for (std::size_t i = 0; i < first_read; ++i) tail[i] = static_cast<char>('a' + i % 26);
  buffer.commit(first_read);  // a full read: data is waiting
  buffer.consume(first_read - 10);
  tail = buffer.prepare(100000);  // the rest of a 100,000-byte frame, and no more
  EXPECT_EQ(tail.size(), 100000u - 10);
  EXPECT_EQ(buffer.unparsed(), letters(first_read).substr(first_read - 10));
  buffer.commit(0);
  buffer.consume(10);
  EXPECT_GE(buffer.prepare(0).size(), ReceiveBuffer::kBusyReadSize);
}

}  // namespace
}  // namespace tether::bench::client_frames
