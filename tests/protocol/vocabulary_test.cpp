// The protocol's words that are not fields, against protocol/vocabulary.json: the web UI's
// twin (web/src/types/vocabulary.test.ts) checks the same file.
#include "tether/protocol/vocabulary.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace tether::protocol {
namespace {

boost::json::object vocabulary() {
  std::ifstream file(TETHER_VOCABULARY_FILE);
  std::stringstream text;
  text << file.rdbuf();
  return boost::json::parse(text.str()).as_object();
}

TEST(Vocabulary, PermissionModesAreTheSharedOnesInTheSameOrder) {
  const auto file = vocabulary();
  const auto& modes = file.at("permissionModes").as_array();
  ASSERT_EQ(modes.size(), kPermissionModes.size());
  for (std::size_t i = 0; i < modes.size(); ++i) EXPECT_EQ(modes[i].as_string(), kPermissionModes[i]);
}

TEST(Vocabulary, OnlyKnownModesAreAllowedAndBypassOnlyWhenTheOperatorSaysSo) {
  for (const auto mode : kPermissionModes) EXPECT_TRUE(permission_mode_allowed(mode, true)) << mode;
  EXPECT_FALSE(permission_mode_allowed(permission_mode::bypass_permissions, false));
  EXPECT_TRUE(permission_mode_allowed(permission_mode::plan, false));
  EXPECT_FALSE(permission_mode_allowed("Default", true));
  EXPECT_FALSE(permission_mode_allowed("", true));
}

TEST(Vocabulary, CloseCodesAreTheSharedOnes) {
  const auto file = vocabulary();
  const auto& codes = file.at("closeCodes").as_object();
  const std::pair<const char*, CloseCode> expected[] = {
      {"normal", CloseCode::normal},
      {"goingAway", CloseCode::going_away},
      {"protocolError", CloseCode::protocol_error},
      {"abnormal", CloseCode::abnormal},
      {"invalidPayload", CloseCode::invalid_payload},
      {"policy", CloseCode::policy_violation},
      {"tooLarge", CloseCode::too_big},
      {"internal", CloseCode::internal_error},
      {"tryAgainLater", CloseCode::try_again_later},
  };
  EXPECT_EQ(codes.size(), std::size(expected));
  for (const auto& [name, code] : expected) {
    ASSERT_TRUE(codes.contains(name)) << name;
    EXPECT_EQ(codes.at(name).as_int64(), static_cast<std::int64_t>(code)) << name;
  }
}

}  // namespace
}  // namespace tether::protocol
