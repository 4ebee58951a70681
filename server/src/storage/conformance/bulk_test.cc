// Conformance: the bulk writes and look-ups of imports (InsertClients, ClientEmailsInUse,
// InsertStatusChanges, InsertServiceRows, UserEmailsInUse, InsertUsers). PostgreSQL streams the
// rows with COPY, so text that COPY escapes is part of the round trip.
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

TEST_P(StoreConformanceTest, BulkClientsRoundTripWithTheirIdsInOrder) {
  OrgId org = NewOrg();
  Client before = NewClient(org, "first@x.example", "First");
  std::vector<Client> drafts;
  Client a = ClientDraft(org, "Anna@X.example", "Tab\there, back\\slash\nnew line \"quoted\"");
  a.name = "Ünïcödé 名前";
  a.phone = "+49 30 1";
  a.custom_id = "C-1";
  a.seller = UserId{77};
  a.lang = "de";
  a.is_test = true;
  a.status = AccountStatus::kTrial;
  a.updated_at = kT0.PlusDays(3);
  drafts.push_back(a);
  Client b = ClientDraft(org, "gone@x.example", "Gone", kT0.PlusSeconds(-3600));
  b.deleted = true;
  b.deleted_at = kT0.PlusDays(2);
  b.status = AccountStatus::kDeleted;
  b.org = OrgId{org.value + 999};  // ignored: `org` decides
  drafts.push_back(b);
  drafts.push_back(ClientDraft(org, "plain@x.example", "Plain"));

  auto ids = V(W([&](Tx& tx) { return tx.InsertClients(org, drafts); }));
  ASSERT_EQ(ids.size(), 3u);
  std::set<int64_t> distinct{before.id.value};
  for (auto id : ids) distinct.insert(id.value);
  EXPECT_EQ(distinct.size(), 4u);

  Client got = V(R([&](Tx& tx) { return tx.GetClient(org, ids[0]); }));
  EXPECT_EQ(got.email, "Anna@X.example");
  EXPECT_EQ(got.company_name, "Tab\there, back\\slash\nnew line \"quoted\"");
  EXPECT_EQ(got.name, "Ünïcödé 名前");
  EXPECT_EQ(got.phone, "+49 30 1");
  EXPECT_EQ(got.custom_id, "C-1");
  EXPECT_EQ(got.seller, UserId{77});
  EXPECT_EQ(got.lang, "de");
  EXPECT_FALSE(got.website);
  EXPECT_FALSE(got.country_code);
  EXPECT_TRUE(got.is_test);
  EXPECT_FALSE(got.deleted);
  EXPECT_EQ(got.status, AccountStatus::kTrial);
  EXPECT_EQ(got.created_at, kT0);
  EXPECT_EQ(got.updated_at, kT0.PlusDays(3));
  EXPECT_FALSE(got.deleted_at);
  EXPECT_FALSE(got.owner);
  Client gone = V(R([&](Tx& tx) { return tx.GetClient(org, ids[1]); }));
  EXPECT_TRUE(gone.deleted);
  EXPECT_EQ(gone.deleted_at, kT0.PlusDays(2));
  EXPECT_EQ(gone.created_at, kT0.PlusSeconds(-3600));
  EXPECT_EQ(gone.org, org);

  // Stored as the single insert stores them: the e-mail key, the list and its text search.
  EXPECT_TRUE(
      V(R([&](Tx& tx) { return tx.ClientEmailTaken(org, "anna@x.EXAMPLE", std::nullopt); })));
  ClientQuery q;
  q.is_test = FlagFilter::kAll;
  q.email_contains = "anna@x";
  EXPECT_EQ(List(org, q), std::vector<int64_t>{ids[0].value});
  q.email_contains.reset();
  q.company_contains = "back\\slash";
  EXPECT_EQ(List(org, q), std::vector<int64_t>{ids[0].value});

  // Later inserts, one or many, get new ids.
  Client after = NewClient(org, "after@x.example", "After");
  EXPECT_FALSE(distinct.contains(after.id.value));
  auto more = V(W([&](Tx& tx) {
    std::vector<Client> one{ClientDraft(org, "more@x.example", "More")};
    return tx.InsertClients(org, one);
  }));
  ASSERT_EQ(more.size(), 1u);
  EXPECT_FALSE(distinct.contains(more[0].value));
  EXPECT_NE(more[0], after.id);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.InsertClients(org, std::vector<Client>{}); })).empty());
}

TEST_P(StoreConformanceTest, ManyBulkRowsKeepTheirOrderAndValues) {
  // More rows than one statement takes (SQLite splits them into statements of 2^k rows).
  OrgId org = NewOrg();
  std::vector<Client> drafts;
  for (int i = 0; i < 1503; ++i) {
    Client c = ClientDraft(org, "c" + std::to_string(i) + "@x.example", "Co " + std::to_string(i));
    c.custom_id = std::to_string(i);
    drafts.push_back(c);
  }
  auto ids = V(W([&](Tx& tx) { return tx.InsertClients(org, drafts); }));
  ASSERT_EQ(ids.size(), drafts.size());
  std::vector<Service> services;
  for (size_t i = 0; i < ids.size(); ++i) {
    Service s;
    s.client = ids[i];
    s.product = "CDN";
    s.status = i % 2 ? ProductStatus::kActive : ProductStatus::kTrial;
    services.push_back(s);
  }
  EXPECT_OK(W([&](Tx& tx) { return tx.InsertServiceRows(org, services); }));
  for (size_t i : {size_t{0}, size_t{1023}, size_t{1024}, size_t{1500}, size_t{1502}}) {
    Client got = V(R([&](Tx& tx) { return tx.GetClient(org, ids[i]); }));
    EXPECT_EQ(got.email, drafts[i].email);
    EXPECT_EQ(got.custom_id, std::to_string(i));
    EXPECT_EQ(ServiceOf(org, ids[i], "CDN").status,
              i % 2 ? ProductStatus::kActive : ProductStatus::kTrial);
  }
  ClientQuery q;
  q.limit = 1;
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListClients(org, q); })).count, 1503);
}

TEST_P(StoreConformanceTest, BulkClientsWithALiveEmailTakenFailWhole) {
  OrgId org = NewOrg();
  NewClient(org, "taken@x.example", "Taken");
  std::vector<Client> drafts{ClientDraft(org, "fresh@x.example", "Fresh"),
                             ClientDraft(org, "TAKEN@x.example", "Again")};
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.InsertClients(org, drafts); })),
            ErrorCode::kAlreadyExists);
  EXPECT_FALSE(V(R([&](Tx& tx) {
    return tx.ClientEmailTaken(org, "fresh@x.example", std::nullopt);
  }))) << "nothing of the unit is kept";
}

TEST_P(StoreConformanceTest, EmailsInUseAreFoundInBulkPerOrganisation) {
  OrgId a = NewOrg("A");
  OrgId b = NewOrg("B");
  Client live = NewClient(a, "Live@x.example", "Live");
  Client gone = NewClient(a, "gone@x.example", "Gone");
  gone.deleted = true;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(gone); }));
  NewClient(a, "GONE@x.example", "Back");  // live and deleted: the key is found once
  NewClient(b, "other@x.example", "Other");
  NewUser(a, live.id, "person@x.example");
  User left = NewUser(a, std::nullopt, "left@x.example", UserType::kSeller);
  left.deleted = true;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateUser(left); }));
  NewUser(b, std::nullopt, "seller-b@x.example", UserType::kSeller);

  // More keys than one statement takes on SQLite.
  std::vector<std::string> emails;
  for (int i = 0; i < 10'500; ++i) emails.push_back("nobody" + std::to_string(i) + "@x.example");
  for (const char* e : {"LIVE@x.example", "Gone@X.example", "other@x.example", "person@x.example",
                        "left@x.example", "seller-b@x.example"})
    emails.push_back(e);
  auto accounts = V(R([&](Tx& tx) { return tx.ClientEmailsInUse(a, emails); }));
  std::sort(accounts.begin(), accounts.end());
  EXPECT_EQ(accounts, (std::vector<std::string>{"gone@x.example", "live@x.example"}));
  auto people = V(R([&](Tx& tx) { return tx.UserEmailsInUse(a, emails); }));
  EXPECT_EQ(people, std::vector<std::string>{"person@x.example"}) << "live people of A only";
  EXPECT_TRUE(
      V(R([&](Tx& tx) { return tx.ClientEmailsInUse(a, std::vector<std::string>{}); })).empty());
}

TEST_P(StoreConformanceTest, BulkServicesAndStatusChangesRoundTrip) {
  OrgId org = NewOrg();
  Client c1 = NewClient(org, "one@x.example", "One");
  Client c2 = NewClient(org, "two@x.example", "Two");
  std::vector<Service> services;
  for (const auto& p : V(R([&](Tx& tx) { return tx.ListProducts(); }))) {
    for (const Client* c : {&c1, &c2}) {
      Service s;
      s.client = c->id;
      s.product = p.name;
      services.push_back(s);
    }
  }
  Service& trial = services[0];  // CDN of c1
  trial.status = ProductStatus::kTrial;
  trial.previous_status = ProductStatus::kNew;
  trial.status_changed_at = kT0;
  trial.start = kT0;
  trial.trial_end = kT0.PlusDays(14);
  trial.enabled = true;
  trial.available = true;
  Service& paused = services[3];  // STORAGE of c2
  paused.status = ProductStatus::kPaused;
  paused.deleted_date = kT0.PlusDays(30);
  paused.available = false;
  EXPECT_OK(W([&](Tx& tx) { return tx.InsertServiceRows(org, services); }));

  std::vector<ClientId> ids{c1.id, c2.id};
  auto stored = V(R([&](Tx& tx) { return tx.ListServices(org, ids); }));
  ASSERT_EQ(stored.size(), services.size());
  Service cdn = ServiceOf(org, c1.id, "CDN");
  EXPECT_EQ(cdn.org, org);
  EXPECT_EQ(cdn.status, ProductStatus::kTrial);
  EXPECT_EQ(cdn.previous_status, ProductStatus::kNew);
  EXPECT_EQ(cdn.status_changed_at, kT0);
  EXPECT_EQ(cdn.start, kT0);
  EXPECT_EQ(cdn.trial_end, kT0.PlusDays(14));
  EXPECT_FALSE(cdn.deleted_date);
  EXPECT_TRUE(cdn.enabled);
  EXPECT_EQ(cdn.available, true);
  Service storage = ServiceOf(org, c2.id, "STORAGE");
  EXPECT_EQ(storage.status, ProductStatus::kPaused);
  EXPECT_FALSE(storage.previous_status);
  EXPECT_EQ(storage.deleted_date, kT0.PlusDays(30));
  EXPECT_FALSE(storage.enabled);
  EXPECT_EQ(storage.available, false);
  Service dns = ServiceOf(org, c1.id, "DNS");
  EXPECT_EQ(dns.status, ProductStatus::kNew);
  EXPECT_FALSE(dns.available);
  EXPECT_FALSE(dns.start);
  // The time-driven work finds them like any other.
  auto ended = V(W([&](Tx& tx) { return tx.TrialsEnded(org, kT0.PlusDays(15), 10); }));
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].id, cdn.id);

  std::vector<AccountStatusChange> changes{
      {0, c1.id, std::nullopt, AccountStatus::kTrial, kT0},
      {0, c2.id, AccountStatus::kTrial, AccountStatus::kTrialEnd, kT0.PlusSeconds(1)}};
  EXPECT_OK(W([&](Tx& tx) { return tx.InsertStatusChanges(org, changes); }));
  StatusChangeQuery q;
  auto page = V(R([&](Tx& tx) { return tx.ListStatusChanges(org, q); }));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].client, c2.id);  // newest first
  EXPECT_EQ(page.items[0].old_status, AccountStatus::kTrial);
  EXPECT_EQ(page.items[0].new_status, AccountStatus::kTrialEnd);
  EXPECT_EQ(page.items[0].changed_at, kT0.PlusSeconds(1));
  EXPECT_EQ(page.items[1].client, c1.id);
  EXPECT_FALSE(page.items[1].old_status);
}

// PostgreSQL checks the product of a service with a CHECK against the catalogue instead of a
// foreign key (migration 0015); SQLite with its foreign key. Either way the unit fails whole.
TEST_P(StoreConformanceTest, BulkServicesOfAnUnknownProductFailWhole) {
  OrgId org = NewOrg();
  Client c = NewClient(org, "one@x.example", "One");
  std::vector<Service> services(2);
  services[0].client = c.id;
  services[0].product = "CDN";
  services[1].client = c.id;
  services[1].product = "NO_SUCH_PRODUCT";
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.InsertServiceRows(org, services); })),
            ErrorCode::kFailedPrecondition);
  std::vector<ClientId> ids{c.id};
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListServices(org, ids); })).empty());
}

TEST_P(StoreConformanceTest, BulkUsersRoundTripAndKeepEmailsUnique) {
  OrgId org = NewOrg();
  Client c = NewClient(org, "acc@x.example", "Acc");
  User invited;
  invited.client = c.id;
  invited.email = "Invited@X.example";
  invited.name = "In Vited";
  invited.phone = "+1 2";
  invited.lang = "zh";
  invited.type = UserType::kCommon;
  invited.group = Group::kAdministrators;
  invited.created_at = kT0;
  invited.org = OrgId{org.value + 5};  // ignored
  std::vector<User> drafts{invited};
  EXPECT_OK(W([&](Tx& tx) { return tx.InsertUsers(org, drafts); }));
  auto found = V(R([&](Tx& tx) { return tx.FindUserByEmail(org, "invited@x.example"); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->org, org);
  EXPECT_EQ(found->client, c.id);
  EXPECT_EQ(found->email, "Invited@X.example");
  EXPECT_EQ(found->name, "In Vited");
  EXPECT_EQ(found->phone, "+1 2");
  EXPECT_EQ(found->lang, "zh");
  EXPECT_EQ(found->type, UserType::kCommon);
  EXPECT_EQ(found->group, Group::kAdministrators);
  EXPECT_TRUE(found->password_hash.empty());
  EXPECT_FALSE(found->activated);
  EXPECT_FALSE(found->blocked);
  EXPECT_FALSE(found->deleted);
  EXPECT_EQ(found->created_at, kT0);
  EXPECT_FALSE(found->invited_at);
  std::vector<ClientId> ids{c.id};
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListUsersOfClients(org, ids); })).size(), 1u);

  invited.email = "INVITED@x.example";
  std::vector<User> again{invited};
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.InsertUsers(org, again); })),
            ErrorCode::kAlreadyExists);
  EXPECT_OK(W([&](Tx& tx) { return tx.InsertUsers(org, std::vector<User>{}); }));
}

}  // namespace
}  // namespace clientele::storage::conformance
