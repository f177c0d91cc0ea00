// A failing disk (the hidden --store-fault-file: while that file exists, every store
// transaction fails): the sender gets a typed error with a hint and the server log says
// why; no client ever sees an event that was not stored; connections stay open; once the
// disk works again the kept events are written, in order, and shown once.
#include "tests/server/transcript.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace tether::testing {
namespace {

using protocol::MessageType;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

TEST(StoreFault, AFailingDiskIsToldAndNothingUnstoredIsShownThenEverythingArrivesOnce) {
  const auto dir = make_temp_dir("tether-fault-");
  const auto fault = dir / "disk-is-failing";
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "1", "--store-fault-file", fault.string()}}};
  const WsOptions auth{server.token(), std::nullopt, {}};
  const auto session = create_session(server.port(), server.token());
  WsTestClient tab(server.port(), auth);
  WsTestClient sender(server.port(), auth);
  join(tab, session);
  auto chat = [&](const std::string& text) {
    return protocol::to_json(protocol::ChatRequest{session, text, std::nullopt});
  };
  const auto before = sender.send(MessageType::chat_request, chat("before the fault"));
  tab.read_until([&](const protocol::Envelope& e) { return is_response_to(e, before); });
  const auto seen_before = tab.seen().size();

  std::ofstream(fault) << "x";
  const auto during = sender.send(MessageType::chat_request, chat("while the disk fails"));
  const auto answer = sender.read_reply(during, 15s);
  ASSERT_EQ(answer.type, MessageType::error) << protocol::encode(answer);
  const auto error = protocol::error_from_json(answer.payload);
  EXPECT_EQ(error.code, protocol::ErrorCode::internal);
  EXPECT_NE(error.message.find("disk"), std::string::npos) << error.message;
  EXPECT_NE(error.hint.find("same id"), std::string::npos) << error.hint;
  EXPECT_NE(server.log().find("could not be stored"), std::string::npos) << "the log says what failed";
  // Nothing of it reached the joined tab, which is still connected.
  const auto ping = tab.send(MessageType::ping, {});
  EXPECT_EQ(tab.read_reply(ping).type, MessageType::pong);
  // (The previous turn's last event may have been stored just before the fault began.)
  for (std::size_t i = seen_before; i < tab.seen().size(); ++i) {
    const auto* request = tab.seen()[i].payload.if_contains(protocol::field::request_id);
    EXPECT_FALSE(request && request->as_string() == during) << "an unstored event: " << protocol::encode(tab.seen()[i]);
  }

  fs::remove(fault);
  Transcript after;
  std::int64_t previous = 0;
  tab.read_until(
      [&](const protocol::Envelope& e) {
        if (e.seq) {
          EXPECT_GT(*e.seq, previous);
          previous = *e.seq;
          after.apply(e);
        }
        return is_response_to(e, during);
      },
      30s);
  EXPECT_EQ(after.user_messages[during], "while the disk fails");
  EXPECT_EQ(after.replies[during], "while the disk fails");
  EXPECT_EQ(after.stop_reasons[during], "end_turn");
  // The sender asks again with the same id: it was stored.
  sender.send(MessageType::chat_request, chat("while the disk fails"), during);
  const auto again = sender.read_until([&](const protocol::Envelope& e) {
    return e.reply_to == during && (e.type == MessageType::ack || e.type == MessageType::error);
  });
  ASSERT_EQ(again.type, MessageType::ack);
  EXPECT_TRUE(protocol::ack_from_json(again.payload)->duplicate);
  // And a server started again has it (it is on disk, not only in memory).
  server.stop();
  server.restart();
  WsTestClient fresh(server.port(), auth);
  Transcript reloaded;
  for (const auto& event : join(fresh, session)) reloaded.apply(event);
  EXPECT_EQ(reloaded.replies[during], "while the disk fails");
  fs::remove_all(dir);
}

// /healthz tells the truth: ok with a working disk, failing (503, with the database's
// reason) while writes fail, ok again once they work.
TEST(StoreFault, HealthSaysFailingWhileTheDiskFailsAndOkAfter) {
  const auto dir = make_temp_dir("tether-fault-");
  const auto fault = dir / "disk-is-failing";
  ServerProcess server{ServerOptions{{"--backend", "echo", "--store-fault-file", fault.string()}}};
  auto check = [&] {
    const auto answer = http_request(server.port(), "GET", "/healthz");
    return std::make_pair(answer.status, protocol::parse_object(answer.body).value());
  };
  auto [status, body] = check();
  EXPECT_EQ(status, 200u);
  EXPECT_EQ(body.at("status").as_string(), "ok") << boost::json::serialize(body);
  EXPECT_EQ(body.at("checks").at("database").at("status").as_string(), "ok");
  std::ofstream(fault) << "x";
  std::tie(status, body) = check();
  EXPECT_EQ(status, 503u);
  EXPECT_EQ(body.at("status").as_string(), "failing");
  EXPECT_NE(std::string(body.at("checks").at("database").at("detail").as_string()).find("disk"), std::string::npos)
      << boost::json::serialize(body);
  std::filesystem::remove(fault);
  std::tie(status, body) = check();
  EXPECT_EQ(status, 200u);
  EXPECT_EQ(body.at("status").as_string(), "ok");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tether::testing
