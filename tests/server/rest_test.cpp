// The REST API and the HTTP fallback (POST + SSE) against the real binary.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

namespace tether::testing {
namespace {

using protocol::MessageType;
namespace field = protocol::field;

class Rest : public ::testing::Test {
 protected:
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "1"}}};
  std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + server.token()}};

  boost::json::object get_json(const std::string& target, unsigned expected = 200) {
    auto result = http_request(server.port(), "GET", target, "", bearer);
    EXPECT_EQ(result.status, expected) << target << ": " << result.body;
    auto body = protocol::parse_object(result.body);
    return body ? *body : boost::json::object{};
  }
};

TEST_F(Rest, CreateListGetRenameDelete) {
  auto created = http_request(server.port(), "POST", "/api/sessions", R"({"title":"First"})", bearer);
  ASSERT_EQ(created.status, 201u);
  const auto session = protocol::parse_object(created.body)->at("session").as_object();
  const std::string id(session.at("id").as_string());
  EXPECT_EQ(session.at("title").as_string(), "First");
  EXPECT_EQ(session.at("status").as_string(), "idle");

  auto list = get_json("/api/sessions");
  ASSERT_EQ(list.at("sessions").as_array().size(), 1u);
  EXPECT_EQ(list.at("sessions").as_array()[0].at("id").as_string(), id);

  auto renamed = http_request(server.port(), "PATCH", "/api/sessions/" + id, R"({"title":"Renamed"})", bearer);
  EXPECT_EQ(renamed.status, 200u);
  EXPECT_EQ(get_json("/api/sessions/" + id).at("session").at("title").as_string(), "Renamed");

  EXPECT_EQ(http_request(server.port(), "DELETE", "/api/sessions/" + id, "", bearer).status, 204u);
  auto gone = get_json("/api/sessions/" + id, 404);
  EXPECT_EQ(gone.at("error").at("code").as_string(), "session_not_found");
  EXPECT_EQ(http_request(server.port(), "DELETE", "/api/sessions/" + id, "", bearer).status, 404u);
}

TEST_F(Rest, BadRequestsGetJsonErrors) {
  auto bad_json = http_request(server.port(), "POST", "/api/sessions", "{nope", bearer);
  EXPECT_EQ(bad_json.status, 400u);
  EXPECT_EQ(protocol::parse_object(bad_json.body)->at("error").at("code").as_string(), "invalid_json");
  auto bad_title = http_request(server.port(), "POST", "/api/sessions", R"({"title":5})", bearer);
  EXPECT_EQ(bad_title.status, 400u);
  auto no_route = http_request(server.port(), "GET", "/api/nothing", "", bearer);
  EXPECT_EQ(no_route.status, 404u);
  EXPECT_EQ(protocol::parse_object(no_route.body)->at("error").at("code").as_string(), "not_found");
  auto wrong_method = http_request(server.port(), "PUT", "/api/sessions", "", bearer);
  EXPECT_EQ(wrong_method.status, 405u);
  auto bad_after = http_request(server.port(), "GET", "/api/sessions/abc/events?after=x", "", bearer);
  EXPECT_EQ(bad_after.status, 400u);
  auto huge = http_request(server.port(), "POST", "/api/sessions", std::string(9 << 20, ' '), bearer);  // > 8 MiB
  EXPECT_EQ(huge.status, 413u);
}

TEST_F(Rest, EventsBackfillPagesThroughTheHistory) {
  const auto id = create_session(server.port(), server.token());
  WsTestClient client(server.port(), WsOptions{server.token(), std::nullopt, {}});
  join(client, id);
  const auto request = client.send(MessageType::chat_request,
                                   protocol::to_json(protocol::ChatRequest{id, "one two three", std::nullopt}));
  client.read_until([&](const protocol::Envelope& e) { return is_response_to(e, request); });
  // The turn's last event is session_update{idle}; a client sees it only once it is stored.
  client.read_until([](const protocol::Envelope& e) {
    return e.seq && e.type == MessageType::session_update && e.payload.at(field::status).as_string() == "idle";
  });

  auto all = get_json("/api/sessions/" + id + "/events?after=0");
  const auto& events = all.at("events").as_array();
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0].at("type").as_string(), "chat_request");
  const auto head = all.at("headSeq").as_int64();
  auto page = get_json("/api/sessions/" + id + "/events?after=1&limit=1");
  ASSERT_EQ(page.at("events").as_array().size(), 1u);
  EXPECT_GT(page.at("events").as_array()[0].at("seq").as_int64(), 1);
  EXPECT_EQ(get_json("/api/sessions/" + id + "/events?after=" + std::to_string(head)).at("events").as_array().size(),
            0u);
}

// Reads SSE events from a raw socket until a chat_response for request_id arrives.
struct SseReader {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket{io};
  boost::asio::streambuf buffer;

  SseReader(unsigned short port, const std::string& token, const std::string& target, const std::string& last_id) {
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                          "Authorization: Bearer " + token + "\r\n";
    if (!last_id.empty()) request += "Last-Event-ID: " + last_id + "\r\n";
    request += "\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    boost::asio::read_until(socket, buffer, "\r\n\r\n");
    std::string header(boost::asio::buffers_begin(buffer.data()),
                       boost::asio::buffers_begin(buffer.data()) + static_cast<long>(buffer.size()));
    const auto end = header.find("\r\n\r\n") + 4;
    buffer.consume(end);
    status_line = header.substr(0, header.find("\r\n"));
  }

  // Next event: its id line (may be empty) and its data.
  std::pair<std::string, std::string> next() {
    boost::asio::read_until(socket, buffer, "\n\n");
    std::string text(boost::asio::buffers_begin(buffer.data()),
                     boost::asio::buffers_begin(buffer.data()) + static_cast<long>(buffer.size()));
    const auto end = text.find("\n\n");
    const auto event = text.substr(0, end);
    buffer.consume(end + 2);
    std::string id;
    std::string data;
    std::size_t start = 0;
    while (start < event.size()) {
      auto line_end = event.find('\n', start);
      if (line_end == std::string::npos) line_end = event.size();
      const auto line = event.substr(start, line_end - start);
      if (line.starts_with("id: ")) id = line.substr(4);
      if (line.starts_with("data: ")) data = line.substr(6);
      start = line_end + 1;
    }
    return {id, data};
  }

  std::string status_line;
};

TEST_F(Rest, FallbackPostAndSseCarryAWholeTurnAndResumeWithLastEventId) {
  const auto id = create_session(server.port(), server.token());
  SseReader stream(server.port(), server.token(), "/api/claude/stream?sessionId=" + id, "");
  EXPECT_NE(stream.status_line.find("200"), std::string::npos);
  auto first = protocol::decode_envelope(stream.next().second);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->type, MessageType::connection_status);

  const auto envelope = protocol::encode(protocol::Envelope{
      "fb-1", MessageType::chat_request, protocol::to_json(protocol::ChatRequest{id, "over the fallback", std::nullopt}),
      protocol::now_timestamp(), std::nullopt, std::nullopt});
  auto posted = http_request(server.port(), "POST", "/api/claude/messages", envelope, bearer);
  ASSERT_EQ(posted.status, 200u);
  auto ack = protocol::decode_envelope(posted.body);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->type, MessageType::ack);
  EXPECT_EQ(ack->reply_to, "fb-1");

  Transcript transcript;
  std::string mid_id;
  for (;;) {
    auto [event_id, data] = stream.next();
    auto event = protocol::decode_envelope(data);
    ASSERT_TRUE(event);
    if (event->seq) {
      EXPECT_EQ(event_id, std::to_string(*event->seq));
    }
    transcript.apply(*event);
    if (event->type == MessageType::chat_request) mid_id = event_id;
    if (is_response_to(*event, "fb-1")) break;
  }
  EXPECT_EQ(transcript.replies["fb-1"], "over the fallback");

  SseReader resumed(server.port(), server.token(), "/api/claude/stream?sessionId=" + id, mid_id);
  resumed.next();  // connection_status
  Transcript again;
  again.last_seq = std::stoll(mid_id);
  again.replies["fb-1"] = "";
  for (;;) {
    auto [event_id, data] = resumed.next();
    auto event = protocol::decode_envelope(data);
    ASSERT_TRUE(event);
    again.apply(*event);
    if (event->reply_to) break;  // the join answer closes the replay
  }
  EXPECT_EQ(again.replies["fb-1"], "over the fallback");

  auto bad = http_request(server.port(), "POST", "/api/claude/messages", "not json", bearer);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(protocol::decode_envelope(bad.body)->type, MessageType::error);
}

}  // namespace
}  // namespace tether::testing
