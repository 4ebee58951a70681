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

// The rules the jobs and the preview share (issue 16).
Service TrialEndingAt(Timestamp end) {
  Service s;
  s.status = P::kTrial;
  s.start = end.PlusDays(-14);
  s.trial_end = end;
  return s;
}

TEST(LifecycleRulesTest, ATrialFirstSendsItsNoticeThenEnds) {
  const Timestamp end = Timestamp::FromSeconds(10'000'000);
  Service s = TrialEndingAt(end);
  auto next = NextEvent(s, end.PlusDays(-10));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->event, Event::kTrialEndsSoon);
  EXPECT_EQ(next->at, end.PlusDays(-kEndsSoonDays));
  Fire(s, next->event, {14, 30});
  EXPECT_EQ(s.ends_soon_sent_for, end);
  EXPECT_EQ(s.status, P::kTrial);
  next = NextEvent(s, end.PlusDays(-10));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->event, Event::kTrialEnd);
  EXPECT_EQ(next->at, end);
}

TEST(LifecycleRulesTest, ATrialWhoseEndHasComeGetsNoNotice) {
  const Timestamp end = Timestamp::FromSeconds(10'000'000);
  Service s = TrialEndingAt(end);
  for (Timestamp now : {end, end.PlusSeconds(1), end.PlusDays(40)}) {
    auto next = NextEvent(s, now);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->event, Event::kTrialEnd);
    EXPECT_EQ(next->at, end);
  }
  // Just before the end the notice is still due.
  EXPECT_EQ(NextEvent(s, end.PlusSeconds(-1))->event, Event::kTrialEndsSoon);
}

TEST(LifecycleRulesTest, AnExtendedTrialGetsANoticeForItsNewEnd) {
  const Timestamp end = Timestamp::FromSeconds(10'000'000);
  Service s = TrialEndingAt(end);
  s.ends_soon_sent_for = end;
  s.trial_end = end.PlusDays(7);
  auto next = NextEvent(s, end.PlusDays(-1));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->event, Event::kTrialEndsSoon);
  EXPECT_EQ(next->at, end.PlusDays(7 - kEndsSoonDays));
}

TEST(LifecycleRulesTest, AnEndedTrialIsDatedAtItsEndAndDeletedAfterTheDays) {
  const Timestamp end = Timestamp::FromSeconds(10'000'000);
  Service s = TrialEndingAt(end);
  Fire(s, Event::kTrialEnd, {14, 5});
  EXPECT_EQ(s.status, P::kTrialEnd);
  EXPECT_EQ(s.status_changed_at, end);
  EXPECT_EQ(s.deleted_date, end.PlusDays(5));
  auto next = NextEvent(s, end.PlusDays(100));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->event, Event::kProductDeleted);
  EXPECT_EQ(next->at, end.PlusDays(5));
  Fire(s, next->event, {14, 5});
  EXPECT_EQ(s.status, P::kDeleted);
  EXPECT_EQ(s.status_changed_at, end.PlusDays(5));
  EXPECT_FALSE(NextEvent(s, end.PlusDays(100)));
}

TEST(LifecycleRulesTest, OnlyTrialsAndWaitingProductsHaveEvents) {
  const Timestamp t = Timestamp::FromSeconds(10'000'000);
  for (P p : kAll) {
    Service s;
    s.status = p;
    s.trial_end = t;
    s.deleted_date = t;
    auto next = NextEvent(s, t);
    EXPECT_EQ(next.has_value(), p == P::kTrial || p == P::kTrialEnd || p == P::kPaused)
        << ToString(p);
  }
  Service paused;
  paused.status = P::kPaused;  // no deleted_date: nothing scheduled
  EXPECT_FALSE(NextEvent(paused, t));
}

TEST(LifecycleRulesTest, CustomerEmailsAndNoneForADeletedAccount) {
  Client live, gone;
  gone.deleted = true;
  EXPECT_EQ(CustomerEmailOf(Event::kTrialEndsSoon, live), EmailKind::kTrialEndsSoon);
  EXPECT_EQ(CustomerEmailOf(Event::kTrialEnd, live), EmailKind::kTrialEnded);
  EXPECT_EQ(CustomerEmailOf(Event::kProductDeleted, live), EmailKind::kProductDeleted);
  EXPECT_FALSE(CustomerEmailOf(Event::kAccountDeleted, live));
  for (Event e : {Event::kTrialEndsSoon, Event::kTrialEnd, Event::kProductDeleted})
    EXPECT_FALSE(CustomerEmailOf(e, gone));
}

TEST(LifecycleRulesTest, AnAccountsOwnValuesWin) {
  Client c;
  EXPECT_EQ(TimingOf(c, 14, 30).trial_days, 14);
  EXPECT_EQ(TimingOf(c, 14, 30).days_to_deleted, 30);
  c.trial_days = 21;
  c.days_to_deleted = 2;
  EXPECT_EQ(TimingOf(c, 14, 30).trial_days, 21);
  EXPECT_EQ(TimingOf(c, 14, 30).days_to_deleted, 2);
}

}  // namespace
}  // namespace clientele::lifecycle
