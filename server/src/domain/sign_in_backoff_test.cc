#include "domain/sign_in_backoff.h"

#include <gtest/gtest.h>

#include <vector>

namespace clientele {
namespace {

const Timestamp kT0 = Timestamp::FromSeconds(1'795'773'600);

TEST(SignInBackoffTest, LockSchedule) {
  struct Case {
    int failures;
    int free;
    int64_t lock;
  };
  const std::vector<Case> cases = {
      {0, 5, 0},   {4, 5, 0},    {5, 5, 60}, {6, 5, 120}, {7, 5, 240}, {8, 5, 480},
      {9, 5, 900}, {50, 5, 900}, {0, 1, 0},  {1, 1, 60},  {2, 1, 120}, {5, 1, 900},
  };
  for (const auto& c : cases)
    EXPECT_EQ(LockSecondsAfter(c.failures, c.free), c.lock) << c.failures << " free " << c.free;
}

// A pair failing at the given seconds after kT0; after each failure, whether it is locked at
// that moment and for how long.
struct Failure {
  int64_t at;
  bool locked;
  int retry_after;
};

void RunPair(const std::vector<Failure>& failures, SignInBackoff backoff, const char* name) {
  for (size_t i = 0; i < failures.size(); ++i) {
    Timestamp t = kT0.PlusSeconds(failures[i].at);
    backoff.pair = backoff.PairAfterFailure("k", t);
    EXPECT_EQ(backoff.Locked(t), failures[i].locked) << name << ", failure " << i + 1;
    EXPECT_EQ(backoff.RetryAfterSeconds(t), failures[i].retry_after)
        << name << ", failure " << i + 1;
  }
}

TEST(SignInBackoffTest, PairLocksAfterFiveFailuresThenDoubles) {
  RunPair({{0, false, 0},
           {1, false, 0},
           {2, false, 0},
           {3, false, 0},
           {4, true, 60},
           {70, true, 120},  // the 6th, after the first lock ended
           {200, true, 240}},
          {}, "one address");
  // The lock is over when its time is.
  SignInBackoff b;
  for (int i = 0; i < 5; ++i) b.pair = b.PairAfterFailure("k", kT0);
  EXPECT_TRUE(b.Locked(kT0.PlusSeconds(59)));
  EXPECT_EQ(b.RetryAfterSeconds(kT0.PlusSeconds(59)), 1);
  EXPECT_FALSE(b.Locked(kT0.PlusSeconds(60)));
}

TEST(SignInBackoffTest, PairFailuresAreForgottenADayAfterTheLast) {
  RunPair({{0, false, 0},
           {1, false, 0},
           {2, false, 0},
           {3, false, 0},
           {kPairMemorySeconds + 3, false, 0},  // counting starts again
           {kPairMemorySeconds + 4, false, 0}},
          {}, "a day later");
}

TEST(SignInBackoffTest, UnderAttackEachPairHasOneFreeFailureButIsStillChecked) {
  SignInBackoff b;
  for (int i = 0; i < kAccountFailureCeiling - 1; ++i)
    b.account = b.AccountAfterFailure("e", kT0.PlusSeconds(i));
  EXPECT_FALSE(b.UnderAttack(kT0.PlusSeconds(60)));
  b.account = b.AccountAfterFailure("e", kT0.PlusSeconds(60));
  EXPECT_TRUE(b.UnderAttack(kT0.PlusSeconds(60)));
  // A fresh pair (the person's own address) is not locked: its first attempt is checked.
  EXPECT_FALSE(b.Locked(kT0.PlusSeconds(60)));
  RunPair({{61, true, 60}, {200, true, 120}}, b, "under attack");
  // The window ends an hour after it began; then five free failures again.
  EXPECT_FALSE(b.UnderAttack(kT0.PlusSeconds(kAccountFailureWindowSeconds)));
  RunPair({{kAccountFailureWindowSeconds, false, 0}}, b, "after the window");
}

TEST(SignInBackoffTest, AccountWindowRestartsWhenOver) {
  SignInBackoff b;
  b.account = b.AccountAfterFailure("e", kT0);
  b.account = b.AccountAfterFailure("e", kT0.PlusSeconds(10));
  EXPECT_EQ(b.account->count, 2);
  EXPECT_EQ(b.account->window_start, kT0);
  b.account = b.AccountAfterFailure("e", kT0.PlusSeconds(kAccountFailureWindowSeconds));
  EXPECT_EQ(b.account->count, 1);
  EXPECT_EQ(b.account->window_start, kT0.PlusSeconds(kAccountFailureWindowSeconds));
}

TEST(SignInBackoffTest, KeysAreHashesOfTheNormalisedEmailAndAddress) {
  std::string key = SignInPairKey("Boss@Org.example ", "203.0.113.7");
  EXPECT_EQ(key, SignInPairKey("boss@org.example", "203.0.113.7"));
  EXPECT_EQ(key, SignInPairKey("boss@org.example", "::ffff:203.0.113.7"));
  EXPECT_NE(key, SignInPairKey("boss@org.example", "203.0.113.8"));
  EXPECT_NE(key, SignInPairKey("boss2@org.example", "203.0.113.7"));
  EXPECT_EQ(SignInPairKey("a@b.example", "2001:db8::1"),
            SignInPairKey("a@b.example", "2001:db8::2"));
  EXPECT_EQ(key.find("boss"), std::string::npos);
  EXPECT_EQ(key.find("203.0"), std::string::npos);
  EXPECT_EQ(SignInAccountKey("A@B.example"), SignInAccountKey("a@b.example"));
  EXPECT_NE(SignInAccountKey("a@b.example"), key);
}

}  // namespace
}  // namespace clientele
