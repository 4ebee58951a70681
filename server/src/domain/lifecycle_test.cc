#include "domain/lifecycle.h"

#include <gtest/gtest.h>

namespace clientele::lifecycle {
namespace {

using P = ProductStatus;
constexpr P kAll[] = {P::kNew, P::kTrial, P::kTrialEnd, P::kActive, P::kPaused, P::kDeleted};

// The whole table of manual moves: rows are "from", columns "to", in kAll's order.
TEST(LifecycleTest, ManualTransitionTable) {
  const bool allowed[6][6] = {
      //          new    trial  tend   active paused deleted
      /* new   */ {true, true, false, true, false, false},
      /* trial */ {false, true, true, true, true, false},
      /* tend  */ {false, true, true, true, true, false},
      /* active*/ {false, false, true, true, true, false},
      /* paused*/ {false, false, true, true, true, false},
      /* del   */ {false, true, false, true, false, true},
  };
  for (int f = 0; f < 6; ++f)
    for (int t = 0; t < 6; ++t) {
      auto why = CheckManualTransition(kAll[f], kAll[t]);
      EXPECT_EQ(!why.has_value(), allowed[f][t]) << ToString(kAll[f]) << " -> " << ToString(kAll[t]);
      if (why) {
        EXPECT_FALSE(why->empty());
      }
    }
}

TEST(LifecycleTest, TrialStartsNowAndEndsAfterTheTrialLength) {
  Service s;
  Timestamp t = Timestamp::FromSeconds(1'000'000);
  Apply(s, P::kTrial, t, {7, 30});
  EXPECT_EQ(s.status, P::kTrial);
  EXPECT_EQ(s.previous_status, P::kNew);
  EXPECT_EQ(s.status_changed_at, t);
  EXPECT_EQ(s.start, t);
  EXPECT_EQ(s.trial_end, t.PlusDays(7));
  EXPECT_FALSE(s.deleted_date);
}

TEST(LifecycleTest, TrialEndAndPauseScheduleDeletionActiveClearsIt) {
  Service s;
  s.status = P::kTrial;
  Timestamp t = Timestamp::FromSeconds(2'000'000);
  Apply(s, P::kTrialEnd, t, {14, 10});
  EXPECT_EQ(s.deleted_date, t.PlusDays(10));
  Apply(s, P::kActive, t.PlusDays(1), {14, 10});
  EXPECT_FALSE(s.deleted_date);
  EXPECT_EQ(s.previous_status, P::kTrialEnd);
  Apply(s, P::kPaused, t.PlusDays(2), {14, 5});
  EXPECT_EQ(s.deleted_date, t.PlusDays(7));
  Apply(s, P::kDeleted, t.PlusDays(7), {14, 5});
  EXPECT_EQ(s.deleted_date, t.PlusDays(7));
  EXPECT_EQ(s.previous_status, P::kPaused);
}

TEST(LifecycleTest, SameStatusChangesNothing) {
  Service s;
  s.status = P::kActive;
  s.previous_status = P::kTrial;
  Apply(s, P::kActive, Timestamp::FromSeconds(5), {});
  EXPECT_EQ(s.previous_status, P::kTrial);
  EXPECT_FALSE(s.status_changed_at);
}

TEST(LifecycleTest, OnlyTrialAndActiveBlockHiding) {
  for (P p : kAll) EXPECT_EQ(BlocksHiding(p), p == P::kTrial || p == P::kActive);
}

}  // namespace
}  // namespace clientele::lifecycle
