// The hostile-input proof (docs/security.md): tables of what a hostile client sends the
// real binary, each with the exact answer (HTTP status, error code, close code), and
// after each case a normal client still joins a session and receives a complete reply.
// bad_input_test.cpp and hardening_test.cpp hold the rest of the table (bad envelopes,
// binary frames, oversized frames, wrong token, foreign Origin/Host, floods, token
// guessing, path traversal).
#include "tests/server/transcript.hpp"
#include "tests/support/raw_websocket.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <dirent.h>
#include <fstream>
#include <functional>
#include <sstream>

namespace tether::testing {
namespace {

// Under AddressSanitizer freed memory waits in a quarantine (256 MB by default), so the
// server's RSS says nothing about what it holds: memory bounds are checked in the normal build.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRssIsMeaningful = false;
#else
constexpr bool kRssIsMeaningful = true;
#endif

using protocol::MessageType;
using Clock = std::chrono::steady_clock;

WsOptions auth_of(const ServerProcess& server) { return WsOptions{server.token(), std::nullopt, {}}; }

// The proof that a case left the server healthy: a fresh client joins a new session,
// sends a chat to the echo backend and receives the whole reply, ended normally.
void expect_serves_a_normal_client(const ServerProcess& server, int n = 40) {
  SCOPED_TRACE("a normal client after the hostile one");
  const auto session = create_session(server.port(), server.token());
  WsTestClient client(server.port(), auth_of(server));
  join(client, session);
  const auto id =
      client.send(MessageType::chat_request, protocol::to_json(protocol::ChatRequest{session, words(n), std::nullopt}));
  Transcript transcript;
  client.read_until([&](const protocol::Envelope& e) {
    transcript.apply(e);
    return is_response_to(e, id);
  });
  EXPECT_EQ(transcript.replies[id], words(n));
  EXPECT_EQ(transcript.stop_reasons[id], "end_turn");
  EXPECT_EQ(transcript.duplicates, 0);
}

// The error code of an HTTP error body ({"error":{code…}}) or of an error envelope (the
// fallback POST answers with envelopes, docs/protocol.md §5.2).
std::string error_code_of(const std::string& body) {
  auto object = protocol::parse_object(body);
  if (!object) return {};
  if (object->contains("error")) return std::string(object->at("error").at("code").as_string());
  if (auto envelope = protocol::to_envelope(*object); envelope && envelope->type == MessageType::error) {
    return std::string(protocol::to_string(protocol::error_from_json(envelope->payload).code));
  }
  return {};
}

std::string param_name(std::string name) {
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

// Some number from /healthz.
std::int64_t health_number(const ServerProcess& server, const std::string& name) {
  auto body = protocol::parse_object(http_request(server.port(), "GET", "/healthz").body);
  return body ? body->at(name).to_number<std::int64_t>() : -1;
}

// Polls until pred holds or the deadline passes.
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

std::size_t open_fds(pid_t pid) {
  std::size_t count = 0;
  if (DIR* dir = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
    while (readdir(dir) != nullptr) ++count;
    closedir(dir);
  }
  return count;
}

std::size_t rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoul(line.substr(6));
  }
  return 0;
}

void raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// ---------------------------------------------------------------------------------
// HTTP requests, sent as raw bytes: the exact status and error code of each.

struct HttpCase {
  std::string name;
  std::function<std::string(const ServerProcess&)> request;  // the bytes sent
  unsigned status;          // 0: the server closes without an answer
  std::string error_code;   // the body's error.code ("" when not checked)
  std::vector<std::string> headers{};  // headers the answer must carry
};

std::string get(const std::string& target, const ServerProcess& server, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n" + extra + "\r\n";
}

std::string post(const std::string& target, const ServerProcess& server, const std::string& body,
                 const std::string& extra = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server.port()) +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra +
         "\r\n" + body;
}

std::string bearer(const ServerProcess& server) { return "Authorization: Bearer " + server.token() + "\r\n"; }

const std::vector<HttpCase>& http_cases() {
  static const std::vector<HttpCase> cases{
      // Only the landing page trades ?token= for a cookie: a token in the query string of
      // the API is never a credential (it would end up in logs, history and Referer).
      {"token in the query of the API",
       [](const ServerProcess& s) { return get("/api/sessions?token=" + s.token(), s); }, 401, "unauthorized"},
      {"access_token in the query of the API",
       [](const ServerProcess& s) { return get("/api/sessions?access_token=" + s.token(), s); }, 401, "unauthorized"},
      {"token in the query of the WebSocket upgrade",
       [](const ServerProcess& s) { return upgrade_request(s.port(), "/api/claude/ws?token=" + s.token(), {}); }, 401,
       "unauthorized"},
      {"token in the query of the fallback POST",
       [](const ServerProcess& s) {
         return post("/api/claude/messages?token=" + s.token(), s, R"({"id":"q1","type":"ping"})");
       },
       401, "unauthorized"},
      {"token in the query of the SSE stream",
       [](const ServerProcess& s) { return get("/api/claude/stream?sessionId=abc&token=" + s.token(), s); }, 401,
       "unauthorized"},
      {"the landing page trades the token for a cookie",
       [](const ServerProcess& s) { return get("/?token=" + s.token(), s); }, 303, "", {"set-cookie", "location"}},
      // Bodies and headers over the limits.
      {"fallback POST body over the limit (Content-Length)",
       [](const ServerProcess& s) {
         return "POST /api/claude/messages HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) + "\r\n" +
                bearer(s) + "Content-Type: application/json\r\nContent-Length: " + std::to_string(2 << 20) +
                "\r\n\r\n{\"id\":\"big\",";
       },
       413, "message_too_large"},
      {"fallback POST body over the limit (chunked)",
       [](const ServerProcess& s) {
         std::string request = "POST /api/claude/messages HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) +
                               "\r\n" + bearer(s) + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
         const std::string chunk(16 * 1024, 'x');
         for (int i = 0; i < 6; ++i) request += "4000\r\n" + chunk + "\r\n";  // 96 KiB > 64 KiB
         return request + "0\r\n\r\n";
       },
       413, "message_too_large"},
      {"REST body over the limit",
       [](const ServerProcess& s) {
         return post("/api/sessions", s, "{\"title\":\"" + std::string(100 * 1024, 't') + "\"}", bearer(s));
       },
       413, "message_too_large"},
      {"headers over 16 KiB", [](const ServerProcess& s) {
         return get("/api/sessions", s, bearer(s) + "X-Padding: " + std::string(20 * 1024, 'p') + "\r\n");
       },
       413, "message_too_large"},
      {"deep JSON in the fallback POST",
       [](const ServerProcess& s) {
         return post("/api/claude/messages", s,
                     R"({"id":"deep","type":"ping","payload":{"x":)" + std::string(40, '[') + std::string(40, ']') + "}}",
                     bearer(s));
       },
       400, "invalid_json"},
      {"deep JSON in a REST body",
       [](const ServerProcess& s) {
         return post("/api/sessions", s, R"({"title":)" + std::string(5000, '[') + std::string(5000, ']') + "}",
                     bearer(s));
       },
       400, "invalid_json"},
      {"REST body that is not an object",
       [](const ServerProcess& s) { return post("/api/sessions", s, "[\"title\"]", bearer(s)); }, 400, "invalid_json"},
      {"title of the wrong type", [](const ServerProcess& s) { return post("/api/sessions", s, R"({"title":7})", bearer(s)); },
       400, "invalid_message"},
      // Not HTTP, or broken HTTP: nothing to answer, the connection is closed.
      {"not HTTP at all", [](const ServerProcess&) { return std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15); },
       0, ""},
      {"a bad Content-Length",
       [](const ServerProcess& s) {
         return "POST /api/claude/messages HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port()) +
                "\r\nContent-Length: 12abc\r\n\r\n{}";
       },
       0, ""},
      // Upgrades the WebSocket handshake check refuses (websocket_handshake.cpp).
      {"upgrade with a wrong WebSocket version",
       [](const ServerProcess& s) {
         std::string request = upgrade_request(s.port(), "/api/claude/ws", {{"Authorization", "Bearer " + s.token()}});
         request.replace(request.find("Version: 13"), 11, "Version: 8");
         return request;
       },
       426, "", {"sec-websocket-version"}},
      {"upgrade without a Sec-WebSocket-Key",
       [](const ServerProcess& s) {
         std::string request = upgrade_request(s.port(), "/api/claude/ws", {{"Authorization", "Bearer " + s.token()}});
         const auto key = request.find("Sec-WebSocket-Key");
         request.erase(key, request.find("\r\n", key) + 2 - key);
         return request;
       },
       400, ""},
  };
  return cases;
}

void PrintTo(const HttpCase& c, std::ostream* os) { *os << c.name; }

class HostileHttp : public ::testing::TestWithParam<HttpCase> {
 protected:
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--max-message-bytes", "65536"}}};
};

TEST_P(HostileHttp, GetsItsExactAnswerAndTheServerStillServes) {
  const auto& c = GetParam();
  RawSocket socket(server.port());
  socket.send(c.request(server));  // the server may answer (413) before it is all sent
  const auto response = read_http_response(socket);
  EXPECT_EQ(response.status, c.status) << response.body;
  if (!c.error_code.empty()) {
    EXPECT_EQ(error_code_of(response.body), c.error_code) << response.body;
    EXPECT_EQ(response.headers.count("content-type") ? response.headers.at("content-type") : "", "application/json");
  }
  for (const auto& header : c.headers) EXPECT_TRUE(response.headers.count(header)) << header;
  if (c.status == 0 || c.status == 413) {
    EXPECT_TRUE(socket.wait_closed(std::chrono::seconds(5))) << "the connection stays open after " << c.status;
  }
  expect_serves_a_normal_client(server);
}

INSTANTIATE_TEST_SUITE_P(Table, HostileHttp, ::testing::ValuesIn(http_cases()),
                         [](const auto& info) { return param_name(info.param.name); });

// ---------------------------------------------------------------------------------
// WebSocket frames Beast's client will not send: RFC 6455 protocol errors and the
// legal-but-unusual (fragments, control frames between them).

struct FrameCase {
  std::string name;
  std::vector<std::string> frames;  // sent after the upgrade, in order
  int close_code = 0;               // expected close code; 0: the connection stays open and…
  std::string reply_to;             // …this message is answered with a pong envelope
  std::optional<std::string> pong;  // …and a pong control frame with this payload comes first
};

std::string ping_envelope(const std::string& id) { return R"({"id":")" + id + R"(","type":"ping","payload":{}})"; }

const std::vector<FrameCase>& frame_cases() {
  const auto split = [](const std::string& text, std::size_t at) {
    return std::pair{text.substr(0, at), text.substr(at)};
  };
  static const std::vector<FrameCase> cases = [&] {
    std::vector<FrameCase> c;
    // Text frames must be UTF-8 (RFC 6455 §8.1): 1007.
    c.push_back({"invalid UTF-8", {text_frame(R"({"id":"u1","type":"ping","payload":{"x":")" "\xff\xfe" "\"}}")}, 1007});
    c.push_back({"overlong UTF-8", {text_frame(R"({"id":"u2","type":"ping","payload":{"x":")" "\xc0\xaf" "\"}}")}, 1007});
    c.push_back({"UTF-16 surrogate in UTF-8", {text_frame(R"({"id":"u3","type":"ping","payload":{"x":")" "\xed\xa0\x80" "\"}}")}, 1007});
    c.push_back({"invalid UTF-8 across fragments",
                 {text_frame("{\"id\":\"u4\",\"type\":\"ping\",\"payload\":{\"x\":\"\xe2\x82", false),
                  frame(opcode::continuation, "\x28\"}}")},
                 1007});
    // Fragmented messages are one message.
    {
      auto [a, b] = split(ping_envelope("frag-1"), 12);
      c.push_back({"fragmented text message", {text_frame(a, false), frame(opcode::continuation, b)}, 0, "frag-1"});
    }
    {
      const std::string text = R"({"id":"frag-2","type":"ping","payload":{"x":"caf)" "\xc3\xa9" R"("}})";
      const auto at = text.find('\xc3') + 1;  // between the two bytes of é
      c.push_back({"UTF-8 character split across fragments",
                   {text_frame(text.substr(0, at), false), frame(opcode::continuation, text.substr(at))}, 0, "frag-2"});
    }
    {
      const auto text = ping_envelope("frag-3");
      std::vector<std::string> frames{text_frame(text.substr(0, 1), false)};
      for (std::size_t i = 1; i + 1 < text.size(); ++i) frames.push_back(frame(opcode::continuation, text.substr(i, 1), false));
      frames.push_back(frame(opcode::continuation, text.substr(text.size() - 1)));
      c.push_back({"a message in one-byte fragments", frames, 0, "frag-3"});
    }
    {
      auto [a, b] = split(ping_envelope("frag-4"), 20);
      c.push_back({"ping between fragments is answered",
                   {text_frame(a, false), frame(opcode::ping, "are you there?"), frame(opcode::continuation, b)},
                   0, "frag-4", "are you there?"});
    }
    c.push_back({"an unsolicited pong is ignored", {frame(opcode::pong, "hi"), text_frame(ping_envelope("pong-1"))}, 0, "pong-1"});
    c.push_back({"an empty ping is answered", {frame(opcode::ping, ""), text_frame(ping_envelope("ping-0"))}, 0, "ping-0", ""});
    // Protocol errors (RFC 6455 §5): 1002.
    c.push_back({"continuation without a start", {frame(opcode::continuation, "abc")}, 1002});
    c.push_back({"new text frame inside a fragmented message",
                 {text_frame("{\"id\":", false), text_frame(ping_envelope("x"))}, 1002});
    c.push_back({"ping over 125 bytes", {frame(opcode::ping, std::string(126, 'p'))}, 1002});
    c.push_back({"fragmented ping", {frame(opcode::ping, "x", false)}, 1002});
    c.push_back({"fragmented close", {encode_frame({opcode::close, std::string("\x03\xe8", 2), false})}, 1002});
    c.push_back({"unmasked client frame", {encode_frame({opcode::text, ping_envelope("m1"), true, false})}, 1002});
    c.push_back({"reserved bit set", {encode_frame({opcode::text, ping_envelope("r1"), true, true, 4})}, 1002});
    c.push_back({"reserved data opcode", {frame(0x3, "x")}, 1002});
    c.push_back({"reserved control opcode", {frame(0xB, "x")}, 1002});
    // RFC 6455 wants the top bit of a 64-bit length clear (§5.2): 1002 from the header alone.
    c.push_back({"64-bit length with the top bit set, then data",
                 {std::string("\x81\xff\x80\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00\x00", 14) +
                  std::string(70 * 1024, 'x')},
                 1002});
    // An announced length over the limit is refused from the header, before any of it is
    // read or stored. (Mask key 0: the payload goes as is.)
    c.push_back({"a frame announcing 2^62 bytes, then 70 KiB of it",
                 {std::string("\x81\xff\x40\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 14) +
                  std::string(70 * 1024, 'x')},
                 1009});
    c.push_back({"a 16-bit length that fits in 7 bits", {std::string("\x81\xfe\x00\x05\x00\x00\x00\x00hello", 13)},
                 1002});
    c.push_back({"close with a one-byte body", {frame(opcode::close, "\x03")}, 1002});
    c.push_back({"close with a reserved code", {close_frame(1005)}, 1002});
    c.push_back({"close with code 999", {close_frame(999)}, 1002});
    // The client says goodbye properly: the server echoes its code.
    c.push_back({"a normal close is echoed", {close_frame(1000, "bye")}, 1000});
    // A frame that announces more than the limit is refused once the limit is read.
    {
      FrameSpec big{opcode::text, std::string(80 * 1024, 'x')};
      std::string bytes = encode_frame(big);
      c.push_back({"a frame over the limit", {bytes}, 1009});
    }
    return c;
  }();
  return cases;
}

void PrintTo(const FrameCase& c, std::ostream* os) { *os << c.name; }

class HostileFrames : public ::testing::TestWithParam<FrameCase> {
 protected:
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--max-message-bytes", "65536"}}};
};

bool is_pong_reply(const ServerFrame& frame, const std::string& id) {
  if (frame.opcode != opcode::text) return false;
  for (const auto part : protocol::split_frame(frame.payload)) {
    auto envelope = protocol::decode_envelope(part);
    if (envelope && envelope->reply_to == id) return envelope->type == MessageType::pong;
  }
  return false;
}

TEST_P(HostileFrames, GetsItsExactOutcomeAndTheServerStillServes) {
  const auto& c = GetParam();
  RawWebSocket ws(server.port(), server.token());
  auto status = ws.read_frame();  // connection_status
  ASSERT_TRUE(status);
  ASSERT_NE(status->payload.find("connection_status"), std::string::npos);
  for (const auto& bytes : c.frames) ws.send(bytes);
  if (c.close_code != 0) {
    const int code = ws.wait_close_code();
    EXPECT_EQ(code, c.close_code);
    // The TCP connection ends when our close frame answers the server's (after a protocol
    // error the server has stopped sending already, and waits for us to hang up).
    if (code > 0 && !ws.ended()) ws.send(close_frame(static_cast<std::uint16_t>(code)));
    EXPECT_TRUE(ws.socket().wait_closed(std::chrono::seconds(5)));
  } else {
    if (c.pong) {
      auto pong = ws.read_until([](const ServerFrame& f) { return f.opcode == opcode::pong || f.opcode == opcode::close; });
      ASSERT_TRUE(pong) << "no pong";
      EXPECT_EQ(pong->opcode, opcode::pong);
      EXPECT_EQ(pong->payload, *c.pong);
    }
    const auto& id = c.reply_to;
    auto reply = ws.read_until([&](const ServerFrame& f) { return is_pong_reply(f, id) || f.opcode == opcode::close; });
    ASSERT_TRUE(reply) << "no answer to " << id;
    EXPECT_EQ(reply->opcode, opcode::text) << "closed with " << reply->close_code();
  }
  expect_serves_a_normal_client(server);
}

INSTANTIATE_TEST_SUITE_P(Table, HostileFrames, ::testing::ValuesIn(frame_cases()),
                         [](const auto& info) { return param_name(info.param.name); });

// ---------------------------------------------------------------------------------
// Envelopes with deep nesting, huge strings and other shapes the JSON parser must bound.

struct EnvelopeCase {
  std::string name;
  std::string text;
  std::optional<protocol::ErrorCode> error;  // nullopt: answered with a pong
};

std::string nested(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

TEST(HostileEnvelopes, DeepNestingAndHugeStringsGetTheirErrorCodes) {
  // Frames up to 16 MiB, so that a string over the string bound (an image's base64) fits in one.
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--max-message-bytes", "16777216", "--max-queued-bytes",
                                      "33554432"}}};
  const std::size_t bound = protocol::DecodeLimits{}.max_string_bytes;
  const auto ping_with = [](const std::string& id, const std::string& value) {
    return R"({"id":")" + id + R"(","type":"ping","payload":{"x":)" + value + "}}";
  };
  const std::vector<EnvelopeCase> cases{
      // The envelope is depth 1, its payload 2: 30 arrays inside make 32, the limit.
      {"nesting at the limit (32)", ping_with("d32", nested(30)), std::nullopt},
      {"nesting one past the limit (33)", ping_with("d33", nested(31)), protocol::ErrorCode::invalid_json},
      {"nesting 100000 deep", ping_with("d100k", nested(100000)), protocol::ErrorCode::invalid_json},
      {"objects nested past the limit", ping_with("o40", [] {
         std::string v;
         for (int i = 0; i < 40; ++i) v += R"({"a":)";
         return v + "1" + std::string(40, '}');
       }()),
       protocol::ErrorCode::invalid_json},
      {"a string one byte over the bound", ping_with("s1", "\"" + std::string(bound + 1, 's') + "\""),
       protocol::ErrorCode::message_too_large},
      {"a key one byte over the bound", R"({"id":"k1","type":"ping","payload":{")" + std::string(bound + 1, 'k') + R"(":1}})",
       protocol::ErrorCode::message_too_large},
      {"a string just under the bound", ping_with("s2", "\"" + std::string(bound - 16, 's') + "\""), std::nullopt},
      {"a wide object (100000 keys)", ping_with("w1", [] {
         std::string v = "{";
         for (int i = 0; i < 100000; ++i) v += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
         return v + "}";
       }()),
       std::nullopt},
      {"a long array (500000 items)", ping_with("a1", "[" + [] {
         std::string v;
         for (int i = 0; i < 500000; ++i) v += i ? ",0" : "0";
         return v;
       }() + "]"),
       std::nullopt},
      {"a huge number (parsed as infinity, harmless)", ping_with("n1", "1e999999"), std::nullopt},
      {"a number of 100000 digits", ping_with("n2", std::string(100000, '7')), std::nullopt},
      {"an escaped NUL and a surrogate pair", ping_with("e1", R"("\u0000\ud800\udfff")"), std::nullopt},
      {"a lone surrogate escape", ping_with("e2", R"("\ud800")"), protocol::ErrorCode::invalid_json},
      {"a chat message of 900 KiB for an unknown session",
       R"({"id":"c1","type":"chat_request","payload":{"sessionId":"nosuch","message":")" + std::string(900 * 1024, 'm') +
           "\"}}",
       protocol::ErrorCode::session_not_found},
  };
  WsTestClient client(server.port(), auth_of(server));
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    client.send_text(c.text);
    auto answer = client.read_until(
        [](const protocol::Envelope& e) { return e.type == MessageType::error || e.type == MessageType::pong; });
    if (c.error) {
      ASSERT_EQ(answer.type, MessageType::error);
      EXPECT_EQ(protocol::error_from_json(answer.payload).code, *c.error)
          << protocol::error_from_json(answer.payload).message;
    } else {
      EXPECT_EQ(answer.type, MessageType::pong) << protocol::error_from_json(answer.payload).message;
    }
    // The connection stays open after each (only a frame over the frame limit closes it).
    const auto id = client.send(MessageType::ping, {});
    EXPECT_EQ(client.read_reply(id).type, MessageType::pong);
  }
  expect_serves_a_normal_client(server);
}

// ---------------------------------------------------------------------------------
// Connections past the limit.

TEST(HostileConnections, TwoThousandUpgradesAndAnSsePastTheLimitGet503WithRetryAfter) {
  raise_fd_limit();
  constexpr int kLimit = 50;
  constexpr int kExtra = 2000;
  constexpr int kInFlight = 50;
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--max-connections", std::to_string(kLimit)}}};
  std::vector<std::unique_ptr<RawWebSocket>> held;
  for (int i = 0; i < kLimit; ++i) held.push_back(std::make_unique<RawWebSocket>(server.port(), server.token()));
  ASSERT_TRUE(eventually([&] { return health_number(server, "connections") == kLimit; }));

  const auto started = Clock::now();
  int refused = 0;
  std::map<unsigned, int> statuses;
  for (int done = 0; done < kExtra; done += kInFlight) {
    std::vector<RawSocket> batch;
    for (int i = 0; i < kInFlight; ++i) {
      batch.emplace_back(server.port());
      batch.back().send(upgrade_request(server.port(), "/api/claude/ws", {{"Authorization", "Bearer " + server.token()}}));
    }
    for (auto& socket : batch) {
      const auto response = read_http_response(socket);
      ++statuses[response.status];
      if (response.status == 503 && response.headers.count("retry-after") &&
          std::stoi(response.headers.at("retry-after")) > 0 && error_code_of(response.body) == "overloaded") {
        ++refused;
      }
    }
  }
  EXPECT_EQ(refused, kExtra) << "statuses: " << [&] {
    std::string s;
    for (auto [status, count] : statuses) s += std::to_string(status) + "x" + std::to_string(count) + " ";
    return s;
  }();
  const auto took = Clock::now() - started;
  EXPECT_LT(took, std::chrono::seconds(30));
  // An SSE stream past the limit is refused the same way (not a 200 and a close).
  RawSocket sse(server.port());
  sse.send("GET /api/claude/stream?sessionId=s" + std::string(32, '0') + " HTTP/1.1\r\nHost: 127.0.0.1:" +
           std::to_string(server.port()) + "\r\nAuthorization: Bearer " + server.token() + "\r\n\r\n");
  const auto sse_refused = read_http_response(sse);
  EXPECT_EQ(sse_refused.status, 503u);
  EXPECT_EQ(error_code_of(sse_refused.body), "overloaded");
  EXPECT_TRUE(sse_refused.headers.count("retry-after"));
  // Still responsive: health answers at once, the held connections are intact.
  const auto before_health = Clock::now();
  EXPECT_EQ(health_number(server, "connections"), kLimit);
  EXPECT_LT(Clock::now() - before_health, std::chrono::seconds(1));
  held.front()->send(text_frame(ping_envelope("held-1")));
  EXPECT_TRUE(held.front()->read_until([](const ServerFrame& f) { return is_pong_reply(f, "held-1"); }));

  held.clear();
  ASSERT_TRUE(eventually([&] { return health_number(server, "connections") == 0; }));
  expect_serves_a_normal_client(server);
}

// ---------------------------------------------------------------------------------
// Slow-loris: a request that never finishes is cut at the request timeout.

class SlowLoris : public ::testing::Test {
 protected:
  static constexpr auto kTimeout = std::chrono::milliseconds(1500);
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--request-timeout-ms", "1500"}}};

  // Sends `bytes` one at a time every `pace` until the server closes; the time it took.
  std::chrono::milliseconds trickle_until_closed(RawSocket& socket, const std::string& bytes,
                                                 std::chrono::milliseconds pace) {
    const auto start = Clock::now();
    const auto deadline = start + kTimeout * 4;
    std::size_t next = 0;
    while (Clock::now() < deadline) {
      if (next < bytes.size() && !socket.send(bytes.substr(next++, 1))) break;
      auto received = socket.receive(pace);
      if (!received) break;  // closed
      EXPECT_TRUE(received->empty()) << "the server answered an unfinished request: " << *received;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  }

  void expect_cut_at_the_timeout(std::chrono::milliseconds took) {
    EXPECT_GE(took, kTimeout - std::chrono::milliseconds(100));
    EXPECT_LT(took, kTimeout + std::chrono::milliseconds(1500));
  }
};

TEST_F(SlowLoris, HeadersOneByteAtATimeAreCutAtTheRequestTimeout) {
  RawSocket socket(server.port());
  const auto request = get("/api/sessions", server, bearer(server) + std::string(4096, 'X'));
  expect_cut_at_the_timeout(trickle_until_closed(socket, request, std::chrono::milliseconds(100)));
  expect_serves_a_normal_client(server);
}

TEST_F(SlowLoris, AnUpgradeOneByteAtATimeIsCutAtTheRequestTimeout) {
  RawSocket socket(server.port());
  const auto request = upgrade_request(server.port(), "/api/claude/ws",
                                       {{"Authorization", "Bearer " + server.token()}, {"X-Padding", std::string(4096, 'X')}});
  expect_cut_at_the_timeout(trickle_until_closed(socket, request, std::chrono::milliseconds(100)));
  expect_serves_a_normal_client(server);
}

TEST_F(SlowLoris, ABodyOneByteAtATimeIsCutAtTheRequestTimeout) {
  RawSocket socket(server.port());
  std::string request = post("/api/claude/messages", server, std::string(4096, ' ') + ping_envelope("slow"), bearer(server));
  const auto body_start = request.find("\r\n\r\n") + 4;
  ASSERT_TRUE(socket.send(request.substr(0, body_start)));
  expect_cut_at_the_timeout(trickle_until_closed(socket, request.substr(body_start), std::chrono::milliseconds(100)));
  expect_serves_a_normal_client(server);
}

TEST_F(SlowLoris, AConnectionThatSendsNothingIsClosedAtTheRequestTimeout) {
  std::vector<RawSocket> silent;
  for (int i = 0; i < 20; ++i) silent.emplace_back(server.port());
  const auto start = Clock::now();
  for (auto& socket : silent) EXPECT_TRUE(socket.wait_closed(kTimeout * 3));
  expect_cut_at_the_timeout(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start));
  expect_serves_a_normal_client(server);
}

TEST(HostileIdle, AWebSocketThatNeverAnswersPingsIsDropped) {
  // Silent for 4 heartbeat intervals: the server pings once, then drops it.
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--heartbeat-interval-ms", "250"}}};
  RawWebSocket ws(server.port(), server.token());
  const auto start = Clock::now();
  EXPECT_EQ(ws.wait_close_code(std::chrono::seconds(5)), 0) << "dropped without a close handshake";
  const auto took = Clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(900));
  EXPECT_LT(took, std::chrono::milliseconds(3000));
  expect_serves_a_normal_client(server);
}

TEST(HostileIdle, ASilentClientThatAnswersPingsStaysConnected) {
  // A background tab may send nothing for minutes (browsers throttle its timers), but its
  // browser answers WebSocket pings by itself: that is enough to stay connected.
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--heartbeat-interval-ms", "250"}}};
  RawWebSocket ws(server.port(), server.token());
  int pings = 0;
  const auto until = Clock::now() + std::chrono::milliseconds(2500);  // 2.5 idle timeouts
  while (Clock::now() < until) {
    auto received = ws.read_frame(std::chrono::milliseconds(100));
    ASSERT_FALSE(ws.ended()) << "dropped although it answered every ping";
    if (received && received->opcode == opcode::ping) {
      ++pings;
      ASSERT_TRUE(ws.send(frame(opcode::pong, received->payload)));
    }
  }
  EXPECT_GE(pings, 2);
  ws.send(text_frame(ping_envelope("alive")));
  auto reply = ws.read_until([](const ServerFrame& f) { return is_pong_reply(f, "alive") || f.opcode == opcode::close; });
  ASSERT_TRUE(reply) << "no answer after the silence";
  EXPECT_EQ(reply->opcode, opcode::text) << "closed with " << reply->close_code();
}

// ---------------------------------------------------------------------------------
// A client that never reads while a long reply streams to the session it joined.

TEST(HostileSlowReader, IsClosedWhileAnotherClientOfTheSessionGetsItsWholeStream) {
  // The write queue of one connection is bounded (2 MiB here, over 3x one turn): the reader that stopped
  // reading is closed; the one that reads gets every delta and the whole reply.
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--max-message-bytes", "65536", "--max-queued-bytes",
                                      "2097152", "--heartbeat-interval-ms", "1000"}}};
  const auto session = create_session(server.port(), server.token());
  // The server's descriptors once the REST connection above is gone: two equal counts.
  std::size_t fds_before = 0;
  ASSERT_TRUE(eventually([&] {
    const auto a = open_fds(server.pid());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    fds_before = open_fds(server.pid());
    return a == fds_before;
  }));
  const auto rss_before = rss_kib(server.pid());

  RawWebSocket slow(server.port(), server.token(), 4096);
  slow.send(text_frame(R"({"id":"slow-join","type":"session_join","payload":{"sessionId":")" + session + R"(","lastSeq":0}})"));
  ASSERT_TRUE(slow.read_until([](const ServerFrame& f) { return f.payload.find("slow-join") != std::string::npos; }));
  ASSERT_TRUE(eventually([&] { return open_fds(server.pid()) >= fds_before + 1; }));

  WsTestClient good(server.port(), auth_of(server));
  join(good, session);
  // Turn after turn until the slow reader is gone; the slow reader keeps sending pings
  // (so it is not idle) but never reads another byte.
  bool slow_gone = false;
  for (int turn = 0; turn < 40 && !slow_gone; ++turn) {
    SCOPED_TRACE("turn " + std::to_string(turn));
    const auto n = 3000;
    const auto id =
        good.send(MessageType::chat_request, protocol::to_json(protocol::ChatRequest{session, words(n), std::nullopt}));
    Transcript transcript;
    good.read_until(
        [&](const protocol::Envelope& e) {
          transcript.apply(e);
          return is_response_to(e, id);
        },
        std::chrono::seconds(20));
    ASSERT_EQ(transcript.replies[id], words(n));
    ASSERT_EQ(transcript.stop_reasons[id], "end_turn");
    wait_until_idle(server.port(), server.token(), session);
    slow.send(text_frame(ping_envelope("slow-ping-" + std::to_string(turn))));
    // The slow connection's socket is released by the server (fds back to the baseline:
    // the good client holds one more).
    slow_gone = open_fds(server.pid()) <= fds_before + 1;
  }
  // Within a bounded time after its queue passed the bound, the server lets go of it.
  EXPECT_TRUE(slow_gone || eventually([&] { return open_fds(server.pid()) <= fds_before + 1; },
                                      std::chrono::seconds(5)))
      << "the server still holds the connection of a client that never reads";
  // Its socket goes first; it leaves the session (behind the stream's queued deltas on
  // the session's strand) and the count just after.
  EXPECT_TRUE(eventually([&] { return health_number(server, "connections") == 1; }))
      << health_number(server, "connections") << " connections";
  // Memory stayed bounded: nowhere near the megabytes streamed.
  if (kRssIsMeaningful) {
    EXPECT_LT(rss_kib(server.pid()), rss_before + 64 * 1024);
  }
  // Whatever the slow reader can still read ends with a 1013 close or a dropped socket.
  const int code = slow.wait_close_code(std::chrono::seconds(10));
  EXPECT_TRUE(code == 1013 || code == 0) << code;

  const auto id = good.send(MessageType::chat_request, protocol::to_json(protocol::ChatRequest{session, words(50), std::nullopt}));
  Transcript transcript;
  good.read_until([&](const protocol::Envelope& e) {
    transcript.apply(e);
    return is_response_to(e, id);
  });
  EXPECT_EQ(transcript.replies[id], words(50));
  expect_serves_a_normal_client(server);
}

// ---------------------------------------------------------------------------------
// A flood of oversized bodies on the fallback POST.

TEST(HostileHttpFlood, OversizedFallbackBodiesAllGet413AndTheServerStaysSmall) {
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "0", "--max-message-bytes", "65536"}}};
  const auto rss_before = rss_kib(server.pid());
  const std::string head = "POST /api/claude/messages HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server.port()) +
                           "\r\nAuthorization: Bearer " + server.token() +
                           "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n";
  const std::string some_body = R"({"id":"flood","type":"ping","payload":{"x":")" + std::string(32 * 1024, 'x');
  int answered = 0;
  for (int round = 0; round < 10; ++round) {
    std::vector<RawSocket> batch;
    for (int i = 0; i < 20; ++i) {
      batch.emplace_back(server.port());
      batch.back().send(head + some_body);
    }
    for (auto& socket : batch) {
      const auto response = read_http_response(socket);
      if (response.status == 413 && error_code_of(response.body) == "message_too_large") ++answered;
      EXPECT_TRUE(socket.wait_closed(std::chrono::seconds(5)));
    }
  }
  EXPECT_EQ(answered, 200);
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200u);
  if (kRssIsMeaningful) {
    EXPECT_LT(rss_kib(server.pid()), rss_before + 32 * 1024);
  }
  // A body within the limit still works on the same route.
  auto ok = http_request(server.port(), "POST", "/api/claude/messages", ping_envelope("after-flood"),
                         {{"Authorization", "Bearer " + server.token()}});
  EXPECT_EQ(ok.status, 200u);
  EXPECT_NE(ok.body.find("pong"), std::string::npos);
  expect_serves_a_normal_client(server);
}

}  // namespace
}  // namespace tether::testing
