// SSE parsing: any chunking, all three line endings, comments, multi-line data, ids.
#include "tether/client/sse_parser.hpp"

#include <gtest/gtest.h>

#include <random>

namespace {
const std::string kStream =
    ": keepalive\n"
    "event: message\n"
    "id: 1\n"
    "data: {\"a\":1}\n"
    "\n"
    "id: 2\r\n"
    "data: first\r\n"
    "data:second\r\n"
    "\r\n"
    "data: no id\r"
    "\r"
    ": another comment\n"
    "id: 3\n"
    "\n";  // an id without data dispatches nothing but still counts

TEST(SseParser, ParsesEventsWholeAtOnce) {
  tether::SseParser parser;
  const auto events = parser.feed(kStream);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], (tether::SseEvent{"message", "{\"a\":1}", "1"}));
  EXPECT_EQ(events[1], (tether::SseEvent{"message", "first\nsecond", "2"}));
  EXPECT_EQ(events[2], (tether::SseEvent{"message", "no id", std::nullopt}));
  EXPECT_EQ(parser.last_event_id(), "3");
}

TEST(SseParser, SameEventsWhateverTheChunkBoundaries) {
  tether::SseParser whole;
  const auto expected = whole.feed(kStream);
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    tether::SseParser parser;
    std::vector<tether::SseEvent> events;
    std::size_t at = 0;
    while (at < kStream.size()) {
      const auto size = std::uniform_int_distribution<std::size_t>(1, 9)(random);
      for (auto& e : parser.feed(std::string_view(kStream).substr(at, size))) events.push_back(std::move(e));
      at += size;
    }
    ASSERT_EQ(events, expected) << "round " << round;
  }
}

TEST(SseParser, OverlongLineStopsTheParser) {
  tether::SseParser parser(16);
  EXPECT_TRUE(parser.feed("data: short\n\n").size() == 1);
  EXPECT_TRUE(parser.feed("data: " + std::string(64, 'x')).empty());
  EXPECT_FALSE(parser.ok());
  EXPECT_TRUE(parser.feed("\n\ndata: more\n\n").empty());
}
}  // namespace
