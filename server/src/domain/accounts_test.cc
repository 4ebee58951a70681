#include "domain/accounts.h"

#include <gtest/gtest.h>

#include "testing/failing_database.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

using testing::Account;
using testing::kNow;

class AccountServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db_ = testing::NewDatabase();
  AccountService accounts_{*db_};
  Caller reseller_ = testing::NewReseller(*db_, "boss@org-a.example");
};

TEST_F(AccountServiceTest, WarmUpReadsEveryOrganisationsAccountsAndStopsAtAFailure) {
  testing::NewReseller(*db_, "boss@org-b.example");
  auto orgs = accounts_.WarmUp();
  ASSERT_TRUE(orgs.ok()) << orgs.error().message;
  EXPECT_EQ(*orgs, 2);

  testing::FailingDatabase failing(*db_);
  AccountService through(failing);
  failing.FailAt(2);  // the first organisation's page, after the list of organisations
  auto failed = through.WarmUp();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failing.failed_call(), "ListClients");
}

TEST_F(AccountServiceTest, CreatesAccountWithFirstUserAndSixNewProducts) {
  auto r = Account("ops@acme.example", "Acme");
  r.services = {{"CDN", false}, {"DNS", true}};
  auto created = accounts_.Create(reseller_, r, kNow);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->user.group, Group::kAdministrators);
  EXPECT_TRUE(created->user.activated);
  auto view = accounts_.Get(reseller_, created->client.id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->client.status, AccountStatus::kPreparation);
  ASSERT_EQ(view->services.size(), 6u);
  EXPECT_EQ(view->services[0].product, "CDN");
  EXPECT_EQ(view->services[3].product, "DNS");
  for (const auto& s : view->services) EXPECT_EQ(s.status, ProductStatus::kNew);
  // The personal visibility is in the stored services (a view shows statuses only).
  std::vector<Service> stored;
  ASSERT_TRUE(db_->Read([&](storage::Tx& tx) -> Status {
                   std::vector<ClientId> ids{created->client.id};
                   TRY(stored, tx.ListServices(reseller_.org, ids));
                   return Ok();
                 }).ok());
  ASSERT_EQ(stored.size(), 6u);
  EXPECT_EQ(stored[0].product, "CDN");
  EXPECT_EQ(stored[0].available, false);
  EXPECT_EQ(stored[3].product, "DNS");
  EXPECT_EQ(stored[3].available, true);
  EXPECT_FALSE(stored[1].available);  // inherits
  ASSERT_EQ(view->users.size(), 1u);
  auto changes = accounts_.StatusChanges(reseller_, {});
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->items.front().client, created->client.id);
  EXPECT_EQ(changes->items.front().new_status, AccountStatus::kPreparation);
  EXPECT_FALSE(changes->items.front().old_status);
}

TEST_F(AccountServiceTest, ListsEveryBadFieldAtOnceAndWritesNothing) {
  NewAccountRequest r;
  r.email = "not-an-email";
  r.password = "password123";
  r.lang = "fr";
  r.country_code = "Germany";
  r.user_type = "reseller";
  r.services = {{"CDN", true}, {"CDN", false}};
  auto created = accounts_.Create(reseller_, r, kNow);
  ASSERT_FALSE(created.ok());
  for (const char* f : {"email", "password", "company", "lang", "country_code", "user_type", "services"})
    EXPECT_TRUE(created.error().fields.contains(f)) << f;
  auto all = accounts_.List(reseller_, ClientQuery{});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), 1u);  // only the reseller's own account
}

TEST_F(AccountServiceTest, UnknownProductRollsBackTheWholeAccount) {
  auto r = Account("x@acme.example", "Acme");
  r.services = {{"FASTEDGE", true}};
  auto created = accounts_.Create(reseller_, r, kNow);
  ASSERT_FALSE(created.ok());
  EXPECT_TRUE(created.error().fields.contains("services"));
  ClientQuery q;
  q.email_contains = "x@acme";
  EXPECT_TRUE(accounts_.List(reseller_, q)->items.empty());
}

TEST_F(AccountServiceTest, EmailIsUniqueWithinAnOrganisationOnly) {
  ASSERT_TRUE(accounts_.Create(reseller_, Account("dup@acme.example", "A"), kNow).ok());
  auto again = accounts_.Create(reseller_, Account("DUP@acme.example", "B"), kNow);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.error().fields.contains("email"));
  Caller other = testing::NewReseller(*db_, "boss@org-b.example");
  EXPECT_TRUE(accounts_.Create(other, Account("dup@acme.example", "C"), kNow).ok());
}

TEST_F(AccountServiceTest, AnotherOrganisationsAccountIsNotFound) {
  auto created = accounts_.Create(reseller_, Account("mine@acme.example", "Mine"), kNow);
  ASSERT_TRUE(created.ok());
  Caller other = testing::NewReseller(*db_, "boss@org-b.example");
  auto got = accounts_.Get(other, created->client.id);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  ClientPatch p;
  p.name = std::optional<std::string>("stolen");
  EXPECT_EQ(accounts_.Update(other, created->client.id, p, kNow).error().code, ErrorCode::kNotFound);
  ClientQuery q;
  q.ids = {created->client.id};
  EXPECT_TRUE(accounts_.List(other, q)->items.empty());
}

TEST_F(AccountServiceTest, CustomersMayNotUseTheResellerApi) {
  Caller customer = reseller_;
  customer.type = UserType::kCommon;
  EXPECT_EQ(accounts_.List(customer, ClientQuery{}).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(accounts_.Create(customer, Account("a@b.example", "A"), kNow).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(AccountServiceTest, UpdateEditsFieldsAndRefusesStatus) {
  auto created = accounts_.Create(reseller_, Account("edit@acme.example", "Old Co"), kNow);
  ASSERT_TRUE(created.ok());
  ClientPatch p;
  p.company_name = "New Co";
  p.custom_id = std::optional<std::string>("CRM-7#x");
  p.is_test = true;
  p.phone = std::optional<std::string>("+49 30 1234");
  auto updated = accounts_.Update(reseller_, created->client.id, p, kNow.PlusSeconds(5));
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->client.company_name, "New Co");
  EXPECT_EQ(updated->client.custom_id, "CRM-7#x");
  EXPECT_TRUE(updated->client.is_test);
  EXPECT_EQ(updated->client.updated_at, kNow.PlusSeconds(5));

  ClientPatch bad;
  bad.status = "active";
  bad.name = std::optional<std::string>("should not stick");
  auto refused = accounts_.Update(reseller_, created->client.id, bad, kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.error().fields.contains("status"));
  EXPECT_FALSE(accounts_.Get(reseller_, created->client.id)->client.name);

  ClientPatch same;
  same.status = "preparation";  // unchanged read-only values are accepted
  EXPECT_TRUE(accounts_.Update(reseller_, created->client.id, same, kNow).ok());

  ClientPatch seller;
  seller.seller = std::optional<int64_t>(999);
  auto no_seller = accounts_.Update(reseller_, created->client.id, seller, kNow);
  ASSERT_FALSE(no_seller.ok());
  EXPECT_TRUE(no_seller.error().fields.contains("seller"));
}

TEST_F(AccountServiceTest, UpdateRefusesAnEmailTakenByAnotherAccount) {
  auto a = accounts_.Create(reseller_, Account("a@acme.example", "A"), kNow);
  auto b = accounts_.Create(reseller_, Account("b@acme.example", "B"), kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  ClientPatch p;
  p.email = "A@acme.example";
  auto refused = accounts_.Update(reseller_, b->client.id, p, kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.error().fields.contains("email"));
  ClientPatch own;
  own.email = "A@ACME.example";  // its own address in another case is fine
  EXPECT_TRUE(accounts_.Update(reseller_, a->client.id, own, kNow).ok());
}

class AccountListTest : public AccountServiceTest {
 protected:
  void SetUp() override {
    struct S {
      const char* email;
      const char* company;
      const char* name;
      bool test;
      int offset;
    };
    for (const S& s : {S{"anna@alpha.example", "Alpha Widgets", "Anna", false, 10},
                       S{"bob@beta.example", "beta Gadgets", "Bob", false, 20},
                       S{"carl@gamma.example", "Gamma Tools", "Carl", true, 30},
                       S{"dora@delta.example", "Delta_Works 100%", "Dora", false, 40}}) {
      auto r = Account(s.email, s.company);
      r.name = s.name;
      r.is_test = s.test;
      if (std::string(s.email) == "bob@beta.example") r.services = {{"CDN", true}};
      auto made = accounts_.Create(reseller_, r, kNow.PlusSeconds(s.offset));
      ASSERT_TRUE(made.ok()) << made.error().message;
      ids_.push_back(made->client.id);
    }
  }
  std::vector<std::string> Emails(const ClientQuery& q) {
    auto listing = accounts_.List(reseller_, q);
    EXPECT_TRUE(listing.ok());
    std::vector<std::string> out;
    for (const auto& v : listing->items) out.push_back(v.client.email);
    return out;
  }
  std::vector<ClientId> ids_;
};

TEST_F(AccountListTest, StreamHandsEveryMatchInOrderSliceBySlice) {
  // More accounts than one slice holds, so the slices' seams are crossed twice.
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) -> Status {
                  for (int i = 0; i < 1100; ++i) {
                    Client c;
                    c.org = reseller_.org;
                    c.email = "bulk" + std::to_string(i) + "@bulk.example";
                    c.company_name = "Bulk " + std::to_string(i % 7);
                    c.created_at = c.updated_at = kNow.PlusSeconds(i % 13);
                    TRY_STATUS(InsertAccount(tx, c, {}, kNow));
                  }
                  return Ok();
                }).ok());
  ClientQuery q;
  q.email_contains = "bulk";
  q.ordering = {{ClientOrderField::kCompanyName, true}, {ClientOrderField::kCreatedAt, false}};
  std::vector<ClientId> streamed;
  size_t slices = 0;
  bool products_loaded = true;
  ASSERT_TRUE(accounts_.Stream(reseller_, q, [&](const std::vector<ClientView>& slice) {
                 ++slices;
                 for (const auto& v : slice) {
                   streamed.push_back(v.client.id);
                   products_loaded = products_loaded && !v.services.empty();
                 }
                 return true;
               }).ok());
  EXPECT_EQ(slices, 3u);
  EXPECT_TRUE(products_loaded);
  q.limit = 2000;
  auto listing = accounts_.List(reseller_, q);
  ASSERT_TRUE(listing.ok());
  std::vector<ClientId> paged;
  for (const auto& v : listing->items) paged.push_back(v.client.id);
  EXPECT_EQ(streamed.size(), 1100u);
  EXPECT_EQ(streamed, paged);
  // A reader that goes away ends it after the first slice.
  slices = 0;
  EXPECT_TRUE(accounts_.Stream(reseller_, q, [&](const std::vector<ClientView>&) {
                 ++slices;
                 return false;
               }).ok());
  EXPECT_EQ(slices, 1u);
}

TEST_F(AccountListTest, HidesTestAccountsUnlessAsked) {
  ClientQuery q;
  q.reseller_account = false;
  EXPECT_EQ(Emails(q), (std::vector<std::string>{"anna@alpha.example", "bob@beta.example",
                                                 "dora@delta.example"}));
  q.is_test = FlagFilter::kOnlyTrue;
  EXPECT_EQ(Emails(q), std::vector<std::string>{"carl@gamma.example"});
  q.is_test = FlagFilter::kAll;
  EXPECT_EQ(Emails(q).size(), 4u);
}

TEST_F(AccountListTest, SubstringFiltersUseShortAndLongTerms) {
  ClientQuery q;
  q.company_contains = "GADGET";  // trigram index, case-insensitive
  EXPECT_EQ(Emails(q), std::vector<std::string>{"bob@beta.example"});
  q = {};
  q.name_contains = "an";  // two characters: LIKE fallback
  EXPECT_EQ(Emails(q), std::vector<std::string>{"anna@alpha.example"});
  q = {};
  q.company_contains = "_";  // wildcards are literal
  EXPECT_EQ(Emails(q), std::vector<std::string>{"dora@delta.example"});
  q = {};
  q.company_contains = "100%";
  EXPECT_EQ(Emails(q), std::vector<std::string>{"dora@delta.example"});
  q = {};
  q.email_contains = "\"quote";  // FTS syntax in the input is data, not syntax
  EXPECT_TRUE(Emails(q).empty());
}

TEST_F(AccountListTest, OrdersPagesAndCounts) {
  ClientQuery q;
  q.reseller_account = false;
  q.ordering = {{ClientOrderField::kCompanyName, true}};
  q.limit = 2;
  q.offset = 1;
  auto listing = accounts_.List(reseller_, q);
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(listing->count, 3);
  ASSERT_EQ(listing->items.size(), 2u);
  // Case-insensitive: Delta, beta, Alpha.
  EXPECT_EQ(listing->items[0].client.email, "bob@beta.example");
  EXPECT_EQ(listing->items[1].client.email, "anna@alpha.example");
}

TEST_F(AccountListTest, ProductStatusAvailabilityCreatedAndIds) {
  ClientQuery q;
  q.product_statuses = {{"CDN", {ProductStatus::kNew}}};
  EXPECT_EQ(Emails(q).size(), 4u);  // three customers + own account
  q.product_statuses = {{"CDN", {ProductStatus::kActive}}};
  EXPECT_TRUE(Emails(q).empty());
  q = {};
  q.personal_availability = {"CDN"};
  EXPECT_EQ(Emails(q), std::vector<std::string>{"bob@beta.example"});
  q = {};
  q.created_gte = kNow.PlusSeconds(15);
  q.created_lte = kNow.PlusSeconds(40);
  EXPECT_EQ(Emails(q), (std::vector<std::string>{"bob@beta.example", "dora@delta.example"}));
  q = {};
  q.ids = {ids_[0], ids_[3]};
  q.exclude_ids = {ids_[3]};
  EXPECT_EQ(Emails(q), std::vector<std::string>{"anna@alpha.example"});
  q = {};
  q.statuses = {AccountStatus::kActive};
  EXPECT_TRUE(Emails(q).empty());
}

}  // namespace
}  // namespace clientele
