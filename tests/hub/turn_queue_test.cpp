#include "server/hub/turn_queue.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

Turn turn(const std::string& request_id) { return Turn{0, {}, request_id, 0, {}}; }

TEST(TurnQueue, RunsOneTurnAtATimeInTheOrderTheyCame) {
  TurnQueue turns;
  EXPECT_FALSE(turns.busy());
  turns.enqueue(turn("a"));
  turns.enqueue(turn("b"));
  EXPECT_TRUE(turns.busy());
  auto* first = turns.start_next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->request_id, "a");
  EXPECT_EQ(turns.start_next(), nullptr) << "one runs already";
  EXPECT_EQ(turns.finish().request_id, "a");
  auto* second = turns.start_next();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->request_id, "b");
  turns.finish();
  EXPECT_FALSE(turns.busy());
  EXPECT_EQ(turns.start_next(), nullptr);
}

TEST(TurnQueue, AReportAboutAnEarlierTurnFindsNoTurn) {
  TurnQueue turns;
  turns.enqueue(turn("a"));
  const auto first = turns.start_next()->number;
  turns.finish();
  turns.enqueue(turn("b"));
  const auto second = turns.start_next()->number;
  EXPECT_NE(first, second);
  EXPECT_EQ(turns.running(first), nullptr) << "a late report of turn a";
  ASSERT_NE(turns.running(second), nullptr);
  EXPECT_EQ(turns.running(second)->request_id, "b");
}

TEST(TurnQueue, ClearForgetsTheRunningAndTheWaiting) {
  TurnQueue turns;
  turns.enqueue(turn("a"));
  turns.enqueue(turn("b"));
  turns.start_next();
  turns.clear();
  EXPECT_FALSE(turns.busy());
  EXPECT_EQ(turns.running(), nullptr);
  EXPECT_THROW(turns.finish(), std::logic_error);
}

}  // namespace
}  // namespace tether::server
