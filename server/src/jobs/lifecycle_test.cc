#include "jobs/lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "domain/accounts.h"
#include "domain/products.h"
#include "testing/database_file.h"
#include "testing/failing_database.h"
#include "testing/fixtures.h"

// The lifecycle job against a real database: when each transition happens, that it happens and
// is mailed exactly once however often (and however interrupted) the job runs.
namespace clientele::jobs {
namespace {

using testing::kNow;

constexpr int kTrialDays = 14;  // an organisation's default
constexpr int kDaysToDeleted = 30;

Timestamp Day(double days) { return kNow.PlusSeconds(static_cast<int64_t>(days * 86400)); }

class LifecycleJobTest : public ::testing::Test {
 protected:
  // An account whose CDN trial starts at kNow; returns the account.
  ClientId AccountInTrial(const std::string& email) {
    auto created = accounts_.Create(reseller_, testing::Account(email, "Co " + email), kNow);
    EXPECT_TRUE(created.ok()) << created.error().message;
    ClientId id = created->client.id;
    ServiceUpdate trial;
    trial.enabled = true;
    trial.status = ProductStatus::kTrial;
    auto started = products_.UpdateService(reseller_, id, Cdn(id).id, trial, kNow);
    EXPECT_TRUE(started.ok()) << started.error().message;
    return id;
  }

  Service Cdn(ClientId client) { return testing::ServiceOf(products_, reseller_, client, "CDN"); }

  AccountStatus StatusOf(ClientId client) {
    auto view = accounts_.Get(reseller_, client);
    EXPECT_TRUE(view.ok());
    return view->client.status;
  }

  // E-mails in the outbox by kind.
  std::map<std::string, int> Emails() {
    std::map<std::string, int> out;
    EXPECT_TRUE(file_.db()
                    .Read([&](storage::Tx& tx) -> Status {
                      TRY(auto mails, tx.ListOutbox(reseller_.org, 1000));
                      for (const auto& m : mails) ++out[m.kind];
                      return Ok();
                    })
                    .ok());
    return out;
  }

  testing::DatabaseFile file_;
  AccountService accounts_{file_.db()};
  ProductService products_{file_.db()};
  Caller reseller_ = testing::NewReseller(file_.db(), "boss@org-a.example");
};

TEST_F(LifecycleJobTest, ATrialEndsAtItsEndHoweverLateTheJobRunsAndOnlyOnce) {
  ClientId acme = AccountInTrial("ops@acme.example");
  auto mails_before = Emails();

  auto early = RunLifecycle(file_.db(), Day(kTrialDays - 0.5));
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->trials_ended, 0);
  EXPECT_EQ(Cdn(acme).status, ProductStatus::kTrial);

  auto late = RunLifecycle(file_.db(), Day(kTrialDays + 5));
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->trials_ended, 1);
  Service cdn = Cdn(acme);
  EXPECT_EQ(cdn.status, ProductStatus::kTrialEnd);
  EXPECT_EQ(cdn.status_changed_at, Day(kTrialDays)) << "dated at the trial's end, not the run";
  EXPECT_EQ(cdn.deleted_date, Day(kTrialDays + kDaysToDeleted));
  EXPECT_EQ(StatusOf(acme), AccountStatus::kTrialEnd) << "the account status follows";
  EXPECT_EQ(Emails()["trial_ended"], mails_before["trial_ended"] + 1);

  auto again = RunLifecycle(file_.db(), Day(kTrialDays + 5));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->trials_ended, 0);
  EXPECT_EQ(again->ends_soon_notices, 0);
  EXPECT_EQ(Emails()["trial_ended"], mails_before["trial_ended"] + 1);
}

TEST_F(LifecycleJobTest, TheEndsSoonNoticeGoesOnceWithinThreeDaysOfTheEnd) {
  AccountInTrial("ops@acme.example");
  auto four_days_before = RunLifecycle(file_.db(), Day(kTrialDays - 4));
  ASSERT_TRUE(four_days_before.ok());
  EXPECT_EQ(four_days_before->ends_soon_notices, 0);
  EXPECT_EQ(Emails()["trial_ends_soon"], 0);

  auto within = RunLifecycle(file_.db(), Day(kTrialDays - 2.5));
  ASSERT_TRUE(within.ok());
  EXPECT_EQ(within->ends_soon_notices, 1);
  auto later = RunLifecycle(file_.db(), Day(kTrialDays - 1));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->ends_soon_notices, 0);
  EXPECT_EQ(Emails()["trial_ends_soon"], 1);
}

TEST_F(LifecycleJobTest, AnEndedTrialIsDeletedAtItsDeletionDate) {
  ClientId acme = AccountInTrial("ops@acme.example");
  ASSERT_TRUE(RunLifecycle(file_.db(), Day(kTrialDays + 1)).ok());
  auto before_date = RunLifecycle(file_.db(), Day(kTrialDays + kDaysToDeleted - 0.5));
  ASSERT_TRUE(before_date.ok());
  EXPECT_EQ(before_date->products_deleted, 0);

  auto after_date = RunLifecycle(file_.db(), Day(kTrialDays + kDaysToDeleted + 3));
  ASSERT_TRUE(after_date.ok());
  EXPECT_EQ(after_date->products_deleted, 1);
  Service cdn = Cdn(acme);
  EXPECT_EQ(cdn.status, ProductStatus::kDeleted);
  EXPECT_EQ(cdn.status_changed_at, Day(kTrialDays + kDaysToDeleted));
  EXPECT_EQ(Emails()["product_deleted"], 1);
  auto again = RunLifecycle(file_.db(), Day(kTrialDays + kDaysToDeleted + 3));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->products_deleted, 0);
  EXPECT_EQ(Emails()["product_deleted"], 1);
}

TEST_F(LifecycleJobTest, EveryDueChangeIsMadeWhateverTheBatchSize) {
  std::vector<ClientId> accounts;
  for (int i = 0; i < 5; ++i)
    accounts.push_back(AccountInTrial("a" + std::to_string(i) + "@x.example"));
  auto report = RunLifecycle(file_.db(), Day(kTrialDays + 1), /*batch=*/2);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->trials_ended, 5);
  for (ClientId id : accounts) EXPECT_EQ(Cdn(id).status, ProductStatus::kTrialEnd);
  EXPECT_EQ(Emails()["trial_ended"], 5);
}

// A run that fails part-way (any store call, in any batch) and is then run again ends exactly
// where one uninterrupted run ends: every transition made once, every e-mail queued once.
TEST_F(LifecycleJobTest, ARunInterruptedAnywhereAndRepeatedEndsAsOneCleanRun) {
  for (int i = 0; i < 3; ++i) AccountInTrial("a" + std::to_string(i) + "@x.example");
  ClientId soon = AccountInTrial("later@x.example");
  const Timestamp run_at = Day(kTrialDays + kDaysToDeleted + 1);
  // At `run_at` the first three are past their deletion date, and the fourth, put back in a
  // trial that ends two days later, is due its ends-soon notice.
  ASSERT_TRUE(RunLifecycle(file_.db(), Day(kTrialDays + 1), 2).ok());
  ASSERT_TRUE(file_.db()
                  .Write([&](storage::Tx& tx) -> Status {
                    TRY(Service s, tx.GetService(reseller_.org, soon, Cdn(soon).id));
                    s.status = ProductStatus::kTrial;
                    s.trial_end = run_at.PlusDays(2);
                    s.ends_soon_sent_for = std::nullopt;
                    return tx.UpdateService(s);
                  })
                  .ok());

  auto clean = file_.Copy();
  ASSERT_TRUE(RunLifecycle(clean->db(), run_at, 2).ok());
  const std::string expected = clean->Dump();
  ASSERT_NE(expected, file_.Dump()) << "the run must have work to do";

  int64_t n = 1;
  for (;; ++n) {
    auto scene = file_.Copy();
    testing::FailingDatabase failing(scene->db());
    failing.FailAt(n);
    auto interrupted = RunLifecycle(failing, run_at, 2);
    if (!failing.failed()) {
      ASSERT_TRUE(interrupted.ok());
      EXPECT_EQ(scene->Dump(), expected);
      break;
    }
    SCOPED_TRACE("failing call " + std::to_string(n) + ": " + failing.failed_call());
    ASSERT_FALSE(interrupted.ok()) << "the failure was swallowed";
    failing.FailAt(0);
    ASSERT_TRUE(RunLifecycle(failing, run_at, 2).ok());
    ASSERT_EQ(scene->Dump(), expected);
  }
  EXPECT_GT(n, 20) << "the run should have made many store calls";
}

}  // namespace
}  // namespace clientele::jobs
