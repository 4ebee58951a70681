// Conformance: PeopleStore and SessionStore (users, sellers, sessions, tokens, links).
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

// ---------------------------------------------------------------------------------------------
// People, sessions, tokens

TEST_P(StoreConformanceTest, UsersInsertGetUpdateAndSignInLookup) {
  OrgId a = NewOrg("A");
  OrgId b = NewOrg("B");
  Client c = NewClient(a, "acc@example.com", "Acc");
  User u = NewUser(a, c.id, "Person@Example.com");
  EXPECT_EQ(u.email, "Person@Example.com");
  EXPECT_EQ(u.group, Group::kAdministrators);
  EXPECT_TRUE(u.activated);
  EXPECT_EQ(u.failed_logins, 0);
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.UserEmailTaken(a, "PERSON@example.com"); })));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.UserEmailTaken(b, "person@example.com"); })));
  User dup = u;
  dup.email = "person@EXAMPLE.com";
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.InsertUser(dup); })), ErrorCode::kAlreadyExists);
  NewUser(b, std::nullopt, "person@example.com", UserType::kSeller);
  auto found = V(R([&](Tx& tx) { return tx.FindUsersForSignIn("PERSON@example.COM"); }));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].id, u.id);
  EXPECT_EQ(found[1].type, UserType::kSeller);
  auto by_email = V(R([&](Tx& tx) { return tx.FindUserByEmail(a, "person@example.com"); }));
  ASSERT_TRUE(by_email);
  EXPECT_EQ(by_email->id, u.id);

  u.name = "Per Son";
  u.failed_logins = 3;
  u.locked_until = kT0.PlusSeconds(60);
  u.blocked = true;
  u.group = Group::kEngineers;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateUser(u); }));
  User got = V(R([&](Tx& tx) { return tx.GetUser(a, u.id); }));
  EXPECT_EQ(got.name, "Per Son");
  EXPECT_EQ(got.failed_logins, 3);
  EXPECT_EQ(got.locked_until, kT0.PlusSeconds(60));
  EXPECT_TRUE(got.blocked);
  EXPECT_EQ(got.group, Group::kEngineers);

  std::vector<ClientId> ids{c.id};
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListUsersOfClients(a, ids); })).size(), 1u);
  User seller = NewUser(a, std::nullopt, "seller@example.com", UserType::kSeller);
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.SellerExists(a, seller.id); })));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.SellerExists(a, u.id); })));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.SellerExists(b, seller.id); })));

  // Deleted people free their e-mail and do not sign in.
  got.deleted = true;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateUser(got); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.FindUsersForSignIn("person@example.com"); })).size(), 1u);
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.UserEmailTaken(a, "person@example.com"); })));
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListUsersOfClients(a, ids); })).empty());
}

TEST_P(StoreConformanceTest, RefreshAndWebSessions) {
  OrgId org = NewOrg();
  User u = NewUser(org, std::nullopt, "s@example.com", UserType::kSeller);
  RefreshSession r{SessionId{},     org, u.id, std::nullopt, std::string("h\0sh", 4),
                   kT0.PlusDays(1), {}};
  RefreshSession stored = V(W([&](Tx& tx) { return tx.InsertRefreshSession(r); }));
  RefreshSession found =
      V(R([&](Tx& tx) { return tx.FindRefreshSession(std::string("h\0sh", 4)); }));
  EXPECT_EQ(found.id, stored.id);
  EXPECT_EQ(found.user, u.id);
  EXPECT_FALSE(found.used_at);
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.FindRefreshSession("other"); })),
            ErrorCode::kNotFound);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.UseRefreshSession(org, stored.id, kT0); })));
  EXPECT_FALSE(V(W([&](Tx& tx) { return tx.UseRefreshSession(org, stored.id, kT0); })));
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.DeleteExpiredRefreshSessions(kT0.PlusDays(2)); })), 1);

  WebSession w;
  w.org = org;
  w.user = u.id;
  w.portal = Portal::kCustomer;
  w.token_hash = "token-hash";
  w.csrf_hash = "csrf-hash";
  w.created_at = kT0;
  w.expires_at = kT0.PlusDays(1);
  WebSession ws = V(W([&](Tx& tx) { return tx.InsertWebSession(w); }));
  WebSession got = V(R([&](Tx& tx) { return tx.FindWebSession("token-hash"); }));
  EXPECT_EQ(got.id, ws.id);
  EXPECT_EQ(got.portal, Portal::kCustomer);
  EXPECT_EQ(got.csrf_hash, "csrf-hash");
  EXPECT_EQ(got.last_seen_at, kT0);
  EXPECT_OK(
      W([&](Tx& tx) { return tx.ExtendWebSession(ws.id, kT0.PlusSeconds(5), kT0.PlusDays(3)); }));
  got = V(R([&](Tx& tx) { return tx.FindWebSession("token-hash"); }));
  EXPECT_EQ(got.expires_at, kT0.PlusDays(3));
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.DeleteExpiredWebSessions(kT0.PlusDays(2)); })), 0);
  EXPECT_OK(W([&](Tx& tx) { return tx.DeleteWebSession(ws.id); }));
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.FindWebSession("token-hash"); })),
            ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, ApiTokens) {
  OrgId a = NewOrg("A");
  OrgId b = NewOrg("B");
  Client c = NewClient(a, "t@example.com", "T");
  User u = NewUser(a, c.id, "tokens@example.com");
  ApiToken t;
  t.org = a;
  t.client = c.id;
  t.user = u.id;
  t.name = "ci";
  t.role = Group::kEngineers;
  t.secret_hash = std::string("\x01\x00\x02", 3);
  t.created_at = kT0;
  ApiToken stored = V(W([&](Tx& tx) { return tx.InsertApiToken(t); }));
  EXPECT_EQ(stored.user_email, "tokens@example.com");
  EXPECT_EQ(stored.secret_hash, std::string("\x01\x00\x02", 3));
  EXPECT_EQ(stored.role, Group::kEngineers);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.FindApiToken(stored.id); })).name, "ci");
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetApiToken(b, c.id, stored.id); })),
            ErrorCode::kNotFound);
  EXPECT_OK(W([&](Tx& tx) { return tx.TouchApiToken(stored.id, kT0.PlusSeconds(9)); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetApiToken(a, c.id, stored.id); })).last_used_at,
            kT0.PlusSeconds(9));
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.DeleteApiToken(b, c.id, stored.id); })),
            ErrorCode::kNotFound);
  EXPECT_OK(W([&](Tx& tx) { return tx.DeleteApiToken(a, c.id, stored.id); }));
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.DeleteApiToken(a, c.id, stored.id); })),
            ErrorCode::kNotFound);
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListApiTokens(a, c.id, false); })).empty());
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListApiTokens(a, c.id, true); })).size(), 1u);
}

TEST_P(StoreConformanceTest, OneTimeLinksAndSellers) {
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  User anna = NewUser(org, std::nullopt, "anna@example.com", UserType::kSeller);
  User bert = NewUser(org, std::nullopt, "Bert@example.com", UserType::kSeller);
  bert.name = "bert";
  bert.activated = false;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateUser(bert); }));
  anna.name = "Anna";
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateUser(anna); }));
  NewUser(other, std::nullopt, "zed@example.com", UserType::kSeller);
  Client c = NewClient(org, "acc@example.com", "Acc");
  c.seller = bert.id;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(c); }));

  Tx::SellerQuery q;
  auto page = V(R([&](Tx& tx) { return tx.ListSellers(org, q); }));
  EXPECT_EQ(page.count, 2);
  q.ordering = {{"full_name", true}};
  page = V(R([&](Tx& tx) { return tx.ListSellers(org, q); }));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, bert.id);  // case-insensitive: "bert" after "Anna"
  q = {};
  q.email_contains = "BERT";
  q.activated = false;
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListSellers(org, q); })).count, 1);
  q = {};
  q.limit = 1;
  q.offset = 1;
  page = V(R([&](Tx& tx) { return tx.ListSellers(org, q); }));
  EXPECT_EQ(page.count, 2);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, bert.id);
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.UnassignSeller(org, bert.id); })), 1);
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.GetClient(org, c.id); })).seller);

  OneTimeToken t{0, org, anna.id, LinkPurpose::kInvitation, "link-hash", kT0, kT0.PlusDays(1), {}};
  OneTimeToken stored = V(W([&](Tx& tx) { return tx.InsertOneTimeToken(t); }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.FindOneTimeToken("link-hash"); })).user, anna.id);
  EXPECT_EQ(CodeOf(R([](Tx& tx) { return tx.FindOneTimeToken("nope"); })), ErrorCode::kNotFound);
  EXPECT_OK(W([&](Tx& tx) {
    return tx.ExpireOneTimeTokens(org, anna.id, LinkPurpose::kPasswordReset, kT0);
  }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.FindOneTimeToken("link-hash"); })).expires_at,
            kT0.PlusDays(1));
  EXPECT_OK(W(
      [&](Tx& tx) { return tx.ExpireOneTimeTokens(org, anna.id, LinkPurpose::kInvitation, kT0); }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.FindOneTimeToken("link-hash"); })).expires_at, kT0);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.UseOneTimeToken(org, stored.id, kT0); })));
  EXPECT_FALSE(V(W([&](Tx& tx) { return tx.UseOneTimeToken(org, stored.id, kT0); })));
}

}  // namespace
}  // namespace clientele::storage::conformance
