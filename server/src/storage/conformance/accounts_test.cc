// Conformance: AccountStore (accounts, tenant scoping, error mapping, rollback).
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

// ---------------------------------------------------------------------------------------------
// Accounts

TEST_P(StoreConformanceTest, ClientInsertGetUpdateRoundTrip) {
  OrgId org = NewOrg();
  Client d = ClientDraft(org, "It@Acme.example", "Acme");
  d.name = "Anna";
  d.phone = "+49 1";
  d.website = "https://acme.example";
  d.custom_id = "ACME-1";
  d.lang = "de";
  d.country_code = "DE";
  d.is_test = true;
  d.status = AccountStatus::kTrial;
  Client c = V(W([&](Tx& tx) { return tx.InsertClient(d); }));
  EXPECT_GT(c.id.value, 0);
  Client got = V(R([&](Tx& tx) { return tx.GetClient(org, c.id); }));
  EXPECT_EQ(got.email, "It@Acme.example");
  EXPECT_EQ(got.name, "Anna");
  EXPECT_EQ(got.phone, "+49 1");
  EXPECT_EQ(got.website, "https://acme.example");
  EXPECT_EQ(got.custom_id, "ACME-1");
  EXPECT_EQ(got.lang, "de");
  EXPECT_EQ(got.country_code, "DE");
  EXPECT_TRUE(got.is_test);
  EXPECT_FALSE(got.is_reseller_account);
  EXPECT_FALSE(got.deleted);
  EXPECT_EQ(got.status, AccountStatus::kTrial);
  EXPECT_EQ(got.created_at, kT0);
  EXPECT_FALSE(got.deleted_at);
  EXPECT_FALSE(got.days_to_deleted);

  got.name.reset();
  got.company_name = "Acme GmbH";
  got.deleted = true;
  got.deleted_at = kT0.PlusDays(1);
  got.updated_at = kT0.PlusDays(1);
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(got); }));
  Client again = V(R([&](Tx& tx) { return tx.GetClient(org, c.id); }));
  EXPECT_FALSE(again.name);
  EXPECT_EQ(again.company_name, "Acme GmbH");
  EXPECT_TRUE(again.deleted);
  EXPECT_EQ(again.deleted_at, kT0.PlusDays(1));

  EXPECT_OK(W([&](Tx& tx) { return tx.SetClientStatus(org, c.id, AccountStatus::kActive, kT0); }));
  EXPECT_OK(W([&](Tx& tx) { return tx.SetClientDaysToDeleted(org, c.id, 3); }));
  again = V(R([&](Tx& tx) { return tx.GetClient(org, c.id); }));
  EXPECT_EQ(again.status, AccountStatus::kActive);
  EXPECT_EQ(again.days_to_deleted, 3);
  EXPECT_OK(W([&](Tx& tx) { return tx.SetClientDaysToDeleted(org, c.id, std::nullopt); }));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.GetClient(org, c.id); })).days_to_deleted);
}

TEST_P(StoreConformanceTest, AnotherOrganisationsIdsAreNotFound) {
  OrgId a = NewOrg("A");
  OrgId b = NewOrg("B");
  Client c = NewClient(a, "x@a.example", "A");
  AddServices(a, c.id);
  Service cdn = ServiceOf(a, c.id, "CDN");
  User u = NewUser(a, c.id, "u@a.example");
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetClient(b, c.id); })), ErrorCode::kNotFound);
  Client moved = c;
  moved.org = b;
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.UpdateClient(moved); })), ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(W([&](Tx& tx) { return tx.SetClientStatus(b, c.id, AccountStatus::kActive, kT0); })),
      ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetService(b, c.id, cdn.id); })),
            ErrorCode::kNotFound);
  Service other = cdn;
  other.org = b;
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.UpdateService(other); })), ErrorCode::kNotFound);
  std::vector<ClientId> ids{c.id};
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListServices(b, ids); })).empty());
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetUser(b, u.id); })), ErrorCode::kNotFound);
  User moved_user = u;
  moved_user.org = b;
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.UpdateUser(moved_user); })), ErrorCode::kNotFound);
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListUsersOfClients(b, ids); })).empty());
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListClients(b, ClientQuery{}); })).items.empty());
}

TEST_P(StoreConformanceTest, LiveEmailsAreUniquePerOrganisationCaseInsensitively) {
  OrgId a = NewOrg("A");
  OrgId b = NewOrg("B");
  Client first = NewClient(a, "Same@Example.com", "First");
  EXPECT_TRUE(
      V(R([&](Tx& tx) { return tx.ClientEmailTaken(a, "same@example.COM", std::nullopt); })));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.ClientEmailTaken(a, "same@example.com", first.id); })));
  EXPECT_FALSE(
      V(R([&](Tx& tx) { return tx.ClientEmailTaken(b, "same@example.com", std::nullopt); })));
  EXPECT_EQ(CodeOf(W([&](Tx& tx) {
              return tx.InsertClient(ClientDraft(a, "SAME@example.com", "Second"));
            })),
            ErrorCode::kAlreadyExists);
  // Another organisation may use it; a deleted account frees it.
  NewClient(b, "same@example.com", "Elsewhere");
  first.deleted = true;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(first); }));
  EXPECT_FALSE(
      V(R([&](Tx& tx) { return tx.ClientEmailTaken(a, "same@example.com", std::nullopt); })));
  NewClient(a, "same@example.com", "Third");
  // Changing an account's e-mail to a taken one is refused too.
  Client other = NewClient(a, "other@example.com", "Other");
  other.email = "SAME@EXAMPLE.COM";
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.UpdateClient(other); })), ErrorCode::kAlreadyExists);
}

TEST_P(StoreConformanceTest, AReferenceToAMissingRowIsAFailedPrecondition) {
  EXPECT_EQ(CodeOf(W([](Tx& tx) {
              return tx.InsertClient(ClientDraft(OrgId{424242}, "x@y.example", "Nobody"));
            })),
            ErrorCode::kFailedPrecondition);
  OrgId org = NewOrg();
  Client c = NewClient(org, "x@y.example", "X");
  Service bogus;
  bogus.org = org;
  bogus.client = c.id;
  bogus.product = "NO_SUCH_PRODUCT";
  std::vector<Service> one{bogus};
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.InsertServices(org, c.id, one); })),
            ErrorCode::kFailedPrecondition);
}

TEST_P(StoreConformanceTest, AFailedUnitOfWorkRollsBackWhole) {
  OrgId org = NewOrg();
  Status st = db().Write([&](Tx& tx) -> Status {
    TRY(Client c, tx.InsertClient(ClientDraft(org, "gone@example.com", "Gone")));
    (void)c;
    return MakeError(ErrorCode::kFailedPrecondition, "changed my mind");
  });
  EXPECT_EQ(CodeOf(st), ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(
      V(R([&](Tx& tx) { return tx.ClientEmailTaken(org, "gone@example.com", std::nullopt); })));
  // A unit that hits a constraint is rolled back too, including what it did before.
  st = db().Write([&](Tx& tx) -> Status {
    TRY(Client c, tx.InsertClient(ClientDraft(org, "kept@example.com", "Kept")));
    (void)c;
    TRY(Client d, tx.InsertClient(ClientDraft(org, "KEPT@example.com", "Dup")));
    (void)d;
    return Ok();
  });
  EXPECT_EQ(CodeOf(st), ErrorCode::kAlreadyExists);
  EXPECT_FALSE(
      V(R([&](Tx& tx) { return tx.ClientEmailTaken(org, "kept@example.com", std::nullopt); })));
}

}  // namespace
}  // namespace clientele::storage::conformance
