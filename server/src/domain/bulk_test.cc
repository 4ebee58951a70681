// Bulk actions and the CSV upload: the per-account rules (pure), and BulkService over a real
// SQLite file: results per account, batches that commit whole, other organisations' accounts.
#include "domain/bulk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/accounts.h"
#include "domain/people.h"
#include "domain/products.h"
#include "testing/database_file.h"
#include "testing/failing_database.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

using testing::kNow;

BulkAction SetStatus(const std::string& product, ProductStatus to) {
  BulkAction a;
  a.kind = BulkKind::kSetProductStatus;
  a.product = product;
  a.status = to;
  return a;
}

BulkAction SetVisibility(const std::string& product, bool available) {
  BulkAction a;
  a.kind = BulkKind::kSetVisibility;
  a.product = product;
  a.available = available;
  return a;
}

BulkAction AssignSeller(std::optional<int64_t> seller) {
  BulkAction a;
  a.kind = BulkKind::kAssignSeller;
  if (seller) a.seller = UserId{*seller};
  return a;
}

// --- The rules, one account at a time -----------------------------------------------------

TEST(BulkDecideTest, AccountFields) {
  Client c;
  c.id = ClientId{1};
  EXPECT_EQ(DecideForAccount(AssignSeller(7), c).outcome, BulkOutcome::kChanged);
  EXPECT_EQ(c.seller, UserId{7});
  EXPECT_EQ(DecideForAccount(AssignSeller(7), c).outcome, BulkOutcome::kUnchanged);
  EXPECT_EQ(DecideForAccount(AssignSeller(std::nullopt), c).outcome, BulkOutcome::kChanged);
  EXPECT_FALSE(c.seller);

  BulkAction test;
  test.kind = BulkKind::kSetTest;
  test.is_test = true;
  EXPECT_EQ(DecideForAccount(test, c).outcome, BulkOutcome::kChanged);
  EXPECT_TRUE(c.is_test);
  EXPECT_EQ(DecideForAccount(test, c).outcome, BulkOutcome::kUnchanged);

  c.deleted = true;
  auto refused = DecideForAccount(AssignSeller(9), c);
  EXPECT_EQ(refused.outcome, BulkOutcome::kRefused);
  EXPECT_NE(refused.reason.find("deleted"), std::string::npos);
  EXPECT_EQ(c.seller, std::nullopt);  // left as it was
}

TEST(BulkDecideTest, ProductStatusFollowsTheManualRules) {
  using P = ProductStatus;
  struct Case {
    P from;
    bool visible;
    P to;
    BulkOutcome outcome;
  };
  const Case cases[] = {
      {P::kNew, true, P::kTrial, BulkOutcome::kChanged},
      {P::kNew, true, P::kActive, BulkOutcome::kChanged},
      {P::kActive, true, P::kTrial, BulkOutcome::kRefused},   // no way back to trial
      {P::kNew, true, P::kPaused, BulkOutcome::kRefused},     // nothing to pause
      {P::kNew, false, P::kTrial, BulkOutcome::kRefused},     // hidden from the customer
      {P::kTrial, true, P::kTrial, BulkOutcome::kUnchanged},  // already there
      {P::kTrial, false, P::kTrial, BulkOutcome::kUnchanged},
      {P::kTrial, true, P::kTrialEnd, BulkOutcome::kChanged},
      {P::kPaused, true, P::kActive, BulkOutcome::kChanged},
  };
  lifecycle::Timing timing{14, 30};
  Client c;
  for (const auto& k : cases) {
    Service s;
    s.product = "CDN";
    s.status = k.from;
    s.available = k.visible;
    auto d = DecideForService(SetStatus("CDN", k.to), c, s, false, timing, kNow);
    EXPECT_EQ(d.outcome, k.outcome) << ToString(k.from) << " -> " << ToString(k.to);
    if (d.outcome == BulkOutcome::kChanged) {
      EXPECT_EQ(s.status, k.to);
      EXPECT_EQ(s.previous_status, k.from);
    } else {
      EXPECT_EQ(s.status, k.from);
    }
    if (d.outcome == BulkOutcome::kRefused) {
      EXPECT_FALSE(d.reason.empty());
    }
  }
  // A new trial ends after the trial days.
  Service s;
  s.product = "CDN";
  s.available = true;
  ASSERT_EQ(DecideForService(SetStatus("CDN", P::kTrial), c, s, false, timing, kNow).outcome,
            BulkOutcome::kChanged);
  EXPECT_EQ(s.trial_end, kNow.PlusDays(14));
  // Visible by the organisation's default.
  Service inherits;
  inherits.product = "CDN";
  EXPECT_EQ(
      DecideForService(SetStatus("CDN", P::kActive), c, inherits, true, timing, kNow).outcome,
      BulkOutcome::kChanged);
}

TEST(BulkDecideTest, HidingIsRefusedInTrialOrActive) {
  using P = ProductStatus;
  Client c;
  lifecycle::Timing timing;
  for (P status : {P::kNew, P::kTrial, P::kActive, P::kTrialEnd, P::kPaused, P::kDeleted}) {
    Service s;
    s.product = "DNS";
    s.status = status;
    auto d = DecideForService(SetVisibility("DNS", false), c, s, true, timing, kNow);
    if (lifecycle::BlocksHiding(status)) {
      EXPECT_EQ(d.outcome, BulkOutcome::kRefused) << ToString(status);
      EXPECT_EQ(s.available, std::nullopt);
    } else {
      EXPECT_EQ(d.outcome, BulkOutcome::kChanged) << ToString(status);
      EXPECT_EQ(s.available, false);
    }
  }
  Service shown;
  shown.available = true;
  EXPECT_EQ(DecideForService(SetVisibility("DNS", true), c, shown, false, timing, kNow).outcome,
            BulkOutcome::kUnchanged);
}

// --- BulkService over a database ------------------------------------------------------------

class BulkServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reseller_ = testing::NewReseller(file_.db(), "boss@org-a.example");
    other_ = testing::NewReseller(file_.db(), "boss@org-b.example");
    NewSeller s;
    s.email = "sam@org-a.example";
    s.full_name = "Sam";
    auto sam = people_.CreateSeller(reseller_, s, kNow);
    ASSERT_TRUE(sam.ok()) << sam.error().message;
    sam_ = sam->id;
    s.email = "bo@org-b.example";
    auto bo = people_.CreateSeller(other_, s, kNow);
    ASSERT_TRUE(bo.ok()) << bo.error().message;
    bo_ = bo->id;
  }

  // `n` accounts imported into `who`'s organisation (the upload: no password to hash).
  std::vector<ClientId> Accounts(const Caller& who, int n, const std::string& prefix) {
    std::string csv = "email,company\n";
    for (int i = 0; i < n; ++i)
      csv += prefix + std::to_string(i) + "@example.com,Company " + std::to_string(i) + "\n";
    auto report = bulk_.Upload(who, csv, false, kNow, 1000, nullptr);
    EXPECT_TRUE(report.ok());
    ClientQuery q;
    q.email_contains = prefix;
    auto ids = accounts_.Ids(who, q);
    EXPECT_TRUE(ids.ok());
    return ids.ok() ? *ids : std::vector<ClientId>{};
  }

  struct Run {
    Status status;
    std::vector<BulkResult> results;
    std::vector<BulkProgress> batches;
  };
  Run Apply(const BulkAction& a, const std::vector<ClientId>& ids, BulkService* via = nullptr) {
    Run run;
    run.status = (via ? *via : bulk_)
                     .Apply(reseller_, a, ids, kNow.PlusDays(1),
                            [&](const std::vector<BulkResult>& batch, const BulkProgress& p) {
                              run.results.insert(run.results.end(), batch.begin(), batch.end());
                              run.batches.push_back(p);
                              return true;
                            });
    return run;
  }

  Client Get(const Caller& who, ClientId id) {
    auto view = accounts_.Get(who, id);
    EXPECT_TRUE(view.ok());
    return view.ok() ? view->client : Client{};
  }

  testing::DatabaseFile file_;
  AccountService accounts_{file_.db()};
  AuthService auth_{file_.db(), std::string(32, 'k')};
  PeopleService people_{file_.db(), auth_, "http://localhost"};
  ProductService products_{file_.db()};
  BulkService bulk_{file_.db()};
  Caller reseller_, other_;
  UserId sam_, bo_;
};

TEST_F(BulkServiceTest, AssignsASellerToExactlyTheAccountsNamedAndReportsEach) {
  auto mine = Accounts(reseller_, 5, "mine");
  auto theirs = Accounts(other_, 1, "theirs");
  ASSERT_EQ(mine.size(), 5u);
  ASSERT_EQ(theirs.size(), 1u);
  std::vector<ClientId> asked = {mine[0], mine[2], theirs[0], ClientId{999999}, mine[4]};
  ASSERT_TRUE(bulk_.Check(reseller_, AssignSeller(sam_.value)).ok());
  auto run = Apply(AssignSeller(sam_.value), asked);
  ASSERT_TRUE(run.status.ok()) << run.status.error().message;
  ASSERT_EQ(run.results.size(), 5u);
  const BulkOutcome want[] = {BulkOutcome::kChanged, BulkOutcome::kChanged,
                              BulkOutcome::kNotFound, BulkOutcome::kNotFound,
                              BulkOutcome::kChanged};
  for (size_t i = 0; i < asked.size(); ++i) {
    EXPECT_EQ(run.results[i].client, asked[i]);
    EXPECT_EQ(run.results[i].outcome, want[i]) << i;
  }
  ASSERT_EQ(run.batches.size(), 1u);
  EXPECT_EQ(run.batches[0].changed, 3);
  EXPECT_EQ(run.batches[0].not_found, 2);
  for (size_t i = 0; i < mine.size(); ++i)
    EXPECT_EQ(Get(reseller_, mine[i]).seller, i % 2 == 0 ? std::optional(sam_) : std::nullopt);
  EXPECT_EQ(Get(other_, theirs[0]).seller, std::nullopt);

  // Again: nothing left to change.
  auto again = Apply(AssignSeller(sam_.value), {mine[0]});
  ASSERT_EQ(again.results.size(), 1u);
  EXPECT_EQ(again.results[0].outcome, BulkOutcome::kUnchanged);
}

TEST_F(BulkServiceTest, ChecksTheSellerAndProductBeforeAnything) {
  auto other_seller = bulk_.Check(reseller_, AssignSeller(bo_.value));
  ASSERT_FALSE(other_seller.ok());
  EXPECT_TRUE(other_seller.error().fields.contains("seller"));
  auto unknown = bulk_.Check(reseller_, SetStatus("NOPE", ProductStatus::kActive));
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.error().fields.contains("product"));
  auto deleted = bulk_.Check(reseller_, SetStatus("CDN", ProductStatus::kDeleted));
  ASSERT_FALSE(deleted.ok());
  EXPECT_TRUE(deleted.error().fields.contains("status"));
  EXPECT_TRUE(bulk_.Check(reseller_, AssignSeller(std::nullopt)).ok());
  Caller customer;
  customer.org = reseller_.org;
  customer.type = UserType::kCommon;
  EXPECT_EQ(bulk_.Check(customer, AssignSeller(std::nullopt)).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(BulkServiceTest, ProductStatusOnlyWhereAllowedAndTheAccountStatusFollows) {
  auto ids = Accounts(reseller_, 3, "prod");
  ASSERT_EQ(ids.size(), 3u);
  // The first account's CDN is hidden; the second's is already active.
  ASSERT_TRUE(products_.SetClientVisibility(reseller_, ids[0], {{"CDN", false}}, kNow).ok());
  ASSERT_TRUE(products_.SetClientVisibility(reseller_, ids[1], {{"CDN", true}}, kNow).ok());
  ASSERT_TRUE(products_.SetClientVisibility(reseller_, ids[2], {{"CDN", true}}, kNow).ok());
  ServiceUpdate active;
  active.status = ProductStatus::kActive;
  auto cdn1 = testing::ServiceOf(products_, reseller_, ids[1], "CDN");
  ASSERT_TRUE(products_.UpdateService(reseller_, ids[1], cdn1.id, active, kNow).ok());

  auto run = Apply(SetStatus("CDN", ProductStatus::kTrial), ids);
  ASSERT_TRUE(run.status.ok()) << run.status.error().message;
  ASSERT_EQ(run.results.size(), 3u);
  EXPECT_EQ(run.results[0].outcome, BulkOutcome::kRefused);  // hidden
  EXPECT_EQ(run.results[1].outcome, BulkOutcome::kRefused);  // active can't go back to trial
  EXPECT_EQ(run.results[2].outcome, BulkOutcome::kChanged);
  EXPECT_EQ(testing::ServiceOf(products_, reseller_, ids[0], "CDN").status, ProductStatus::kNew);
  EXPECT_EQ(testing::ServiceOf(products_, reseller_, ids[1], "CDN").status,
            ProductStatus::kActive);
  auto cdn2 = testing::ServiceOf(products_, reseller_, ids[2], "CDN");
  EXPECT_EQ(cdn2.status, ProductStatus::kTrial);
  EXPECT_EQ(cdn2.trial_end, kNow.PlusDays(1).PlusDays(14));
  EXPECT_EQ(Get(reseller_, ids[2]).status, AccountStatus::kTrial);
  // The trial's e-mail is queued as for one account's change.
  EXPECT_EQ(file_.Number("SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'trial_started:%'"), 1);

  // Hiding: refused where the product is in trial or active.
  auto hide = Apply(SetVisibility("CDN", false), ids);
  ASSERT_EQ(hide.results.size(), 3u);
  EXPECT_EQ(hide.results[0].outcome, BulkOutcome::kUnchanged);
  EXPECT_EQ(hide.results[1].outcome, BulkOutcome::kRefused);
  EXPECT_EQ(hide.results[2].outcome, BulkOutcome::kRefused);
}

TEST_F(BulkServiceTest, WorksInBatchesEachCommittedWhole) {
  auto ids = Accounts(reseller_, 1200, "many");
  ASSERT_EQ(ids.size(), 1200u);
  BulkAction test;
  test.kind = BulkKind::kSetTest;
  test.is_test = true;
  auto run = Apply(test, ids);
  ASSERT_TRUE(run.status.ok());
  ASSERT_EQ(run.batches.size(), 3u);  // 500, 500, 200
  EXPECT_EQ(run.batches[0].done, 500);
  EXPECT_EQ(run.batches[1].done, 1000);
  EXPECT_EQ(run.batches[2].done, 1200);
  EXPECT_EQ(run.batches[2].changed, 1200);
  EXPECT_EQ(file_.Number("SELECT count(*) FROM clients WHERE is_test = 1"), 1200);

  // A failure inside the second batch: the first stays, the second is rolled back, and it
  // stops. A batch that changes 500 accounts makes 501 store calls (one read, 500 writes).
  testing::FailingDatabase failing(file_.db());
  BulkService through(failing);
  test.is_test = false;
  failing.FailAt(750);
  auto failed = Apply(test, ids, &through);
  EXPECT_FALSE(failed.status.ok());
  EXPECT_EQ(failed.batches.size(), 1u);
  EXPECT_EQ(file_.Number("SELECT count(*) FROM clients WHERE is_test = 0 AND "
                         "is_reseller_account = 0"),
            500);
}

TEST_F(BulkServiceTest, UploadDryRunReportsBadLinesAndWritesNothing) {
  std::string csv =
      "email,company,lang\n"
      "ok@example.com,Fine Ltd,en\n"
      "not-an-email,Broken,en\n"
      "second@example.com,Also Fine,xx\n";
  int64_t before = file_.Number("SELECT count(*) FROM clients");
  std::vector<ImportSummary> progress;
  auto dry = bulk_.Upload(reseller_, csv, true, kNow, 500,
                          [&](const ImportSummary& s) { progress.push_back(s); });
  ASSERT_TRUE(dry.ok()) << dry.error().message;
  EXPECT_EQ(dry->summary.records, 3);
  EXPECT_EQ(dry->summary.imported, 1);
  EXPECT_EQ(dry->summary.failed, 2);
  ASSERT_EQ(dry->errors.size(), 2u);
  EXPECT_EQ(dry->errors[0].line, 3);
  EXPECT_EQ(dry->errors[0].field, "email");
  EXPECT_EQ(dry->errors[1].line, 4);
  EXPECT_EQ(dry->errors[1].field, "lang");
  EXPECT_FALSE(progress.empty());
  EXPECT_EQ(file_.Number("SELECT count(*) FROM clients"), before);

  auto real = bulk_.Upload(reseller_, csv, false, kNow, 500, nullptr);
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(real->summary.imported, 1);
  EXPECT_EQ(file_.Number("SELECT count(*) FROM clients"), before + 1);
  // The same file again: the account is skipped as existing.
  auto again = bulk_.Upload(reseller_, csv, true, kNow, 500, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->summary.skipped_existing, 1);
  EXPECT_EQ(again->summary.imported, 0);
}

TEST_F(BulkServiceTest, UploadRefusesAnUnusableHeaderOrEmptyFile) {
  auto header = bulk_.CheckUpload(reseller_, "mail,company\nx@example.com,X\n");
  ASSERT_FALSE(header.ok());
  ASSERT_TRUE(header.error().fields.contains("csv"));
  EXPECT_NE(header.error().fields.at("csv")[0].find("Line 1"), std::string::npos);
  EXPECT_FALSE(bulk_.CheckUpload(reseller_, "\n\n").ok());
  EXPECT_TRUE(bulk_.CheckUpload(reseller_, "email,company\nx@example.com,X\n").ok());
  EXPECT_FALSE(bulk_.Upload(reseller_, "email,company\n", true, kNow, 500, nullptr).ok());
}

}  // namespace
}  // namespace clientele
