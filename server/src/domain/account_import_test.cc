// AccountImport over a real SQLite file: what an imported account becomes, what is skipped or
// refused and why, dry runs, and batches that commit whole.
#include "domain/account_import.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/accounts.h"
#include "domain/auth.h"
#include "domain/people.h"
#include "domain/products.h"
#include "testing/database_file.h"
#include "testing/failing_database.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

using testing::kNow;

struct Outcome {
  Status status;
  ImportSummary summary;
  std::vector<ImportError> errors;
  // "line: field" of each error, for short expectations.
  std::vector<std::string> Where() const {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(std::to_string(e.line) + ": " + e.field);
    return out;
  }
};

class AccountImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reseller_ = testing::NewReseller(file_.db(), "boss@org.example");
    NewSeller seller;
    seller.email = "Sam@Org.example";
    seller.full_name = "Sam";
    auto sam = people_.CreateSeller(reseller_, seller, kNow);
    ASSERT_TRUE(sam.ok()) << sam.error().message;
    seller_ = sam->id;
  }

  // Imports `lines` (one file) into the reseller's organisation at `at`.
  Outcome Import(const std::vector<std::string>& lines, ImportOptions options = {},
                 ImportFormat format = ImportFormat::kJsonLines, storage::Database* db = nullptr,
                 Timestamp at = kNow.PlusDays(1)) {
    Outcome out;
    options.on_error = [&](const ImportError& e) { out.errors.push_back(e); };
    auto import = AccountImport::Start(db ? *db : file_.db(), reseller_.org, options, at);
    if (!import.ok()) {
      out.status = import.error();
      return out;
    }
    ImportParser parser(format, (*import)->products());
    Status st = Ok();
    for (const auto& line : lines) {
      auto record = parser.Add(line);
      if (record) st = (*import)->Add(parser.record_line(), std::move(*record));
      if (!st.ok()) break;
    }
    if (st.ok()) st = (*import)->Finish();
    out.status = st;
    out.summary = (*import)->summary();
    return out;
  }

  // The organisation's accounts other than its own, newest last.
  std::vector<ClientView> Accounts() {
    ClientQuery q;
    q.is_test = FlagFilter::kAll;
    q.deleted = FlagFilter::kAll;
    auto list = accounts_.List(reseller_, q);
    EXPECT_TRUE(list.ok());
    std::vector<ClientView> out;
    if (list.ok())
      for (auto& v : list->items)
        if (!v.client.is_reseller_account) out.push_back(std::move(v));
    return out;
  }

  ClientView AccountOf(const std::string& email) {
    for (auto& v : Accounts())
      if (v.client.email == email) return v;
    ADD_FAILURE() << "no account " << email;
    return {};
  }

  // The whole stored service (a view shows only its status and whether it is enabled).
  Service Product(const ClientView& v, const std::string& name) {
    std::vector<Service> services;
    EXPECT_TRUE(file_.db()
                    .Read([&](storage::Tx& tx) -> Status {
                      std::vector<ClientId> ids{v.client.id};
                      TRY(services, tx.ListServices(v.client.org, ids));
                      return Ok();
                    })
                    .ok());
    for (const auto& s : services)
      if (s.product == name) return s;
    ADD_FAILURE() << "no product " << name;
    return {};
  }

  testing::DatabaseFile file_;
  AccountService accounts_{file_.db()};
  ProductService products_{file_.db()};
  AuthService auth_{file_.db(), "signing-key"};
  PeopleService people_{file_.db(), auth_, "https://portal.example"};
  Caller reseller_;
  UserId seller_;
};

const Timestamp kImportTime = kNow.PlusDays(1);

TEST_F(AccountImportTest, AnImportedAccountIsWhatTheRulesMakeOfItsLine) {
  // DNS is hidden by default: an account that has it active must see it.
  ASSERT_TRUE(products_.SetDefaults(reseller_, {{"DNS", false}}, kNow).ok());
  Outcome out = Import({
      R"({"email":" It@Acme.example ","name":" Anna Berg ","company":"Acme","custom_id":"C-1",)"
      R"("lang":"de","phone":"+49 30 1","is_test":true,"deleted":false,"seller":"sam@org.example",)"
      R"("created_at":"2024-05-01T12:00:00Z","services":{"CDN":{"enabled":true,"status":"trial"},)"
      R"("STORAGE":{"enabled":false,"status":"paused"},"DNS":{"enabled":true,"status":"active"}}})",
  });
  ASSERT_TRUE(out.status.ok()) << out.status.error().message;
  EXPECT_EQ(out.summary.records, 1);
  EXPECT_EQ(out.summary.imported, 1);
  EXPECT_TRUE(out.errors.empty());

  ClientView v = AccountOf("It@Acme.example");  // trimmed
  EXPECT_EQ(v.client.name, "Anna Berg");
  EXPECT_EQ(v.client.company_name, "Acme");
  EXPECT_EQ(v.client.custom_id, "C-1");
  EXPECT_EQ(v.client.lang, "de");
  EXPECT_EQ(v.client.phone, "+49 30 1");
  EXPECT_TRUE(v.client.is_test);
  EXPECT_FALSE(v.client.deleted);
  EXPECT_EQ(v.client.seller, seller_);
  EXPECT_EQ(v.client.created_at, ParseRfc3339("2024-05-01T12:00:00Z"));
  EXPECT_EQ(v.client.status, AccountStatus::kActive);  // DNS is active
  EXPECT_FALSE(v.client.owner);

  ASSERT_EQ(v.services.size(), 6u) << "one per catalog product";
  Service cdn = Product(v, "CDN");
  EXPECT_TRUE(cdn.enabled);
  EXPECT_EQ(cdn.status, ProductStatus::kTrial);
  EXPECT_EQ(cdn.start, kImportTime);  // the trial starts with the import
  EXPECT_EQ(cdn.trial_end, kImportTime.PlusDays(14));
  EXPECT_EQ(cdn.previous_status, ProductStatus::kNew);
  EXPECT_FALSE(cdn.available);
  Service storage = Product(v, "STORAGE");
  EXPECT_FALSE(storage.enabled);
  EXPECT_EQ(storage.status, ProductStatus::kPaused);
  EXPECT_EQ(storage.deleted_date, kImportTime.PlusDays(30));
  Service dns = Product(v, "DNS");
  EXPECT_EQ(dns.status, ProductStatus::kActive);
  EXPECT_EQ(dns.available, true) << "in use, so visible although the default hides it";
  Service cloud = Product(v, "CLOUD");
  EXPECT_EQ(cloud.status, ProductStatus::kNew);
  EXPECT_FALSE(cloud.enabled);
  EXPECT_FALSE(cloud.status_changed_at);

  // Its first user, as account creation makes it, without a password and not yet invited.
  ASSERT_EQ(v.users.size(), 1u);
  const User& u = v.users[0];
  EXPECT_EQ(u.email, "It@Acme.example");
  EXPECT_EQ(u.name, "Anna Berg");
  EXPECT_EQ(u.lang, "de");
  EXPECT_EQ(u.type, UserType::kCommon);
  EXPECT_EQ(u.group, Group::kAdministrators);
  EXPECT_TRUE(u.password_hash.empty());
  EXPECT_FALSE(u.activated);
  EXPECT_FALSE(u.invited_at);
  // ... whom the reseller invites later.
  EXPECT_TRUE(people_.RenewInvitation(reseller_, "it@acme.example", kImportTime).ok());

  storage::StatusChangeQuery q;
  q.client = v.client.id;
  auto changes = accounts_.StatusChanges(reseller_, q);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->items.size(), 1u);
  EXPECT_FALSE(changes->items[0].old_status);
  EXPECT_EQ(changes->items[0].new_status, AccountStatus::kActive);
  EXPECT_EQ(changes->items[0].changed_at, kImportTime);
}

TEST_F(AccountImportTest, TheAccountStatusFollowsTheProducts) {
  Outcome out = Import({
      R"({"email":"a@x.example","company":"A"})",
      R"({"email":"b@x.example","company":"B","services":{"CDN":{"status":"trial"}}})",
      R"({"email":"c@x.example","company":"C","services":{"CDN":{"status":"trialend"},)"
      R"("DNS":{"status":"deleted"}}})",
      R"({"email":"d@x.example","company":"D","services":{"CDN":{"status":"trial"},)"
      R"("DNS":{"status":"active"}}})",
      R"({"email":"e@x.example","company":"E","created_at":"2025-01-01"})",
  });
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(out.summary.imported, 5);
  EXPECT_EQ(AccountOf("a@x.example").client.status, AccountStatus::kPreparation);
  EXPECT_EQ(AccountOf("b@x.example").client.status, AccountStatus::kTrial);
  EXPECT_EQ(AccountOf("c@x.example").client.status, AccountStatus::kTrialEnd);
  EXPECT_EQ(AccountOf("d@x.example").client.status, AccountStatus::kActive);
  ClientView a = AccountOf("a@x.example");
  EXPECT_EQ(a.client.created_at, kImportTime) << "no created_at: the time of the import";
  EXPECT_EQ(a.client.lang, "en");
  EXPECT_FALSE(a.client.seller);
  EXPECT_EQ(AccountOf("e@x.example").client.created_at, ParseRfc3339("2025-01-01T00:00:00Z"));
}

TEST_F(AccountImportTest, ADeletedAccountIsStoredAsDeletingItLeavesIt) {
  Outcome out = Import({R"({"email":"gone@x.example","company":"Gone","deleted":true,)"
                        R"("services":{"CDN":{"enabled":true,"status":"active"}}})"});
  ASSERT_TRUE(out.status.ok());
  ClientView v = AccountOf("gone@x.example");
  EXPECT_TRUE(v.client.deleted);
  EXPECT_EQ(v.client.deleted_at, kImportTime);
  EXPECT_EQ(v.client.status, AccountStatus::kDeleted);
  for (const auto& s : v.services) {
    EXPECT_EQ(s.status, ProductStatus::kDeleted) << s.product;
    EXPECT_FALSE(s.enabled) << s.product;
  }
  EXPECT_EQ(Product(v, "CDN").previous_status, ProductStatus::kActive);
  EXPECT_TRUE(v.users.empty()) << "nobody is invited into a deleted account";
}

TEST_F(AccountImportTest, ExistingEmailsAreSkippedSoThatAFileCanBeImportedAgain) {
  ASSERT_TRUE(accounts_.Create(reseller_, testing::Account("old@x.example", "Old"), kNow).ok());
  std::vector<std::string> file = {
      R"({"email":"OLD@x.example","company":"Other"})",
      R"({"email":"new@x.example","company":"New"})",
      R"({"email":"gone@x.example","company":"Gone","deleted":true})",
  };
  Outcome first = Import(file);
  ASSERT_TRUE(first.status.ok());
  EXPECT_EQ(first.summary.imported, 2);
  EXPECT_EQ(first.summary.skipped_existing, 1);
  EXPECT_EQ(first.summary.failed, 0);
  EXPECT_TRUE(first.errors.empty());
  EXPECT_EQ(AccountOf("old@x.example").client.company_name, "Old") << "left as it was";

  const std::string before = file_.Dump();
  Outcome again = Import(file);
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.summary.imported, 0);
  EXPECT_EQ(again.summary.skipped_existing, 3) << "deleted accounts count as existing too";
  EXPECT_EQ(testing::RowsChanged(before, file_.Dump()), "");
}

TEST_F(AccountImportTest, BadLinesAreReportedWithLineAndFieldAndTheRestIsImported) {
  Outcome out = Import({
      R"({"email":"ok1@x.example","company":"Ok"})",
      R"({"email":"not-an-email","company":"Bad"})",
      R"({"email":"a@x.example","company":""})",
      "",
      R"({"email":"b@x.example","company":"B","lang":"fr","phone":"call me!"})",
      R"({"email":"c@x.example","company":"C","seller":"nobody@org.example"})",
      R"({"email":"d@x.example","company":"D","created_at":"2030-01-01T00:00:00Z"})",
      R"({"email":"OK1@x.example","company":"Twice"})",
      R"({"email":"sam@org.example","company":"Seller's own"})",
      R"({"email":"e@x.example",)",
      R"({"email":"f@x.example","company":"F","services":{"VPN":{"status":"trial"}}})",
      R"({"email":"g@x.example","company":"G","services":{"CDN":{"status":"started"}}})",
      R"({"email":"ok2@x.example","company":"Ok 2","seller":"SAM@org.example"})",
  });
  ASSERT_TRUE(out.status.ok()) << out.status.error().message;
  EXPECT_EQ(out.summary.records, 12) << "the blank line is no record";
  EXPECT_EQ(out.summary.imported, 2);
  EXPECT_EQ(out.summary.failed, 10);
  EXPECT_EQ(out.Where(),
            (std::vector<std::string>{"2: email", "3: company", "5: lang", "5: phone", "6: seller",
                                      "7: created_at", "8: email", "9: email",
                                      "10: ", "11: services.VPN", "12: services.CDN.status"}));
  EXPECT_NE(out.errors[6].reason.find("line 1"), std::string::npos) << out.errors[6].reason;
  EXPECT_EQ(AccountOf("ok2@x.example").client.seller, seller_);
  EXPECT_EQ(Accounts().size(), 2u);
}

TEST_F(AccountImportTest, ADryRunChecksEverythingAndWritesNothing) {
  ASSERT_TRUE(accounts_.Create(reseller_, testing::Account("old@x.example", "Old"), kNow).ok());
  std::vector<std::string> file = {
      R"({"email":"old@x.example","company":"Old"})",
      R"({"email":"new@x.example","company":"New"})",
      R"({"email":"sam@org.example","company":"Seller"})",
      R"({"email":"bad","company":"Bad"})",
  };
  const std::string before = file_.Dump();
  ImportOptions dry;
  dry.dry_run = true;
  Outcome checked = Import(file, dry);
  ASSERT_TRUE(checked.status.ok());
  EXPECT_EQ(testing::RowsChanged(before, file_.Dump()), "");
  EXPECT_EQ(checked.summary.imported, 1);
  EXPECT_EQ(checked.summary.skipped_existing, 1);
  EXPECT_EQ(checked.summary.failed, 2);
  EXPECT_EQ(checked.Where(), (std::vector<std::string>{"3: email", "4: email"}));

  Outcome real = Import(file);
  EXPECT_EQ(real.summary.imported, checked.summary.imported);
  EXPECT_EQ(real.summary.skipped_existing, checked.summary.skipped_existing);
  EXPECT_EQ(real.summary.failed, checked.summary.failed);
  EXPECT_EQ(real.Where(), checked.Where());
}

TEST_F(AccountImportTest, AnImportRefreshesThePlannersStatisticsAndADryRunDoesNot) {
  // Without them SQLite looks accounts up by organisation rather than by id (docs/performance.md).
  auto stats_of_accounts = [&] {
    if (file_.Number("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'") == 0)
      return int64_t{0};
    return file_.Number("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'clients'");
  };
  std::vector<std::string> file = {R"({"email":"a@x.example","company":"A"})",
                                   R"({"email":"b@x.example","company":"B"})"};
  ImportOptions dry;
  dry.dry_run = true;
  ASSERT_TRUE(Import(file, dry).status.ok());
  EXPECT_EQ(stats_of_accounts(), 0);
  ASSERT_TRUE(Import(file).status.ok());
  EXPECT_GT(stats_of_accounts(), 0);
}

TEST_F(AccountImportTest, CsvFilesImportLikeJsonLines) {
  Outcome out = Import(
      {
          "email,company,name,seller,cdn_enabled,cdn_status,dns_status",
          "csv1@x.example,\"Comma, Inc\",\"Ann \"\"A\"\"\",sam@org.example,true,trial,",
          "csv2@x.example,Two,,,,,active",
          "csv3@x.example,Three,,,maybe,,",
      },
      {}, ImportFormat::kCsv);
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(out.summary.imported, 2);
  EXPECT_EQ(out.Where(), std::vector<std::string>{"4: cdn_enabled"});
  ClientView one = AccountOf("csv1@x.example");
  EXPECT_EQ(one.client.company_name, "Comma, Inc");
  EXPECT_EQ(one.client.name, "Ann \"A\"");
  EXPECT_EQ(one.client.seller, seller_);
  EXPECT_EQ(one.client.status, AccountStatus::kTrial);
  EXPECT_TRUE(Product(one, "CDN").enabled);
  EXPECT_EQ(AccountOf("csv2@x.example").client.status, AccountStatus::kActive);
}

TEST_F(AccountImportTest, TheOrganisationIsNamedByIdOrByItsResellersEmail) {
  auto found = AccountImport::OrganisationOfReseller(file_.db(), " BOSS@org.example ");
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(*found, reseller_.org);
  EXPECT_EQ(AccountImport::OrganisationOfReseller(file_.db(), "nobody@org.example").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(AccountImport::OrganisationOfReseller(file_.db(), "sam@org.example").error().code,
            ErrorCode::kNotFound)
      << "a seller is no reseller";
  auto none = AccountImport::Start(file_.db(), OrgId{reseller_.org.value + 100}, {}, kNow);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST_F(AccountImportTest, EachBatchCommitsWholeAndAFailureSaysWhatIsCommitted) {
  std::vector<std::string> file;
  for (int i = 1; i <= 5; ++i)
    file.push_back(R"({"email":"u)" + std::to_string(i) + R"(@x.example","company":"U"})");
  testing::FailingDatabase failing(file_.db());
  ImportOptions two;
  two.batch_size = 2;
  // Start makes 4 calls (organisation, catalog, defaults, sellers); each batch 6 (2 look-ups,
  // 4 inserts). Fail the 3rd call of the second batch.
  failing.FailAt(4 + 6 + 3);
  Outcome stopped = Import(file, two, ImportFormat::kJsonLines, &failing);
  ASSERT_TRUE(failing.failed());
  ASSERT_FALSE(stopped.status.ok());
  EXPECT_EQ(stopped.status.error().code, ErrorCode::kUnavailable);
  const std::string& why = stopped.status.error().message;
  EXPECT_NE(why.find("lines 3-4"), std::string::npos) << why;
  EXPECT_NE(why.find("2 accounts imported"), std::string::npos) << why;
  EXPECT_EQ(stopped.summary.imported, 2);
  EXPECT_EQ(stopped.summary.records, 5)
      << "the last batch was read while the failed one was written";
  EXPECT_EQ(Accounts().size(), 2u) << "the failed batch left nothing";

  failing.FailAt(0);
  Outcome rest = Import(file, two, ImportFormat::kJsonLines, &failing);
  ASSERT_TRUE(rest.status.ok());
  EXPECT_EQ(rest.summary.skipped_existing, 2);
  EXPECT_EQ(rest.summary.imported, 3);
  EXPECT_EQ(Accounts().size(), 5u);
}

TEST_F(AccountImportTest, WhicheverCallOfABatchFailsTheBatchLeavesNoRows) {
  const std::vector<std::string> file = {
      R"({"email":"a@x.example","company":"A","services":{"CDN":{"status":"trial"}}})",
      R"({"email":"b@x.example","company":"B","deleted":true})",
  };
  testing::FailingDatabase failing(file_.db());
  const std::string before = file_.Dump();
  for (int64_t n = 5;; ++n) {  // calls 1-4 are Start's
    failing.FailAt(n);
    Outcome out = Import(file, {}, ImportFormat::kJsonLines, &failing);
    if (!failing.failed()) {
      EXPECT_TRUE(out.status.ok());
      break;
    }
    SCOPED_TRACE("failing call " + failing.failed_call());
    EXPECT_FALSE(out.status.ok());
    EXPECT_EQ(testing::RowsChanged(before, file_.Dump()), "");
  }
  EXPECT_EQ(Accounts().size(), 2u);
}

}  // namespace
}  // namespace clientele
