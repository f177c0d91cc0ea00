#include "server/transport/websocket_frames.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::server::websocket_frames {
namespace {

// Opcodes as a client may write them, reserved ones included.
namespace op {
constexpr std::uint8_t continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA;
}

enum class LengthForm { shortest, bits16, bits64 };

struct FrameOptions {
  bool fin = true;
  std::uint8_t rsv = 0;  // any of 0x40, 0x20, 0x10
  bool masked = true;
  std::array<std::uint8_t, 4> mask{0x37, 0xFA, 0x21, 0x3D};  // the key of RFC 6455 §5.7's examples
  LengthForm length = LengthForm::shortest;
  std::optional<std::uint64_t> announced;  // a length field other than the payload's size
};

// A frame as a client sends it (RFC 6455 §5.2): masked unless told otherwise.
std::string client_frame(std::uint8_t opcode, std::string_view payload, FrameOptions options = {}) {
  std::string frame;
  frame += static_cast<char>((options.fin ? 0x80 : 0x00) | options.rsv | opcode);
  const std::uint64_t length = options.announced.value_or(payload.size());
  auto form = options.length;
  if (form == LengthForm::shortest && length >= 126) form = length <= 0xFFFF ? LengthForm::bits16 : LengthForm::bits64;
  const char mask_bit = options.masked ? char(0x80) : char(0x00);
  if (form == LengthForm::shortest) {
    frame += static_cast<char>(mask_bit | static_cast<char>(length));
  } else {
    const int bytes = form == LengthForm::bits16 ? 2 : 8;
    frame += static_cast<char>(mask_bit | (bytes == 2 ? 126 : 127));
    for (int i = bytes - 1; i >= 0; --i) frame += static_cast<char>(length >> (8 * i));
  }
  if (options.masked) {
    for (const auto byte : options.mask) frame += static_cast<char>(byte);
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ options.mask[i % 4]);
  } else {
    frame += payload;
  }
  return frame;
}

// A close frame's body: the code in network byte order, then the reason.
std::string close_body(std::uint16_t code, std::string_view reason = "") {
  return std::string{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)} + std::string(reason);
}

std::string printable(std::string_view bytes) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F && byte != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

// One line per event, so a mismatch prints readably. A failure's payload is free text:
// only its code is part of the contract.
std::string describe(const Event& event) {
  switch (event.kind) {
    case Event::Kind::text: return "text " + printable(event.payload);
    case Event::Kind::binary: return "binary " + printable(event.payload);
    case Event::Kind::ping: return "ping " + printable(event.payload);
    case Event::Kind::pong: return "pong";  // its payload is not part of the contract
    case Event::Kind::close: return "close " + std::to_string(event.code) + " " + printable(event.payload);
    case Event::Kind::failure: return "failure " + std::to_string(event.code);
  }
  return "?";
}

using Lines = std::vector<std::string>;

Lines describe(const std::vector<Event>& events) {
  Lines lines;
  for (const auto& event : events) lines.push_back(describe(event));
  return lines;
}

constexpr std::size_t roomy = 1 << 20;

// The events of `bytes` handed over in one consume() call to a fresh reader.
Lines read_at_once(std::string_view bytes, std::size_t max_message_bytes = roomy) {
  FrameReader reader(max_message_bytes);
  std::vector<Event> events;
  reader.consume(bytes, events);
  return describe(events);
}

Lines read_byte_by_byte(std::string_view bytes, std::size_t max_message_bytes = roomy) {
  FrameReader reader(max_message_bytes);
  std::vector<Event> events;
  for (std::size_t i = 0; i < bytes.size(); ++i) reader.consume(bytes.substr(i, 1), events);
  return describe(events);
}

const Lines failure_1002{"failure 1002"};
const Lines failure_1007{"failure 1007"};
const Lines failure_1009{"failure 1009"};

// --- The reader: messages and control frames ---

TEST(FrameReader, TheHelperWritesRfc6455sMaskedHelloExample) {
  // RFC 6455 §5.7: "A single-frame masked text message".
  EXPECT_EQ(client_frame(op::text, "Hello"), "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58");
}

TEST(FrameReader, AMaskedTextFrameGivesItsUnmaskedPayload) {
  FrameReader reader(roomy);
  std::vector<Event> events;
  reader.consume("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Event::Kind::text);
  EXPECT_EQ(events[0].payload, "Hello");
  EXPECT_FALSE(reader.ended());
  EXPECT_EQ(reader.buffered(), 0u) << "nothing is kept once the message is out";
}

TEST(FrameReader, AnyMaskKeyUnmasks) {
  EXPECT_EQ(read_at_once(client_frame(op::text, "zero key", {.mask = {0, 0, 0, 0}})), Lines{"text zero key"});
  EXPECT_EQ(read_at_once(client_frame(op::text, "all ones", {.mask = {0xFF, 0xFF, 0xFF, 0xFF}})), Lines{"text all ones"});
}

// A short conversation touching every kind of frame and the 7- and 16-bit lengths.
std::string conversation() {
  return client_frame(op::text, "Hel", {.fin = false}) + client_frame(op::ping, "are you there?") +
         client_frame(op::continuation, "lo, w", {.fin = false, .mask = {1, 2, 3, 4}}) +
         client_frame(op::continuation, "orld \xE2\x82\xAC", {.mask = {0xA0, 0xB1, 0xC2, 0xD3}}) +
         client_frame(op::binary, std::string(300, '\xE2')) + client_frame(op::pong, "") +
         client_frame(op::text, "") + client_frame(op::close, close_body(1000, "bye"));
}

const Lines conversation_events{"ping are you there?",
                                "text Hello, world \\xE2\\x82\\xAC",
                                "binary " + printable(std::string(300, '\xE2')),
                                "pong",
                                "text ",
                                "close 1000 bye"};

TEST(FrameReader, ReadsAConversationInOneCall) {
  EXPECT_EQ(read_at_once(conversation()), conversation_events);
}

TEST(FrameReader, BytesArrivingOneAtATimeGiveTheSameEvents) {
  // The reader keeps a partial header, mask key and payload across calls.
  EXPECT_EQ(read_byte_by_byte(conversation()), conversation_events);
}

TEST(FrameReader, SplittingTheBytesAnywhereGivesTheSameEvents) {
  const auto bytes = conversation();
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    FrameReader reader(roomy);
    std::vector<Event> events;
    reader.consume(std::string_view(bytes).substr(0, split), events);
    reader.consume(std::string_view(bytes).substr(split), events);
    ASSERT_EQ(describe(events), conversation_events) << "split at " << split;
    EXPECT_TRUE(reader.ended());
  }
}

TEST(FrameReader, ReadsSevenSixteenAndSixtyFourBitLengths) {
  for (const std::size_t size : {0, 1, 125, 126, 127, 65535, 65536, 100000}) {
    std::string payload(size, 'x');
    for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>('a' + i % 26);
    const auto frame = client_frame(op::binary, payload);
    const std::size_t header = size < 126 ? 6 : size <= 0xFFFF ? 8 : 14;
    ASSERT_EQ(frame.size(), header + size) << "the helper picks the shortest form";
    for (const bool byte_by_byte : {false, true}) {
      FrameReader reader(roomy);
      std::vector<Event> events;
      if (byte_by_byte) {
        for (const char byte : frame) reader.consume(std::string_view(&byte, 1), events);
      } else {
        reader.consume(frame, events);
      }
      ASSERT_EQ(events.size(), 1u) << size << " bytes";
      EXPECT_EQ(events[0].kind, Event::Kind::binary);
      EXPECT_TRUE(events[0].payload == payload) << size << " bytes, byte by byte: " << byte_by_byte;
    }
  }
}

TEST(FrameReader, SeveralFramesInOneCallGiveTheirEventsInOrder) {
  const auto bytes = client_frame(op::text, "one") + client_frame(op::binary, "two") + client_frame(op::ping, "three") +
                     client_frame(op::text, std::string(200, 'f')) + client_frame(op::pong, "five") +
                     client_frame(op::text, "six");
  EXPECT_EQ(read_at_once(bytes), (Lines{"text one", "binary two", "ping three", "text " + std::string(200, 'f'),
                                        "pong", "text six"}));
}

TEST(FrameReader, AnEmptyMessageIsStillAMessage) {
  EXPECT_EQ(read_at_once(client_frame(op::text, "")), Lines{"text "});
  EXPECT_EQ(read_at_once(client_frame(op::binary, "")), Lines{"binary "});
  EXPECT_EQ(read_at_once(client_frame(op::text, "", {.fin = false}) + client_frame(op::continuation, "")),
            Lines{"text "})
      << "two empty fragments";
}

TEST(FrameReader, AFragmentedMessageIsOneEvent) {
  const auto bytes = client_frame(op::text, "frag", {.fin = false}) +
                     client_frame(op::continuation, "ment", {.fin = false}) +
                     client_frame(op::continuation, "", {.fin = false}) + client_frame(op::continuation, "ed");
  EXPECT_EQ(read_at_once(bytes), Lines{"text fragmented"});
  EXPECT_EQ(read_byte_by_byte(bytes), Lines{"text fragmented"});
}

TEST(FrameReader, ACharacterMaySpanTwoFragments) {
  // RFC 6455 §8.1: only the whole message must be valid UTF-8, not each fragment.
  const auto bytes = client_frame(op::text, "\xF0\x9F", {.fin = false}) + client_frame(op::continuation, "\x98\x80");
  EXPECT_EQ(read_at_once(bytes), Lines{"text \\xF0\\x9F\\x98\\x80"});
}

TEST(FrameReader, ControlFramesBetweenFragmentsComeFirst) {
  // RFC 6455 §5.4: control frames may be injected in the middle of a fragmented message.
  const auto bytes = client_frame(op::text, "be", {.fin = false}) + client_frame(op::ping, "p") +
                     client_frame(op::continuation, "fore", {.fin = false}) + client_frame(op::pong, "q") +
                     client_frame(op::continuation, " and after");
  EXPECT_EQ(read_at_once(bytes), (Lines{"ping p", "pong", "text before and after"}));
}

TEST(FrameReader, ABinaryMessageIsABinaryEventAndNeedNotBeUtf8) {
  const std::string bytes("\x00\xFF\xC0\xAF\xED\xA0\x80", 7);
  EXPECT_EQ(read_at_once(client_frame(op::binary, bytes)), Lines{"binary " + printable(bytes)});
  EXPECT_EQ(read_at_once(client_frame(op::binary, bytes.substr(0, 3), {.fin = false}) +
                         client_frame(op::continuation, bytes.substr(3))),
            Lines{"binary " + printable(bytes)});
}

TEST(FrameReader, APongIsAPongEvent) {
  EXPECT_EQ(read_at_once(client_frame(op::pong, "alive")), Lines{"pong"});
}

TEST(FrameReader, APingKeepsItsPayload) {
  // The pong must carry exactly the ping's payload (RFC 6455 §5.5.3), binary included.
  std::string payload(125, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7);
  FrameReader reader(roomy);
  std::vector<Event> events;
  reader.consume(client_frame(op::ping, payload) + client_frame(op::ping, ""), events);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Event::Kind::ping);
  EXPECT_EQ(events[0].payload, payload) << "125 bytes, the most a control frame holds";
  EXPECT_EQ(events[1].kind, Event::Kind::ping);
  EXPECT_EQ(events[1].payload, "");
}

TEST(FrameReader, OnlyAnUnfinishedMessageIsBuffered) {
  FrameReader reader(roomy);
  std::vector<Event> events;
  reader.consume(client_frame(op::text, "abc", {.fin = false}), events);
  EXPECT_EQ(reader.buffered(), 3u);
  reader.consume(client_frame(op::continuation, "de"), events);
  EXPECT_EQ(reader.buffered(), 0u);
  EXPECT_EQ(describe(events), Lines{"text abcde"});
}

// --- Close ---

TEST(FrameReader, ACloseFrameGivesItsCodeAndReason) {
  FrameReader reader(roomy);
  std::vector<Event> events;
  reader.consume(client_frame(op::close, close_body(1001, "going \xE2\x86\x92 away")), events);
  EXPECT_EQ(describe(events), Lines{"close 1001 going \\xE2\\x86\\x92 away"});
  EXPECT_TRUE(reader.ended());
  EXPECT_EQ(read_at_once(client_frame(op::close, close_body(1000))), Lines{"close 1000 "}) << "a code, no reason";
}

TEST(FrameReader, ACloseWithoutABodyGivesCode1005) {
  // RFC 6455 §7.1.5: the close code is "considered to be 1005" when there is none.
  FrameReader reader(roomy);
  std::vector<Event> events;
  reader.consume(client_frame(op::close, ""), events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Event::Kind::close);
  EXPECT_EQ(events[0].code, 1005);
  EXPECT_EQ(events[0].payload, "");
  EXPECT_TRUE(reader.ended());
}

TEST(FrameReader, EveryCodeAClientMaySendIsReported) {
  for (const std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999,
                                   4000, 4999})
    EXPECT_EQ(read_at_once(client_frame(op::close, close_body(code, "r"))), Lines{"close " + std::to_string(code) + " r"});
}

TEST(FrameReader, ACloseBetweenFragmentsEndsTheConnection) {
  const auto bytes = client_frame(op::text, "never ", {.fin = false}) + client_frame(op::close, close_body(1000)) +
                     client_frame(op::continuation, "finished");
  EXPECT_EQ(read_at_once(bytes), Lines{"close 1000 "});
}

TEST(FrameReader, NothingIsReadAfterAClose) {
  FrameReader reader(roomy);
  std::vector<Event> events;
  reader.consume(client_frame(op::close, close_body(1000)) + client_frame(op::text, "in the same read"), events);
  reader.consume(client_frame(op::text, "in a later read"), events);
  reader.consume(client_frame(op::close, close_body(1001)), events);
  EXPECT_EQ(describe(events), Lines{"close 1000 "});
  EXPECT_TRUE(reader.ended());
  EXPECT_EQ(reader.buffered(), 0u);
}

TEST(FrameReader, NothingIsReadAfterAFailure) {
  FrameReader reader(roomy);
  std::vector<Event> events;
  reader.consume(client_frame(op::text, "unmasked", {.masked = false}) + client_frame(op::text, "valid"), events);
  EXPECT_TRUE(reader.ended());
  reader.consume(client_frame(op::text, "still valid"), events);
  reader.consume(client_frame(op::close, close_body(1000)), events);
  reader.consume("\xFF\xFF\xFF", events);
  EXPECT_EQ(describe(events), failure_1002);
  EXPECT_TRUE(reader.ended());
}

// --- Protocol errors: 1002 ---

struct BadInput {
  std::string what;
  std::string bytes;
};

// Each fails with exactly one 1002 event, at once or byte by byte, and what follows (a
// valid frame) is ignored.
void expect_failure(const std::vector<BadInput>& inputs, const Lines& failure) {
  const auto valid_after = client_frame(op::text, "ignored");
  for (const auto& input : inputs) {
    EXPECT_EQ(read_at_once(input.bytes + valid_after), failure) << input.what;
    EXPECT_EQ(read_byte_by_byte(input.bytes + valid_after), failure) << input.what << ", byte by byte";
    FrameReader reader(roomy);
    std::vector<Event> events;
    reader.consume(input.bytes, events);
    EXPECT_TRUE(reader.ended()) << input.what;
  }
}

TEST(FrameReader, AnUnmaskedFrameIsAProtocolError) {
  // RFC 6455 §5.1: "a server MUST close the connection upon receiving a frame that is not masked".
  expect_failure({{"unmasked text", client_frame(op::text, "hi", {.masked = false})},
                  {"unmasked empty text", client_frame(op::text, "", {.masked = false})},
                  {"unmasked ping", client_frame(op::ping, "", {.masked = false})},
                  {"unmasked close", client_frame(op::close, close_body(1000), {.masked = false})},
                  {"unmasked continuation",
                   client_frame(op::text, "a", {.fin = false}) + client_frame(op::continuation, "b", {.masked = false})}},
                 failure_1002);
}

TEST(FrameReader, AnyRsvBitIsAProtocolError) {
  // No extension is negotiated (RFC 6455 §5.2).
  std::vector<BadInput> inputs;
  for (const std::uint8_t rsv : {0x40, 0x20, 0x10, 0x70}) {
    inputs.push_back({"rsv " + std::to_string(rsv) + " on text", client_frame(op::text, "hi", {.rsv = rsv})});
    inputs.push_back({"rsv " + std::to_string(rsv) + " on ping", client_frame(op::ping, "", {.rsv = rsv})});
  }
  inputs.push_back({"rsv on a continuation", client_frame(op::text, "a", {.fin = false}) +
                                                 client_frame(op::continuation, "b", {.rsv = 0x40})});
  expect_failure(inputs, failure_1002);
}

TEST(FrameReader, AReservedOpcodeIsAProtocolError) {
  std::vector<BadInput> inputs;
  for (std::uint8_t opcode = 0x3; opcode <= 0x7; ++opcode)
    inputs.push_back({"opcode " + std::to_string(opcode), client_frame(opcode, "x")});
  for (std::uint8_t opcode = 0xB; opcode <= 0xF; ++opcode)
    inputs.push_back({"opcode " + std::to_string(opcode), client_frame(opcode, "x")});
  inputs.push_back({"reserved opcode in a fragmented message",
                    client_frame(op::text, "a", {.fin = false}) + client_frame(0x3, "b")});
  expect_failure(inputs, failure_1002);
}

TEST(FrameReader, AFragmentedOrLongControlFrameIsAProtocolError) {
  // RFC 6455 §5.5: control frames have at most 125 bytes and are never fragmented.
  expect_failure({{"ping without fin", client_frame(op::ping, "p", {.fin = false})},
                  {"pong without fin", client_frame(op::pong, "p", {.fin = false})},
                  {"close without fin", client_frame(op::close, close_body(1000), {.fin = false})},
                  {"ping of 126 bytes", client_frame(op::ping, std::string(126, 'p'))},
                  {"pong of 126 bytes", client_frame(op::pong, std::string(126, 'p'))},
                  {"close of 126 bytes", client_frame(op::close, close_body(1000, std::string(124, 'r')))},
                  {"ping of 3 bytes in the 16-bit form", client_frame(op::ping, "abc", {.length = LengthForm::bits16})},
                  {"ping of 65536 bytes", client_frame(op::ping, std::string(65536, 'p'))}},
                 failure_1002);
}

TEST(FrameReader, AContinuationWithoutAMessageIsAProtocolError) {
  expect_failure({{"continuation first", client_frame(op::continuation, "x")},
                  {"continuation without fin first", client_frame(op::continuation, "x", {.fin = false})}},
                 failure_1002);
  EXPECT_EQ(read_at_once(client_frame(op::text, "done") + client_frame(op::continuation, "x")),
            (Lines{"text done", "failure 1002"}))
      << "a continuation after a whole message";
}

TEST(FrameReader, ANewMessageBeforeTheLastOneEndsIsAProtocolError) {
  // RFC 6455 §5.4: the fragments of one message may not interleave with another's.
  expect_failure({{"text in text", client_frame(op::text, "a", {.fin = false}) + client_frame(op::text, "b")},
                  {"binary in text", client_frame(op::text, "a", {.fin = false}) + client_frame(op::binary, "b")},
                  {"text in binary", client_frame(op::binary, "a", {.fin = false}) + client_frame(op::text, "b")},
                  {"unfinished text in text", client_frame(op::text, "a", {.fin = false}) +
                                                  client_frame(op::continuation, "b", {.fin = false}) +
                                                  client_frame(op::text, "c", {.fin = false})}},
                 failure_1002);
}

TEST(FrameReader, ALengthInMoreBytesThanNeededIsAProtocolError) {
  // RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the length".
  expect_failure({{"0 in 16 bits", client_frame(op::text, "", {.length = LengthForm::bits16})},
                  {"5 in 16 bits", client_frame(op::text, "hello", {.length = LengthForm::bits16})},
                  {"125 in 16 bits", client_frame(op::text, std::string(125, 'a'), {.length = LengthForm::bits16})},
                  {"5 in 64 bits", client_frame(op::text, "hello", {.length = LengthForm::bits64})},
                  {"126 in 64 bits", client_frame(op::text, std::string(126, 'a'), {.length = LengthForm::bits64})},
                  {"65535 in 64 bits",
                   client_frame(op::binary, std::string(65535, 'a'), {.length = LengthForm::bits64})}},
                 failure_1002);
}

TEST(FrameReader, A64BitLengthWithItsTopBitSetIsAProtocolErrorNotTooBig) {
  // RFC 6455 §5.2: "the most significant bit MUST be 0". The header is malformed, which
  // comes before how big the message would be.
  expect_failure({{"2^63", client_frame(op::binary, "", {.announced = std::uint64_t{1} << 63})},
                  {"2^64 - 1", client_frame(op::text, "", {.announced = ~std::uint64_t{0}})}},
                 failure_1002);
}

TEST(FrameReader, ACloseBodyOfOneByteIsAProtocolError) {
  // RFC 6455 §5.5.1: a close body starts with a two-byte code.
  // 0x0C and 0x10 would be valid codes (3072, 4096) if a missing second byte read as zero.
  expect_failure({{"03", client_frame(op::close, "\x03")},
                  {"0C", client_frame(op::close, "\x0C")},
                  {"10", client_frame(op::close, "\x10")}},
                 failure_1002);
}

TEST(FrameReader, ACloseCodeAClientMayNotSendIsAProtocolError) {
  // RFC 6455 §7.4: 1004-1006 and 1015 are reserved or never sent, 0-999 unused, 1016-2999
  // reserved for the protocol, 5000 and above undefined.
  std::vector<BadInput> inputs;
  for (const std::uint16_t code : {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    inputs.push_back({"code " + std::to_string(code), client_frame(op::close, close_body(code, "why"))});
  expect_failure(inputs, failure_1002);
}

// --- Invalid UTF-8: 1007 ---

TEST(FrameReader, InvalidUtf8InATextMessageIsAnInvalidPayload) {
  expect_failure({{"overlong", client_frame(op::text, "\xC0\xAF")},
                  {"surrogate", client_frame(op::text, "a\xED\xA0\x80z")},
                  {"above U+10FFFF", client_frame(op::text, "\xF4\x90\x80\x80")},
                  {"stray continuation", client_frame(op::text, "ok\x80")},
                  {"FF", client_frame(op::text, "\xFF")},
                  {"across two fragments",
                   client_frame(op::text, "a\xE2\x82", {.fin = false}) + client_frame(op::continuation, "(")},
                  {"in the last fragment",
                   client_frame(op::text, "fine", {.fin = false}) + client_frame(op::continuation, "\xC3\x28")},
                  {"a long message", client_frame(op::text, std::string(1000, 'a') + "\xF5" + std::string(1000, 'b'))}},
                 failure_1007);
}

TEST(FrameReader, ATextMessageEndingMidCharacterIsAnInvalidPayload) {
  expect_failure({{"one frame", client_frame(op::text, "euro \xE2\x82")},
                  {"fragments", client_frame(op::text, "\xF0\x9F", {.fin = false}) + client_frame(op::continuation, "\x98")},
                  {"then an empty last fragment",
                   client_frame(op::text, "\xC3", {.fin = false}) + client_frame(op::continuation, "")}},
                 failure_1007);
}

TEST(FrameReader, InvalidUtf8FailsBeforeTheMessageEnds) {
  // RFC 6455 §8.1 asks to fail as soon as the bytes are found invalid (Autobahn's 6.4.x
  // "fail fast" cases): the rest of the message may never come.
  FrameReader reader(roomy);
  std::vector<Event> events;
  reader.consume(client_frame(op::text, "a\xFF", {.fin = false}), events);
  EXPECT_EQ(describe(events), failure_1007);
}

TEST(FrameReader, ACloseReasonThatIsNotUtf8IsAnInvalidPayload) {
  // RFC 6455 §5.5.1 and §8.1: the reason is UTF-8 text.
  expect_failure({{"invalid byte", client_frame(op::close, close_body(1000, "\xFF"))},
                  {"ends mid-character", client_frame(op::close, close_body(1000, "bye \xE2\x82"))},
                  {"surrogate", client_frame(op::close, close_body(1001, "\xED\xBF\xBF"))}},
                 failure_1007);
}

// --- Too big: 1009 ---

TEST(FrameReader, AHeaderAnnouncingTooBigAMessageFailsBeforeItsPayload) {
  struct Case {
    std::string what;
    std::size_t max;
    std::string header;  // a whole header, mask key included, and none of its payload
  };
  const std::vector<Case> cases{
      {"11 > 10", 10, client_frame(op::text, "", {.announced = 11})},
      {"binary 11 > 10", 10, client_frame(op::binary, "", {.announced = 11})},
      {"65535 > 4096", 4096, client_frame(op::text, "", {.announced = 65535})},
      {"2^40 > 1 MiB", roomy, client_frame(op::binary, "", {.announced = std::uint64_t{1} << 40})},
      {"2^63 - 1 > 1 MiB", roomy, client_frame(op::binary, "", {.announced = (std::uint64_t{1} << 63) - 1})},
  };
  for (const auto& c : cases) {
    FrameReader reader(c.max);
    std::vector<Event> events;
    reader.consume(c.header, events);
    EXPECT_EQ(describe(events), failure_1009) << c.what;
    EXPECT_TRUE(reader.ended()) << c.what;
    EXPECT_EQ(reader.buffered(), 0u) << c.what;
  }
}

TEST(FrameReader, FragmentsAddingUpToMoreThanTheLimitAreTooBig) {
  FrameReader reader(10);
  std::vector<Event> events;
  reader.consume(client_frame(op::text, "123456", {.fin = false}), events);
  EXPECT_TRUE(events.empty());
  reader.consume(client_frame(op::continuation, "7890", {.fin = false}), events);
  EXPECT_TRUE(events.empty()) << "exactly 10 so far";
  reader.consume(client_frame(op::continuation, "", {.fin = false, .announced = 1}), events);
  EXPECT_EQ(describe(events), failure_1009) << "the header of the 11th byte fails";
  EXPECT_TRUE(reader.ended());

  EXPECT_EQ(read_at_once(client_frame(op::binary, "12345", {.fin = false}) + client_frame(op::continuation, "678901"), 10),
            failure_1009);
}

TEST(FrameReader, AMessageOfExactlyTheLimitIsRead) {
  EXPECT_EQ(read_at_once(client_frame(op::text, "1234567890"), 10), Lines{"text 1234567890"});
  EXPECT_EQ(read_at_once(client_frame(op::binary, "1234", {.fin = false}) + client_frame(op::continuation, "567890"), 10),
            Lines{"binary 1234567890"});
  EXPECT_EQ(read_at_once(client_frame(op::text, "1234567890") + client_frame(op::text, "1234567890"), 10),
            (Lines{"text 1234567890", "text 1234567890"}))
      << "the limit is per message";
}

// --- The writers ---

std::string header(Opcode opcode, std::uint64_t payload_size) {
  std::array<char, 10> out{};
  const auto size = write_header(opcode, payload_size, out);
  EXPECT_LE(size, out.size());
  return std::string(out.data(), size);
}

TEST(FrameWriters, TheHeaderTakesTheShortestLengthForm) {
  // Final (FIN set), unmasked (a server never masks, RFC 6455 §5.1), opcode in the low nibble.
  EXPECT_EQ(header(Opcode::text, 0), std::string("\x81\x00", 2));
  EXPECT_EQ(header(Opcode::text, 125), "\x81\x7D");
  EXPECT_EQ(header(Opcode::text, 126), std::string("\x81\x7E\x00\x7E", 4));
  EXPECT_EQ(header(Opcode::binary, 65535), "\x82\x7E\xFF\xFF");
  EXPECT_EQ(header(Opcode::binary, 65536), std::string("\x82\x7F\x00\x00\x00\x00\x00\x01\x00\x00", 10));
  EXPECT_EQ(header(Opcode::text, 0x0102030405060708), "\x81\x7F\x01\x02\x03\x04\x05\x06\x07\x08");
  EXPECT_EQ(header(Opcode::pong, 3), "\x8A\x03");
  EXPECT_EQ(header(Opcode::close, 2), "\x88\x02");
}

TEST(FrameWriters, AControlFrameIsWhole) {
  EXPECT_EQ(control_frame(Opcode::ping, "hi"), "\x89\x02hi");
  EXPECT_EQ(control_frame(Opcode::pong, ""), std::string("\x8A\x00", 2));
  EXPECT_EQ(control_frame(Opcode::pong, std::string(125, 'p')), "\x8A\x7D" + std::string(125, 'p'));
}

TEST(FrameWriters, AControlFramePayloadIsCutTo125Bytes) {
  std::string payload(200, 'a');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + i % 26);
  EXPECT_EQ(control_frame(Opcode::pong, payload), "\x8A\x7D" + payload.substr(0, 125));
}

TEST(FrameWriters, ACloseFrameCarriesTheCodeThenTheReason) {
  EXPECT_EQ(close_frame(1000, "bye"), "\x88\x05\x03\xE8" "bye");
  EXPECT_EQ(close_frame(1009, ""), "\x88\x02\x03\xF1");
  EXPECT_EQ(close_frame(4000, "x"), "\x88\x03\x0F\xA0x");
}

TEST(FrameWriters, NoStatusGivesAnEmptyCloseFrame) {
  // 1005 must never be sent as a code (RFC 6455 §7.4.1): it means "no code".
  EXPECT_EQ(close_frame(1005, "ignored"), std::string("\x88\x00", 2));
  EXPECT_EQ(close_frame(static_cast<std::uint16_t>(CloseCode::no_status), ""), std::string("\x88\x00", 2));
}

TEST(FrameWriters, ALongCloseReasonIsCutToFit125Bytes) {
  const std::string reason(200, 'r');
  EXPECT_EQ(close_frame(1011, reason), "\x88\x7D\x03\xF3" + reason.substr(0, 123));
}

TEST(FrameWriters, ACutCloseReasonStaysValidUtf8) {
  // A client fails the connection on a reason that is not UTF-8 (RFC 6455 §8.1), so the
  // cut must not split a character: 123 bytes of "é" would end mid-character.
  std::string reason;
  for (int i = 0; i < 100; ++i) reason += "\xC3\xA9";
  const auto frame = close_frame(1000, reason);
  ASSERT_GE(frame.size(), 4u);
  const auto length = static_cast<unsigned char>(frame[1]);
  EXPECT_LE(length, 125);
  EXPECT_EQ(frame.size(), 2u + length);
  const auto cut = frame.substr(4);
  EXPECT_EQ(cut, reason.substr(0, cut.size())) << "a prefix of the reason";
  EXPECT_EQ(cut.size(), 122u) << "61 whole characters";
  Utf8Validator validator;
  EXPECT_TRUE(validator.feed(cut) && validator.complete());
}

TEST(FrameWriters, CloseCodesAClientMaySend) {
  for (const std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999,
                                   4000, 4999})
    EXPECT_TRUE(is_valid_close_code(code)) << code;
  for (const std::uint16_t code : {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    EXPECT_FALSE(is_valid_close_code(code)) << code;
}

}  // namespace
}  // namespace tether::server::websocket_frames
