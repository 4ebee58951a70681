// Conformance: AccountStore::ListClients (filters, substring search, ordering, pages).
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {

// ---------------------------------------------------------------------------------------------
// The account list

class StoreAccountListTest : public StoreConformanceTest {
 protected:
  void SetUp() override {
    StoreConformanceTest::SetUp();
    if (IsSkipped()) return;
    org = NewOrg("Lister");
    other = NewOrg("Other");
    NewClient(other, "zed@other.example", "Zed Other");
    auto add = [&](const char* email, const char* company, std::optional<std::string> name,
                   int day) {
      Client d = ClientDraft(org, email, company, kT0.PlusDays(day));
      d.name = std::move(name);
      return V(W([&](Tx& tx) { return tx.InsertClient(d); }));
    };
    bravo = add("bravo@corp.example", "bravo Ltd", "beth", 1);
    alpha = add("Alpha@corp.example", "Alpha 100% Inc", "Adam", 2);
    charlie = add("charlie@other.example", "Charlie_Co", std::nullopt, 3);
    delta = add("delta@corp.example", "DELTA", "Dora", 4);
    echo = add("echo@corp.example", "echo", "eve", 5);
    // Flags, seller, country, custom id, status.
    delta.is_test = true;
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(delta); }));
    echo.deleted = true;
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(echo); }));
    seller = NewUser(org, std::nullopt, "seller@lister.example", UserType::kSeller);
    alpha.seller = seller.id;
    alpha.country_code = "DE";
    alpha.custom_id = "CRM-0042";
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(alpha); }));
    bravo.custom_id = "crm-0007";
    bravo.country_code = "FR";
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(bravo); }));
    EXPECT_OK(
        W([&](Tx& tx) { return tx.SetClientStatus(org, bravo.id, AccountStatus::kTrial, kT0); }));
    for (const Client& c : {alpha, bravo, charlie, delta, echo}) AddServices(org, c.id);
    NewUser(org, charlie.id, "Person.One@People.example");
    User named = NewUser(org, bravo.id, "two@people.example");
    named.name = "Zoë Person";
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateUser(named); }));
  }

  OrgId org, other;
  Client alpha, bravo, charlie, delta, echo;
  User seller;
};

namespace {

TEST_P(StoreAccountListTest, DefaultListHidesTestAndDeletedAccountsOrderedById) {
  EXPECT_EQ(List(org, {}),
            (std::vector<int64_t>{bravo.id.value, alpha.id.value, charlie.id.value}));
  ClientQuery all;
  all.is_test = FlagFilter::kAll;
  all.deleted = FlagFilter::kAll;
  EXPECT_EQ(List(org, all).size(), 5u);
  ClientQuery only_test;
  only_test.is_test = FlagFilter::kOnlyTrue;
  EXPECT_EQ(List(org, only_test), (std::vector<int64_t>{delta.id.value}));
  ClientQuery only_deleted;
  only_deleted.deleted = FlagFilter::kOnlyTrue;
  EXPECT_EQ(List(org, only_deleted), (std::vector<int64_t>{echo.id.value}));
  ClientQuery nothing;
  nothing.match_nothing = true;
  nothing.limit = 10;
  auto page = V(R([&](Tx& tx) { return tx.ListClients(org, nothing); }));
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.count, 0);
}

TEST_P(StoreAccountListTest, FiltersOnColumns) {
  ClientQuery q;
  q.ids = {alpha.id, charlie.id, echo.id};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value, charlie.id.value}));
  q = {};
  q.exclude_ids = {alpha.id};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value, charlie.id.value}));
  q = {};
  q.statuses = {AccountStatus::kTrial, AccountStatus::kActive};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value}));
  q = {};
  q.filter_seller = true;
  q.seller = seller.id;
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.seller.reset();
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value, charlie.id.value}));
  q = {};
  q.filter_country = true;
  q.country_code = "DE";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.country_code.reset();
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q = {};
  q.created_gte = kT0.PlusDays(2);
  q.created_lte = kT0.PlusDays(3);
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value, charlie.id.value}));
  q = {};
  q.reseller_account = true;
  EXPECT_TRUE(List(org, q).empty());
  q.reseller_account = false;
  EXPECT_EQ(List(org, q).size(), 3u);
}

TEST_P(StoreAccountListTest, SubstringFiltersAreCaseInsensitiveAndTakeWildcardsLiterally) {
  ClientQuery q;
  q.email_contains = "CORP";  // three characters or more: the trigram index
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value, alpha.id.value}));
  q.email_contains = "Ha";  // shorter: a plain scan
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value, charlie.id.value}));
  q = {};
  q.company_contains = "100%";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.company_contains = "%";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.company_contains = "_";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q.company_contains = "e_c";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q.company_contains = "e\\c";
  EXPECT_TRUE(List(org, q).empty());
  q = {};
  q.name_contains = "AD";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.name_contains = "no such name";
  EXPECT_TRUE(List(org, q).empty());
  q = {};
  q.custom_id_contains = "CRM-00";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value, alpha.id.value}));
  q = {};
  q.users_email_contains = "PERSON.one";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q = {};
  q.users_name_contains = "zoë";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value}));
  q.users_name_contains = "PERSON";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value}));
  q = {};
  q.email_contains = "corp";
  q.company_contains = "alpha";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
}

TEST_P(StoreAccountListTest, FiltersOnProducts) {
  Service cdn = ServiceOf(org, alpha.id, "CDN");
  cdn.status = ProductStatus::kTrial;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(cdn); }));
  Service dns = ServiceOf(org, charlie.id, "DNS");
  dns.status = ProductStatus::kActive;
  dns.available = true;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(dns); }));
  ClientQuery q;
  q.product_statuses = {{"CDN", {ProductStatus::kTrial, ProductStatus::kActive}}};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.product_statuses = {{"CDN", {ProductStatus::kNew}}, {"DNS", {ProductStatus::kActive}}};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q = {};
  q.personal_availability = {"DNS"};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
}

TEST_P(StoreAccountListTest, OrderingNullsAndCaseInsensitiveColumns) {
  auto ordered = [&](ClientOrderField f, bool desc) {
    ClientQuery q;
    q.ordering = {{f, desc}};
    return List(org, q);
  };
  // Names: beth, Adam, (none) -> case-insensitive; NULL last ascending, first descending.
  EXPECT_EQ(ordered(ClientOrderField::kName, false),
            (std::vector<int64_t>{alpha.id.value, bravo.id.value, charlie.id.value}));
  EXPECT_EQ(ordered(ClientOrderField::kName, true),
            (std::vector<int64_t>{charlie.id.value, bravo.id.value, alpha.id.value}));
  // Companies: "bravo Ltd", "Alpha 100% Inc", "Charlie_Co".
  EXPECT_EQ(ordered(ClientOrderField::kCompanyName, false),
            (std::vector<int64_t>{alpha.id.value, bravo.id.value, charlie.id.value}));
  // E-mails are ordered by their lower-case key.
  EXPECT_EQ(ordered(ClientOrderField::kEmail, true),
            (std::vector<int64_t>{charlie.id.value, bravo.id.value, alpha.id.value}));
  // Custom ids compare byte-wise: "CRM-0042" < "crm-0007"; charlie has none.
  EXPECT_EQ(ordered(ClientOrderField::kCustomId, false),
            (std::vector<int64_t>{alpha.id.value, bravo.id.value, charlie.id.value}));
  EXPECT_EQ(ordered(ClientOrderField::kCustomId, true),
            (std::vector<int64_t>{charlie.id.value, bravo.id.value, alpha.id.value}));
  EXPECT_EQ(ordered(ClientOrderField::kCreatedAt, true),
            (std::vector<int64_t>{charlie.id.value, alpha.id.value, bravo.id.value}));
  // Ties fall back to id ascending: preparation (alpha, charlie) before trial (bravo).
  EXPECT_EQ(ordered(ClientOrderField::kStatus, false),
            (std::vector<int64_t>{alpha.id.value, charlie.id.value, bravo.id.value}));
  EXPECT_EQ(ordered(ClientOrderField::kId, true),
            (std::vector<int64_t>{charlie.id.value, alpha.id.value, bravo.id.value}));
}

TEST_P(StoreAccountListTest, PagesCarryTheExactCount) {
  ClientQuery q;
  q.is_test = FlagFilter::kAll;
  q.deleted = FlagFilter::kAll;
  q.limit = 2;
  auto first = V(R([&](Tx& tx) { return tx.ListClients(org, q); }));
  EXPECT_EQ(first.count, 5);
  EXPECT_EQ(IdsOf(first.items), (std::vector<int64_t>{bravo.id.value, alpha.id.value}));
  q.offset = 4;
  auto last = V(R([&](Tx& tx) { return tx.ListClients(org, q); }));
  EXPECT_EQ(last.count, 5);
  EXPECT_EQ(IdsOf(last.items), (std::vector<int64_t>{echo.id.value}));
  q.offset = 10;
  auto past = V(R([&](Tx& tx) { return tx.ListClients(org, q); }));
  EXPECT_EQ(past.count, 5);
  EXPECT_TRUE(past.items.empty());
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.ListClients(org, ClientQuery{}); })).count);
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, StoreAccountListTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace clientele::storage::conformance
