// /healthz's verdicts from its checks (the checks themselves run against the real binary:
// tests/server/store_fault_test.cpp).
#include "server/transport/health.hpp"

#include <gtest/gtest.h>

namespace tether::server {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

TEST(Health, TheAnswerIsTheWorstCheck) {
  EXPECT_EQ(overall({}), Health::ok);
  EXPECT_EQ(overall({{"a", Health::ok, ""}, {"b", Health::degraded, ""}}), Health::degraded);
  EXPECT_EQ(overall({{"a", Health::failing, ""}, {"b", Health::degraded, ""}}), Health::failing);
  EXPECT_EQ(to_string(Health::degraded), "degraded");
}

TEST(Health, DiskSpaceIsDegradedUnderAGibibyteAndFailingUnder64MiB) {
  EXPECT_EQ(disk_check(5000 * kMiB).health, Health::ok);
  const auto low = disk_check(900 * kMiB);
  EXPECT_EQ(low.health, Health::degraded);
  EXPECT_NE(low.detail.find("900 MiB free"), std::string::npos) << low.detail;
  EXPECT_EQ(disk_check(10 * kMiB).health, Health::failing);
  EXPECT_EQ(disk_check(std::nullopt).health, Health::degraded);
}

}  // namespace
}  // namespace tether::server
