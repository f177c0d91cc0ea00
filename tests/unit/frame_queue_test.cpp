#include "server/transport/frame_queue.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

TEST(FrameQueue, FirstInFirstOut) {
  FrameQueue queue;
  EXPECT_TRUE(queue.empty());
  for (int i = 0; i < 3; ++i) queue.push_back(make_encoded(std::to_string(i)));
  EXPECT_EQ(queue.size(), 3u);
  EXPECT_EQ(*queue.front(), "0");
  EXPECT_EQ(*queue.pop_front(), "0");
  queue.push_back(make_encoded("3"));
  for (const auto* expected : {"1", "2", "3"}) EXPECT_EQ(*queue.pop_front(), expected);
  EXPECT_TRUE(queue.empty());
}

TEST(FrameQueue, AnEmptiedQueueReleasesTheFramesItHeld) {
  FrameQueue queue;
  auto frame = make_encoded("x");
  std::weak_ptr<const std::string> watch = frame;
  for (int i = 0; i < 100; ++i) queue.push_back(frame);
  frame.reset();
  while (!queue.empty()) queue.pop_front();
  EXPECT_TRUE(watch.expired());
  queue.push_back(make_encoded("y"));
  queue.clear();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.size(), 0u);
}

}  // namespace
}  // namespace tether::server
