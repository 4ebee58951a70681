#include "core/time.h"

#include <gtest/gtest.h>

namespace clientele {
namespace {

TEST(TimeTest, FormatsEpochAndFraction) {
  EXPECT_EQ(FormatRfc3339(Timestamp{0}), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339(Timestamp{1'795'000'000'123'456}), "2026-11-18T11:06:40.123456Z");
  EXPECT_EQ(FormatRfc3339(Timestamp{-1}), "1969-12-31T23:59:59.999999Z");
}

TEST(TimeTest, ParsesWhatItFormats) {
  for (int64_t micros : {int64_t{0}, int64_t{951'782'400'000'000} /* 2000-02-29 */,
                         int64_t{1'795'000'000'123'456}, int64_t{4'102'444'799'999'999}}) {
    auto parsed = ParseRfc3339(FormatRfc3339(Timestamp{micros}));
    ASSERT_TRUE(parsed) << micros;
    EXPECT_EQ(parsed->micros, micros);
  }
}

struct ParseCase {
  const char* text;
  std::optional<int64_t> seconds;
};

class ParseTest : public testing::TestWithParam<ParseCase> {};

TEST_P(ParseTest, Parses) {
  auto got = ParseRfc3339(GetParam().text);
  if (!GetParam().seconds) {
    EXPECT_FALSE(got) << GetParam().text;
  } else {
    ASSERT_TRUE(got) << GetParam().text;
    EXPECT_EQ(got->seconds(), *GetParam().seconds) << GetParam().text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseTest,
    testing::Values(ParseCase{"2026-11-27T10:00:00Z", 1'795'773'600},
                    ParseCase{"2026-11-27T10:00:00.5Z", 1'795'773'600},
                    ParseCase{"2026-11-27T12:00:00+02:00", 1'795'773'600},
                    ParseCase{"2026-11-27T08:30:00-01:30", 1'795'773'600},
                    ParseCase{"2026-11-27", 1'795'737'600}, ParseCase{"2024-02-29", 1'709'164'800},
                    ParseCase{"2023-02-29", std::nullopt}, ParseCase{"2026-13-01", std::nullopt},
                    ParseCase{"2026-11-27T10:00:00", std::nullopt},  // no zone
                    ParseCase{"2026-11-27T25:00:00Z", std::nullopt},
                    ParseCase{"2026-11-27T10:00:00Zjunk", std::nullopt},
                    ParseCase{"yesterday", std::nullopt}, ParseCase{"", std::nullopt},
                    ParseCase{"2026-11-27T10:00:00.Z", std::nullopt}));

TEST(TimeTest, FixedClockMoves) {
  FixedClock clock(Timestamp::FromSeconds(100));
  clock.Advance(50);
  EXPECT_EQ(clock.Now().seconds(), 150);
  EXPECT_EQ(clock.Now().PlusDays(1).seconds(), 150 + 86400);
}

}  // namespace
}  // namespace clientele
