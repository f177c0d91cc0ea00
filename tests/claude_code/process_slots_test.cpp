// The --max-claude-processes bound, without processes: grants, the line, making room.
#include "server/backends/claude_code/process_slots.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace tether::server::claude_code {
namespace {

using Slot = std::shared_ptr<ProcessSlots::Slot>;

TEST(ProcessSlots, PastTheBoundATurnWaitsInLineAndGetsTheNextFreeSlot) {
  auto slots = std::make_shared<ProcessSlots>(2);
  std::vector<Slot> held;
  auto take = [&](Slot slot) { held.push_back(std::move(slot)); };
  slots->acquire(take);
  slots->acquire(take);
  EXPECT_EQ(held.size(), 2u);
  Slot third;
  slots->acquire([&](Slot slot) { third = std::move(slot); });
  EXPECT_FALSE(third) << "past the bound: in line";
  EXPECT_EQ(slots->waiting(), 1u);
  held.pop_back();  // a process ends
  EXPECT_TRUE(third) << "its slot went to the first in line";
  EXPECT_EQ(slots->in_use(), 2u);
  third.reset();
  held.clear();
  EXPECT_EQ(slots->in_use(), 0u);
}

TEST(ProcessSlots, AnIdleProcessIsAskedToMakeRoomOnlyWhenSomebodyWaits) {
  auto slots = std::make_shared<ProcessSlots>(1);
  Slot held;
  slots->acquire([&](Slot slot) { held = std::move(slot); });
  int asked = 0;
  auto idle = slots->idle([&] { ++asked; });
  EXPECT_EQ(asked, 0) << "nobody waits";
  Slot next;
  slots->acquire([&](Slot slot) { next = std::move(slot); });
  EXPECT_EQ(asked, 1) << "the idle process is asked to stop";
  held.reset();  // it has exited
  EXPECT_TRUE(next);

  // Idle while somebody already waits: asked at once.
  Slot last;
  slots->acquire([&](Slot slot) { last = std::move(slot); });
  int asked_now = 0;
  auto empty = slots->idle([&] { ++asked_now; });
  EXPECT_EQ(asked_now, 1);
  EXPECT_FALSE(empty);
  next.reset();  // that process exits: its slot goes to the one in line
  EXPECT_TRUE(last);
  last.reset();
  EXPECT_EQ(slots->in_use(), 0u);
}

TEST(ProcessSlots, AnIdleProcessThatStartsATurnIsNotAskedAnyMore) {
  auto slots = std::make_shared<ProcessSlots>(1);
  Slot held;
  slots->acquire([&](Slot slot) { held = std::move(slot); });
  int asked = 0;
  auto idle = slots->idle([&] { ++asked; });
  idle.reset();  // its session started a turn
  bool granted = false;
  slots->acquire([&](Slot) { granted = true; });
  EXPECT_EQ(asked, 0);
  held.reset();
  EXPECT_TRUE(granted);
  EXPECT_EQ(slots->in_use(), 0u);
}

TEST(ProcessSlots, TheDefaultFollowsTheMachinesMemory) {
  const auto bound = default_max_claude_processes();
  EXPECT_GE(bound, 2u);
  EXPECT_LE(bound, 32u);
}

}  // namespace
}  // namespace tether::server::claude_code
