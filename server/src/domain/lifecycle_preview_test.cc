#include "domain/lifecycle_preview.h"

#include <gtest/gtest.h>

// The preview in memory: the jobs' rules run forward over a span.
namespace clientele::lifecycle {
namespace {

using P = ProductStatus;

const Timestamp kNow = Timestamp::FromSeconds(1'795'773'600);

Client AccountOf(int64_t id) {
  Client c;
  c.id = ClientId{id};
  c.email = "a" + std::to_string(id) + "@example.com";
  return c;
}

Service Trial(int64_t client, const std::string& product, Timestamp end) {
  Service s;
  s.id = ServiceId{client * 10 + static_cast<int64_t>(product.size())};
  s.client = ClientId{client};
  s.product = product;
  s.status = P::kTrial;
  s.start = end.PlusDays(-14);
  s.trial_end = end;
  return s;
}

Service Waiting(int64_t client, const std::string& product, Timestamp deleted) {
  Service s = Trial(client, product, deleted);
  s.status = P::kPaused;
  s.trial_end.reset();
  s.deleted_date = deleted;
  return s;
}

struct Fixture {
  std::vector<Service> services;
  std::vector<Client> accounts;
  std::vector<DeletionRequest> requests;
  int alerts = 0;
  int trial_days = 14;
  int days_to_deleted = 30;

  std::vector<PreviewEvent> Run(int days) const {
    PreviewInput in;
    in.now = kNow;
    in.until = kNow.PlusDays(days);
    in.services = services;
    in.accounts = accounts;
    in.requests = requests;
    in.deletion_alert_addresses = alerts;
    in.trial_days = trial_days;
    in.days_to_deleted = days_to_deleted;
    return Preview(in);
  }
};

std::string Describe(const std::vector<PreviewEvent>& events) {
  std::string out;
  for (const auto& e : events) {
    out += std::to_string((e.date.micros - kNow.micros) / 3'600'000'000) + "h " +
           std::to_string(e.client.value) + " " + e.product.value_or("-") + " " +
           std::string(EventName(e.event)) + " [";
    for (EmailKind k : e.emails) out += std::string(EmailKindName(k)) + ",";
    out += "]\n";
  }
  return out;
}

TEST(LifecyclePreviewTest, ATrialEndingWithinTheSpanNoticeEndAndDeletion) {
  Fixture f;
  f.accounts = {AccountOf(1)};
  f.services = {Trial(1, "CDN", kNow.PlusDays(5))};
  f.days_to_deleted = 4;
  EXPECT_EQ(Describe(f.Run(14)),
            "48h 1 CDN trial_ends_soon [trial_ends_soon,]\n"
            "120h 1 CDN trial_end [trial_ended,]\n"
            "216h 1 CDN product_deleted [product_deleted,]\n");
  // The span ends before the deletion.
  EXPECT_EQ(f.Run(8).size(), 2u);
  // An account's own days to Deleted move it.
  f.accounts[0].days_to_deleted = 10;
  EXPECT_EQ(f.Run(14).size(), 2u);
}

TEST(LifecyclePreviewTest, WhatIsOverdueHappensNowAndANoticeOfAnEndedTrialNever) {
  Fixture f;
  f.accounts = {AccountOf(1), AccountOf(2)};
  f.services = {Trial(1, "CDN", kNow.PlusDays(-2)), Trial(2, "DNS", kNow.PlusDays(1))};
  EXPECT_EQ(Describe(f.Run(2)),
            "0h 1 CDN trial_end [trial_ended,]\n"
            "0h 2 DNS trial_ends_soon [trial_ends_soon,]\n"
            "24h 2 DNS trial_end [trial_ended,]\n");
}

TEST(LifecyclePreviewTest, ANoticeAlreadySentIsNotSentAgain) {
  Fixture f;
  f.accounts = {AccountOf(1)};
  f.services = {Trial(1, "CDN", kNow.PlusDays(2))};
  f.services[0].ends_soon_sent_for = f.services[0].trial_end;
  EXPECT_EQ(Describe(f.Run(3)), "48h 1 CDN trial_end [trial_ended,]\n");
}

TEST(LifecyclePreviewTest, TheAccountsOwnTrialLengthDoesNotMoveAStartedTrial) {
  // The storage moves trial ends when an account's trial length changes; the preview reads
  // them as they are.
  Fixture f;
  f.accounts = {AccountOf(1)};
  f.accounts[0].trial_days = 30;
  f.services = {Trial(1, "CDN", kNow.PlusDays(4))};
  EXPECT_EQ(f.Run(5).back().date, kNow.PlusDays(4));
}

TEST(LifecyclePreviewTest, AnAccountDeletedWithinTheSpanEndsItsProductsEvents) {
  Fixture f;
  f.accounts = {AccountOf(1)};
  f.services = {Trial(1, "CDN", kNow.PlusDays(6)), Waiting(1, "DNS", kNow.PlusDays(2))};
  DeletionRequest r;
  r.client = ClientId{1};
  r.due_at = kNow.PlusDays(4);
  f.requests = {r};
  f.alerts = 2;
  EXPECT_EQ(Describe(f.Run(14)),
            "48h 1 DNS product_deleted [product_deleted,]\n"
            "72h 1 CDN trial_ends_soon [trial_ends_soon,]\n"
            "96h 1 - account_deleted [account_deleted,account_deleted,]\n");
  // A request due after the span, or no longer open, deletes nothing within it: the trial
  // ends.
  const std::string without =
      "48h 1 DNS product_deleted [product_deleted,]\n"
      "72h 1 CDN trial_ends_soon [trial_ends_soon,]\n"
      "144h 1 CDN trial_end [trial_ended,]\n";
  f.requests[0].due_at = kNow.PlusDays(20);
  EXPECT_EQ(Describe(f.Run(14)), without);
  f.requests[0].due_at = kNow.PlusDays(4);
  f.requests[0].state = DeletionState::kCancelled;
  EXPECT_EQ(Describe(f.Run(14)), without);
}

TEST(LifecyclePreviewTest, OnOneInstantTheJobsOrderAndTheAccountDeletionLast) {
  Fixture f;
  f.accounts = {AccountOf(1), AccountOf(2)};
  const Timestamp t = kNow.PlusDays(3);
  f.services = {Waiting(1, "CDN", t), Trial(2, "DNS", t), Trial(1, "STORAGE", t)};
  f.services[1].ends_soon_sent_for = t;
  f.services[2].ends_soon_sent_for = t;
  DeletionRequest r;
  r.client = ClientId{1};
  r.due_at = t;
  f.requests = {r};
  EXPECT_EQ(Describe(f.Run(3)),
            "72h 1 STORAGE trial_end [trial_ended,]\n"
            "72h 2 DNS trial_end [trial_ended,]\n"
            "72h 1 CDN product_deleted [product_deleted,]\n"
            "72h 1 - account_deleted []\n");
}

TEST(LifecyclePreviewTest, ServicesWithoutAccountsOrEventsAreLeftOut) {
  Fixture f;
  f.accounts = {AccountOf(1)};
  Service active = Trial(1, "CDN", kNow.PlusDays(1));
  active.status = P::kActive;
  f.services = {active, Trial(7, "DNS", kNow.PlusDays(1))};
  EXPECT_TRUE(f.Run(14).empty());
}

TEST(LifecyclePreviewTest, ADeletedAccountSendsNoEMails) {
  Fixture f;
  f.accounts = {AccountOf(1)};
  f.accounts[0].deleted = true;
  f.services = {Waiting(1, "CDN", kNow.PlusDays(1))};
  auto events = f.Run(2);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].emails.empty());
}

}  // namespace
}  // namespace clientele::lifecycle
