#include "core/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace clientele {
namespace {

const Timestamp kT0 = Timestamp::FromSeconds(1'795'773'600);

Timestamp At(double seconds) { return Timestamp{kT0.micros + static_cast<int64_t>(seconds * 1e6)}; }

// Each step: a request for `key` at `t` seconds, and the answer expected (0: allowed, else the
// Retry-After seconds).
struct Step {
  const char* key;
  double t;
  int64_t expect;
};

struct Case {
  const char* name;
  Rate rate;
  std::vector<Step> steps;
};

TEST(RateLimiterTest, TableOfRequests) {
  const std::vector<Case> cases = {
      {"burst then refused, then refilled at the rate",
       {3, 1},
       {{"a", 0, 0},
        {"a", 0, 0},
        {"a", 0, 0},
        {"a", 0, 1},
        {"a", 0.5, 1},
        {"a", 1.0, 0},
        {"a", 1.0, 1},
        {"a", 3.0, 0},
        {"a", 3.0, 0},
        {"a", 3.0, 1}}},
      {"keys are independent", {1, 1}, {{"a", 0, 0}, {"b", 0, 0}, {"a", 0, 1}, {"b", 0, 1}}},
      {"slow refill: Retry-After rounds up",
       {2, 0.1},
       {{"a", 0, 0}, {"a", 0, 0}, {"a", 0, 10}, {"a", 4, 6}, {"a", 9.5, 1}, {"a", 10, 0}}},
      {"refill never exceeds the burst",
       {2, 1},
       {{"a", 0, 0}, {"a", 100, 0}, {"a", 100, 0}, {"a", 100, 1}}},
      {"refused requests take nothing",
       {1, 1},
       {{"a", 0, 0}, {"a", 0.2, 1}, {"a", 0.6, 1}, {"a", 1.0, 0}}},
      {"a clock stepping back refills nothing", {1, 1}, {{"a", 10, 0}, {"a", 5, 1}, {"a", 11, 0}}},
  };
  for (const auto& c : cases) {
    RateLimiter limiter(c.rate);
    for (size_t i = 0; i < c.steps.size(); ++i) {
      const Step& s = c.steps[i];
      EXPECT_EQ(limiter.Take(s.key, At(s.t)), s.expect) << c.name << ", step " << i;
    }
  }
}

TEST(RateLimiterTest, IdleBucketsAreDroppedSoMemoryStaysBounded) {
  RateLimiter limiter({5, 1}, 1000);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(limiter.Take("addr-" + std::to_string(i), kT0), 0);
  EXPECT_EQ(limiter.SizeForTest(), 500u);
  // A minute later every bucket is full again, i.e. the same as none: the next take sweeps.
  EXPECT_EQ(limiter.Take("late", kT0.PlusSeconds(61)), 0);
  EXPECT_EQ(limiter.SizeForTest(), 1u);
}

TEST(RateLimiterTest, NeverHoldsMoreThanMaxKeys) {
  RateLimiter limiter({5, 0.001}, 100);  // buckets stay busy: nothing is full again soon
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(limiter.Take("addr-" + std::to_string(i), At(i * 0.001)), 0);
    ASSERT_LE(limiter.SizeForTest(), 100u);
  }
  // The most recent keys are still remembered.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(limiter.Take("addr-999", At(1.0)), 0);
  EXPECT_GT(limiter.Take("addr-999", At(1.0)), 0);
}

TEST(RateLimiterTest, ThreadSafe) {
  RateLimiter limiter({1000, 0});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i)
        if (limiter.Take("shared", kT0) == 0) ++allowed;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1000);
}

TEST(ConcurrencyLimitTest, HoldsAtMostItsSlotsAndFreesThemOnDestruction) {
  ConcurrencyLimit limit(2);
  std::optional<ConcurrencyLimit::Slot> a, b, c;
  EXPECT_TRUE(limit.TryEnter(a));
  EXPECT_TRUE(limit.TryEnter(b));
  EXPECT_FALSE(limit.TryEnter(c));
  EXPECT_EQ(limit.held(), 2);
  a.reset();
  EXPECT_TRUE(limit.TryEnter(c));
  b.reset();
  c.reset();
  EXPECT_EQ(limit.held(), 0);
  limit.Resize(0);  // at least one
  EXPECT_TRUE(limit.TryEnter(a));
  EXPECT_FALSE(limit.TryEnter(b));
}

}  // namespace
}  // namespace clientele
