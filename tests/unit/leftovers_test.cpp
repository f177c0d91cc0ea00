// What a killed run leaves is found by its tag and ended; what is not ours is left alone.
#include "server/process/leftovers.hpp"
#include "server/process/spawn.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <random>
#include <thread>

namespace tether::server::process {
namespace {

namespace fs = std::filesystem;

class Leftovers : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tether-leftovers-" + std::to_string(std::random_device{}()));
  }
  void TearDown() override {
    for (const auto pid : children_) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    fs::remove_all(dir_);
  }

  // `sleep 30` with `tag_entry` (NAME=value) in its environment, unsupervised.
  pid_t start_sleep(const std::string& tag_entry) {
    std::error_code error;
    const SpawnRequest request{"/bin/sleep", {"sleep", "30"}, {"PATH=/usr/bin:/bin", tag_entry}, "/"};
    const pid_t pid = spawn(request, error);
    EXPECT_GT(pid, 0) << error.message();
    children_.push_back(pid);
    return pid;
  }

  // Ended: reaped here (the test is its parent) with SIGKILL as the cause.
  static bool killed(pid_t pid) {
    int status = 0;
    return ::waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }

  fs::path dir_;
  std::vector<pid_t> children_;
};

TEST_F(Leftovers, ATaggedProcessOfARecordIsEndedAndTheRecordCleared) {
  const auto tag = record_process(dir_, "s_one");
  ASSERT_EQ(tag.size(), 32u);
  const auto ours = start_sleep(std::string(kTagVariable) + "=" + tag);
  const auto other_run = start_sleep(std::string(kTagVariable) + "=0123456789abcdef0123456789abcdef");
  const auto untagged = start_sleep("HOME=/tmp");
  // /proc shows the environment once exec has happened.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));

  const auto ended = end_leftovers(dir_);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended.front().pid, ours);
  EXPECT_EQ(ended.front().owner, "s_one");
  EXPECT_TRUE(killed(ours));
  std::erase(children_, ours);
  EXPECT_EQ(::kill(other_run, 0), 0) << "a tag this data dir did not record is not ours";
  EXPECT_EQ(::kill(untagged, 0), 0);
  EXPECT_TRUE(fs::is_empty(dir_)) << "records are cleared";
  EXPECT_TRUE(end_leftovers(dir_).empty());
}

TEST_F(Leftovers, AProcessThatEndedNormallyLeavesNoRecord) {
  const auto tag = record_process(dir_, "s_two");
  EXPECT_FALSE(fs::is_empty(dir_));
  forget_process(dir_, tag);
  EXPECT_TRUE(fs::is_empty(dir_));
  forget_process(dir_, "../../etc/passwd");  // only ever a tag's own file
  EXPECT_TRUE(end_leftovers(dir_ / "never-created").empty());
}

}  // namespace
}  // namespace tether::server::process
