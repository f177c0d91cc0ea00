#include "server/transport/utf8_validator.hpp"
#include "tests/support/utf8_reference.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace tether::server {
namespace {


bool valid(std::string_view text) {
  Utf8Validator validator;
  return validator.feed(text) && validator.complete();
}

// Feeds one byte per call; true when every feed() and complete() say valid.
bool valid_byte_by_byte(std::string_view text) {
  Utf8Validator validator;
  bool fed = true;
  for (const char byte : text) fed = validator.feed(std::string_view(&byte, 1)) && fed;
  return fed && validator.complete();
}

TEST(Utf8Validator, AcceptsCharactersOfOneToFourBytes) {
  EXPECT_TRUE(valid(""));
  EXPECT_TRUE(valid("plain ASCII, long enough for the eight-byte fast path"));
  EXPECT_TRUE(valid("\xC3\xA9"));          // é
  EXPECT_TRUE(valid("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(valid("\xF0\x9F\x98\x80"));  // 😀
  EXPECT_TRUE(valid("caf\xC3\xA9 \xE2\x82\xAC 5 \xF0\x9F\x98\x80!"));
}

TEST(Utf8Validator, AcceptsTheBoundaryCodePoints) {
  EXPECT_TRUE(valid(std::string(1, '\0'))) << "U+0000";
  EXPECT_TRUE(valid("\x7F")) << "U+007F, the last ASCII";
  EXPECT_TRUE(valid("\xC2\x80")) << "U+0080, the first of two bytes";
  EXPECT_TRUE(valid("\xDF\xBF")) << "U+07FF, the last of two bytes";
  EXPECT_TRUE(valid("\xE0\xA0\x80")) << "U+0800, the first of three bytes";
  EXPECT_TRUE(valid("\xED\x9F\xBF")) << "U+D7FF, just below the surrogates";
  EXPECT_TRUE(valid("\xEE\x80\x80")) << "U+E000, just above the surrogates";
  EXPECT_TRUE(valid("\xEF\xBF\xBF")) << "U+FFFF, the last of three bytes";
  EXPECT_TRUE(valid("\xF0\x90\x80\x80")) << "U+10000, the first of four bytes";
  EXPECT_TRUE(valid("\xF4\x8F\xBF\xBF")) << "U+10FFFF, the last code point";
}

TEST(Utf8Validator, RejectsOverlongForms) {
  EXPECT_FALSE(valid("\xC0\xAF")) << "'/' in two bytes";
  EXPECT_FALSE(valid("\xC1\xBF")) << "U+007F in two bytes";
  EXPECT_FALSE(valid("\xE0\x80\xAF")) << "'/' in three bytes";
  EXPECT_FALSE(valid("\xE0\x9F\xBF")) << "U+07FF in three bytes";
  EXPECT_FALSE(valid("\xF0\x80\x80\xAF")) << "'/' in four bytes";
  EXPECT_FALSE(valid("\xF0\x8F\xBF\xBF")) << "U+FFFF in four bytes";
}

TEST(Utf8Validator, RejectsSurrogatesAndCodePointsAboveU10FFFF) {
  EXPECT_FALSE(valid("\xED\xA0\x80")) << "U+D800, the first surrogate";
  EXPECT_FALSE(valid("\xED\xBF\xBF")) << "U+DFFF, the last surrogate";
  EXPECT_FALSE(valid("\xED\xA0\xBD\xED\xB8\x80")) << "a CESU-8 surrogate pair";
  EXPECT_FALSE(valid("\xF4\x90\x80\x80")) << "U+110000";
  EXPECT_FALSE(valid("\xF7\xBF\xBF\xBF")) << "U+1FFFFF";
}

TEST(Utf8Validator, RejectsStrayContinuationsAndBytesThatNeverAppear) {
  EXPECT_FALSE(valid("\x80"));
  EXPECT_FALSE(valid("\xBF"));
  EXPECT_FALSE(valid("a\x80z"));
  EXPECT_FALSE(valid("\xC3\xA9\xA9")) << "one continuation too many";
  for (int byte = 0xF5; byte <= 0xFF; ++byte)
    EXPECT_FALSE(valid(std::string(1, static_cast<char>(byte)))) << "lone byte " << std::hex << byte;
  EXPECT_FALSE(valid("\xC2" "A")) << "a lead byte followed by ASCII";
  EXPECT_FALSE(valid("\xE2\x82" "A"));
  EXPECT_FALSE(valid("\xF0\x9F\x98" "A"));
}

TEST(Utf8Validator, ATruncatedSequenceIsAValidPrefixButNotComplete) {
  for (const std::string_view prefix : {"\xC3", "\xE2", "\xE2\x82", "\xF0", "\xF0\x9F", "\xF0\x9F\x98", "ok\xE2\x82"}) {
    Utf8Validator validator;
    EXPECT_TRUE(validator.feed(prefix)) << "more bytes could still make it valid";
    EXPECT_FALSE(validator.complete()) << "but it ends mid-character";
  }
}

TEST(Utf8Validator, FailsAtTheByteThatMakesTheSequenceInvalid) {
  // The second byte decides overlong forms, surrogates and the upper limit: the validator
  // must not wait for the rest of the character.
  for (const std::string_view lead_and_second : {"\xE0\x80", "\xED\xA0", "\xF0\x80", "\xF4\x90", "\xC3\x41"}) {
    Utf8Validator validator;
    EXPECT_TRUE(validator.feed(lead_and_second.substr(0, 1)));
    EXPECT_FALSE(validator.feed(lead_and_second.substr(1)));
    EXPECT_FALSE(validator.complete());
  }
  Utf8Validator validator;
  EXPECT_FALSE(validator.feed("\xC0")) << "C0 can only start an overlong form";
}

TEST(Utf8Validator, AFailureIsFinalUntilReset) {
  Utf8Validator validator;
  EXPECT_FALSE(validator.feed("\xFF"));
  EXPECT_FALSE(validator.feed("valid ASCII"));
  EXPECT_FALSE(validator.complete());
  validator.reset();
  EXPECT_TRUE(validator.complete());
  EXPECT_TRUE(validator.feed("\xC3\xA9"));
  EXPECT_TRUE(validator.complete());
}

TEST(Utf8Validator, AResetDropsAHalfReadCharacter) {
  Utf8Validator validator;
  EXPECT_TRUE(validator.feed("\xE0"));
  validator.reset();
  EXPECT_TRUE(validator.feed("\x41")) << "a fresh start: no continuation is expected";
  EXPECT_TRUE(validator.complete());
}

TEST(Utf8Validator, SplittingTheBytesAnywhereGivesTheSameAnswer) {
  const std::string_view samples[] = {
      "a\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF z",
      "twelve bytes\xF0\x9F\x98\x80 then more ASCII than eight",
      "\xE0\x80\xAF", "\xED\xA0\x80", "\xF0\x80\x80\xAF", "\xF4\x90\x80\x80", "abc\x80", "abcdefgh\xF5", "\xE2\x82",
      "\xF0\x9F\x98",
  };
  for (const auto sample : samples) {
    const bool expected = tether::testing::reference_utf8_valid(sample);
    EXPECT_EQ(valid(sample), expected) << sample;
    EXPECT_EQ(valid_byte_by_byte(sample), expected) << sample;
    for (std::size_t split = 0; split <= sample.size(); ++split) {
      Utf8Validator validator;
      const bool first = validator.feed(sample.substr(0, split));
      const bool second = validator.feed(sample.substr(split));
      EXPECT_EQ(first && second && validator.complete(), expected) << sample << " split at " << split;
    }
  }
}

TEST(Utf8Validator, AgreesWithADecoderOnEverySequenceOfUpToThreeBytes) {
  // 16.8 million inputs: every 1-, 2- and 3-byte string, fed at once and byte by byte.
  std::string text(3, '\0');
  int disagreements = 0;
  for (std::uint32_t value = 0; value < (1u << 24) && disagreements < 10; ++value) {
    for (int i = 0; i < 3; ++i) text[i] = static_cast<char>(value >> (8 * (2 - i)));
    for (std::size_t length = 1; length <= 3; ++length) {
      // Shorter strings once each: when the bytes after them are zero.
      if (length < 3 && (value & ((1u << (8 * (3 - length))) - 1)) != 0) continue;
      const std::string_view sample(text.data(), length);
      const bool expected = tether::testing::reference_utf8_valid(sample);
      if (valid(sample) != expected || valid_byte_by_byte(sample) != expected) {
        ADD_FAILURE() << "disagrees on " << std::hex << value << " (" << std::dec << length << " bytes)";
        ++disagreements;
      }
    }
  }
}

TEST(Utf8Validator, AgreesWithADecoderOnFourByteSequencesAroundEveryBoundary) {
  // Every byte that sits at the edge of a range, in each of the four positions.
  const unsigned char edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  std::string text(4, '\0');
  for (const auto a : edges)
    for (const auto b : edges)
      for (const auto c : edges)
        for (const auto d : edges) {
          text = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)};
          const bool expected = tether::testing::reference_utf8_valid(text);
          ASSERT_EQ(valid(text), expected) << std::hex << +a << ' ' << +b << ' ' << +c << ' ' << +d;
          ASSERT_EQ(valid_byte_by_byte(text), expected) << std::hex << +a << ' ' << +b << ' ' << +c << ' ' << +d;
        }
}

}  // namespace
}  // namespace tether::server
