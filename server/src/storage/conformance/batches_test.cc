// Conformance: the set-based reads and writes of the time-driven jobs (one statement per batch),
// and the per-organisation due work.
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

AccountStatusChange Change(ClientId client, std::optional<AccountStatus> from, AccountStatus to,
                           Timestamp at) {
  return {0, client, from, to, at};
}

TEST_P(StoreConformanceTest, BatchReadsAndWritesOfAccountsAndServices) {
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  Client a = NewClient(org, "a@example.com", "A");
  Client b = NewClient(org, "b@example.com", "B");
  Client theirs = NewClient(other, "c@example.com", "C");
  auto sa = AddServices(org, a.id);
  auto sb = AddServices(org, b.id);
  auto sc = AddServices(other, theirs.id);

  std::vector<ClientId> ids{b.id, a.id, theirs.id, ClientId{99999}};
  auto clients = V(R([&](Tx& tx) { return tx.GetClients(org, ids); }));
  EXPECT_EQ(IdsOf(clients), (std::vector<int64_t>{b.id.value, a.id.value}))
      << "in the order given; another organisation's and unknown ids are left out";
  EXPECT_EQ(clients[0].email, "b@example.com");
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.GetClients(org, {}); })).empty());

  auto states = V(R([&](Tx& tx) { return tx.ServiceStates(org, ids); }));
  EXPECT_EQ(states.size(), sa.size() + sb.size());
  for (const auto& st : states) {
    EXPECT_TRUE(st.client == a.id || st.client == b.id);
    EXPECT_EQ(st.status, ProductStatus::kNew);
  }

  // UpdateServices writes every field, like UpdateService, for all in one statement.
  Service x = sa[0], y = sb[1];
  x.status = ProductStatus::kTrialEnd;
  x.previous_status = ProductStatus::kTrial;
  x.status_changed_at = kT0;
  x.start = kT0.PlusDays(-14);
  x.trial_end = kT0;
  x.deleted_date = kT0.PlusDays(30);
  x.enabled = true;
  x.available = false;
  x.ends_soon_sent_for = kT0;
  y.status = ProductStatus::kActive;
  y.available = true;
  std::vector<Service> changed{x, y};
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateServices(org, changed); }));
  Service x2 = V(R([&](Tx& tx) { return tx.GetService(org, a.id, x.id); }));
  EXPECT_EQ(x2.status, ProductStatus::kTrialEnd);
  EXPECT_EQ(x2.previous_status, ProductStatus::kTrial);
  EXPECT_EQ(x2.status_changed_at, kT0);
  EXPECT_EQ(x2.start, kT0.PlusDays(-14));
  EXPECT_EQ(x2.trial_end, kT0);
  EXPECT_EQ(x2.deleted_date, kT0.PlusDays(30));
  EXPECT_TRUE(x2.enabled);
  EXPECT_EQ(x2.available, false);
  EXPECT_EQ(x2.ends_soon_sent_for, kT0);
  Service y2 = V(R([&](Tx& tx) { return tx.GetService(org, b.id, y.id); }));
  EXPECT_EQ(y2.status, ProductStatus::kActive);
  EXPECT_EQ(y2.available, true);
  EXPECT_FALSE(y2.previous_status);
  EXPECT_FALSE(y2.trial_end);
  // A service of another organisation: kNotFound, and the unit (rolled back) changed nothing.
  Service z = sc[0];
  z.status = ProductStatus::kActive;
  Service x3 = x;
  x3.status = ProductStatus::kPaused;
  std::vector<Service> mixed{x3, z};
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.UpdateServices(org, mixed); })), ErrorCode::kNotFound);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetService(org, a.id, x.id); })).status,
            ProductStatus::kTrialEnd);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetService(other, theirs.id, z.id); })).status,
            ProductStatus::kNew);
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateServices(org, {}); }));

  // Account statuses and their history, in sets.
  std::vector<AccountStatusChange> changes{
      Change(a.id, AccountStatus::kPreparation, AccountStatus::kTrialEnd, kT0.PlusSeconds(5)),
      Change(b.id, std::nullopt, AccountStatus::kActive, kT0.PlusSeconds(6))};
  EXPECT_OK(W([&](Tx& tx) -> Status {
    TRY_STATUS(tx.SetClientStatuses(org, changes));
    return tx.InsertStatusChanges(org, changes);
  }));
  Client a2 = V(R([&](Tx& tx) { return tx.GetClient(org, a.id); }));
  EXPECT_EQ(a2.status, AccountStatus::kTrialEnd);
  EXPECT_EQ(a2.updated_at, kT0.PlusSeconds(5));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetClient(org, b.id); })).status, AccountStatus::kActive);
  auto history = V(R([&](Tx& tx) { return tx.ListStatusChanges(org, {}); }));
  ASSERT_EQ(history.count, 2);
  EXPECT_EQ(history.items[0].client, b.id);  // newest first
  EXPECT_FALSE(history.items[0].old_status);
  EXPECT_EQ(history.items[1].old_status, AccountStatus::kPreparation);
  EXPECT_EQ(history.items[1].changed_at, kT0.PlusSeconds(5));
  std::vector<AccountStatusChange> foreign{
      Change(theirs.id, std::nullopt, AccountStatus::kActive, kT0)};
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.SetClientStatuses(org, foreign); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetClient(other, theirs.id); })).status,
            AccountStatus::kPreparation);
}

TEST_P(StoreConformanceTest, EmailsAreQueuedInSetsOncePerDedupeKey) {
  ASSERT_TRUE(crypto::Init());
  const std::string key = crypto::RandomBytes(crypto::kSecretKeyBytes);
  int committed = 0;
  db().SetOutboxHooks({key, [&] { ++committed; }});
  OrgId org = NewOrg();
  auto email = [&](const std::string& dedupe) {
    OutboxEmail e;
    e.org = org;
    e.kind = "trial_ended";
    e.dedupe_key = dedupe;
    e.to_address = "to@example.com";
    e.to_name = "Tö \"Quoted\" \\ Name";
    e.data = R"({"product_title":"CDN","lang":"de"})";
    e.next_attempt_at = kT0;
    e.created_at = kT0;
    return e;
  };
  std::vector<OutboxEmail> first{email("k1"), email("k2"), email("k1")};
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.EnqueueEmails(first); })), 2)
      << "a dedupe key twice in one set is queued once";
  EXPECT_EQ(committed, 1);
  std::vector<OutboxEmail> again{email("k2"), email("k3")};
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.EnqueueEmails(again); })), 1);
  std::vector<OutboxEmail> repeated{email("k3")};
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.EnqueueEmails(repeated); })), 0);
  EXPECT_EQ(committed, 2) << "nothing new queued: delivery is not woken";
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.EnqueueEmails({}); })), 0);

  auto listed = V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); }));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[2].dedupe_key, "k1");
  EXPECT_EQ(listed[2].to_name, "Tö \"Quoted\" \\ Name");
  EXPECT_EQ(listed[2].state, EmailState::kPending);
  EXPECT_EQ(listed[2].next_attempt_at, kT0);
  std::string data;
  ASSERT_TRUE(crypto::OpenText(key, listed[2].data, data)) << "sealed like EnqueueEmail's";
  EXPECT_EQ(data, R"({"product_title":"CDN","lang":"de"})");
}

TEST_P(StoreConformanceTest, DueWorkIsFoundPerOrganisation) {
  OrgId quiet = NewOrg("Quiet");
  OrgId busy = NewOrg("Busy");
  OrgId deleting = NewOrg("Deleting");
  Client q = NewClient(quiet, "q@example.com", "Q");
  Client c = NewClient(busy, "b@example.com", "B");
  Client d = NewClient(deleting, "d@example.com", "D");
  auto sq = AddServices(quiet, q.id);
  auto sc = AddServices(busy, c.id);
  auto sd = AddServices(deleting, d.id);
  auto set = [&](Service s, ProductStatus st, std::optional<Timestamp> trial_end,
                 std::optional<Timestamp> deleted_date) {
    s.status = st;
    s.trial_end = trial_end;
    s.deleted_date = deleted_date;
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
  };
  set(sq[0], ProductStatus::kTrial, kT0.PlusDays(10), std::nullopt);  // not due yet
  set(sc[0], ProductStatus::kTrial, kT0.PlusDays(1), std::nullopt);
  set(sd[0], ProductStatus::kPaused, std::nullopt, kT0.PlusDays(1));

  const Timestamp now = kT0.PlusDays(2);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.OrganisationsWithDueServices(now, now.PlusDays(3)); })),
            (std::vector<OrgId>{busy, deleting}));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.OrganisationsWithDueServices(now, now.PlusDays(9)); })),
            (std::vector<OrgId>{quiet, busy, deleting}))
      << "a trial ending by `soon` may be due its notice";
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.TrialsEnded(deleting, now, 10); })).empty());
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.TrialsEnded(busy, now, 10); })).size(), 1u);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.DeletionsDue(busy, now, 10); })).empty());
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.DeletionsDue(deleting, now, 10); })).size(), 1u);

  DeletionRequest r;
  r.org = busy;
  r.client = c.id;
  r.requested_at = kT0;
  r.due_at = kT0.PlusDays(1);
  V(W([&](Tx& tx) { return tx.InsertDeletionRequest(r); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.OrganisationsWithDeletionRequestsDue(now); })),
            (std::vector<OrgId>{busy}));
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.OrganisationsWithDeletionRequestsDue(kT0); })).empty());
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.DeletionRequestsDue(quiet, now, 10); })).empty());
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.DeletionRequestsDue(busy, now, 10); })).size(), 1u);
}

}  // namespace
}  // namespace clientele::storage::conformance
