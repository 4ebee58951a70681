// Conformance: ServiceStore and ProductStore (services, visibility, counts, due work).
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

// ---------------------------------------------------------------------------------------------
// Products

TEST_P(StoreConformanceTest, ServicesVisibilityAndCounts) {
  OrgId org = NewOrg();
  Client a = NewClient(org, "a@example.com", "A");
  Client b = NewClient(org, "b@example.com", "B");
  auto services = AddServices(org, a.id);
  AddServices(org, b.id);
  ASSERT_EQ(services.size(), 6u);
  EXPECT_EQ(services[0].product, "CDN");
  EXPECT_EQ(services[5].product, "CLOUD");
  std::vector<ClientId> both{b.id, a.id};
  auto listed = V(R([&](Tx& tx) { return tx.ListServices(org, both); }));
  ASSERT_EQ(listed.size(), 12u);
  EXPECT_EQ(listed[0].client, a.id);  // by account, then catalog position
  EXPECT_EQ(listed[6].client, b.id);
  EXPECT_EQ(listed[7].product, "STORAGE");

  Service s = services[1];
  s.status = ProductStatus::kTrial;
  s.previous_status = ProductStatus::kNew;
  s.status_changed_at = kT0;
  s.start = kT0;
  s.trial_end = kT0.PlusDays(14);
  s.enabled = true;
  s.available = false;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
  Service got = V(R([&](Tx& tx) { return tx.GetService(org, a.id, s.id); }));
  EXPECT_EQ(got.status, ProductStatus::kTrial);
  EXPECT_EQ(got.previous_status, ProductStatus::kNew);
  EXPECT_EQ(got.trial_end, kT0.PlusDays(14));
  EXPECT_TRUE(got.enabled);
  EXPECT_EQ(got.available, false);
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetService(org, b.id, s.id); })),
            ErrorCode::kNotFound);

  Service bs = ServiceOf(org, b.id, "STORAGE");
  bs.status = ProductStatus::kTrial;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(bs); }));
  std::vector<ProductStatus> st{ProductStatus::kTrial, ProductStatus::kActive};
  auto counts = V(R([&](Tx& tx) { return tx.CountServices(org, "STORAGE", st, std::nullopt); }));
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].status, ProductStatus::kTrial);
  EXPECT_EQ(counts[0].count, 2);
  counts = V(R([&](Tx& tx) { return tx.CountServices(org, "STORAGE", st, false); }));
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].count, 1);  // b inherits; a has a personal value
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.CountServices(org, "STORAGE", st, true); })).empty());

  EXPECT_EQ(V(W([&](Tx& tx) { return tx.ClearPersonalVisibility(org, "STORAGE"); })), 1);
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.ClearPersonalVisibility(org, "STORAGE"); })), 0);
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.GetService(org, a.id, s.id); })).available);

  auto defaults = V(R([&](Tx& tx) { return tx.DefaultVisibility(org); }));
  ASSERT_EQ(defaults.size(), 6u);
  EXPECT_EQ(defaults[0], (std::pair<std::string, bool>{"CDN", true}));
  EXPECT_OK(W([&](Tx& tx) { return tx.SetDefaultVisibility(org, "DNS", false); }));
  EXPECT_OK(W([&](Tx& tx) { return tx.SetDefaultVisibility(org, "CDN", false); }));
  EXPECT_OK(W([&](Tx& tx) { return tx.SetDefaultVisibility(org, "CDN", true); }));
  defaults = V(R([&](Tx& tx) { return tx.DefaultVisibility(org); }));
  EXPECT_EQ(defaults[0], (std::pair<std::string, bool>{"CDN", true}));
  EXPECT_EQ(defaults[3], (std::pair<std::string, bool>{"DNS", false}));
  OrgId other = NewOrg("Other");
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.DefaultVisibility(other); }))[3].second);
}

TEST_P(StoreConformanceTest, DueWorkQueries) {
  OrgId org = NewOrg();
  Client c = NewClient(org, "due@example.com", "Due");
  auto services = AddServices(org, c.id);
  auto set = [&](size_t i, ProductStatus st, std::optional<Timestamp> trial_end,
                 std::optional<Timestamp> deleted_date) {
    Service s = services[i];
    s.status = st;
    s.trial_end = trial_end;
    s.deleted_date = deleted_date;
    s.status_changed_at = kT0;
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
    services[i] = s;
  };
  set(0, ProductStatus::kTrial, kT0.PlusDays(2), std::nullopt);
  set(1, ProductStatus::kTrial, kT0.PlusDays(1), std::nullopt);
  set(2, ProductStatus::kTrial, kT0.PlusDays(10), std::nullopt);
  set(3, ProductStatus::kTrialEnd, std::nullopt, kT0.PlusDays(3));
  set(4, ProductStatus::kPaused, std::nullopt, kT0.PlusDays(1));
  set(5, ProductStatus::kActive, std::nullopt, kT0);  // active: never deleted by time

  auto ended = V(W([&](Tx& tx) { return tx.TrialsEnded(org, kT0.PlusDays(5), 10); }));
  ASSERT_EQ(ended.size(), 2u);
  EXPECT_EQ(ended[0].id, services[1].id);  // earliest trial end first
  EXPECT_EQ(ended[1].id, services[0].id);
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.TrialsEnded(org, kT0.PlusDays(5), 1); })).size(), 1u);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.TrialsEnded(org, kT0, 10); })).empty());

  auto ending_soon = [&](Timestamp now) {
    return V(W([&](Tx& tx) { return tx.TrialsEndingSoon(org, now, kT0.PlusDays(10), 10); }));
  };
  auto soon = ending_soon(kT0);
  EXPECT_EQ(soon.size(), 3u);
  Service noticed = services[2];
  noticed.ends_soon_sent_for = noticed.trial_end;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(noticed); }));
  soon = ending_soon(kT0);
  EXPECT_EQ(soon.size(), 2u);
  // A new trial end gets its own notice.
  noticed.trial_end = kT0.PlusDays(9);
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(noticed); }));
  EXPECT_EQ(ending_soon(kT0).size(), 3u);
  // A trial that has ended by `now` is due to end, not for a notice.
  soon = ending_soon(kT0.PlusDays(1));
  ASSERT_EQ(soon.size(), 2u);
  EXPECT_EQ(soon[0].id, services[0].id);
  EXPECT_EQ(soon[1].id, services[2].id);

  auto deletions = V(W([&](Tx& tx) { return tx.DeletionsDue(org, kT0.PlusDays(5), 10); }));
  ASSERT_EQ(deletions.size(), 2u);
  EXPECT_EQ(deletions[0].id, services[4].id);
  EXPECT_EQ(deletions[1].id, services[3].id);

  // Rescheduling: deleted_date = status_changed_at + days, for trialend and paused only.
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.RescheduleDeletions(org, std::nullopt, 7); })), 2);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetService(org, c.id, services[3].id); })).deleted_date,
            kT0.PlusDays(7));
  EXPECT_OK(W([&](Tx& tx) { return tx.SetClientDaysToDeleted(org, c.id, 2); }));
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.RescheduleDeletions(org, std::nullopt, 9); })), 0);
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.RescheduleDeletions(org, c.id, 2); })), 2);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetService(org, c.id, services[4].id); })).deleted_date,
            kT0.PlusDays(2));
}

// Issue 16: what comes next, read only, and one account's trial length.
TEST_P(StoreConformanceTest, UpcomingDueWorkAndTrialLength) {
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  Client c = NewClient(org, "up@example.com", "Up");
  Client d = NewClient(org, "down@example.com", "Down");
  Client theirs = NewClient(other, "theirs@example.com", "Theirs");
  auto services = AddServices(org, c.id);
  auto others = AddServices(org, d.id);
  auto foreign = AddServices(other, theirs.id);
  auto set = [&](Service s, ProductStatus st, std::optional<Timestamp> trial_end,
                 std::optional<Timestamp> deleted_date) {
    s.status = st;
    s.start = kT0;
    s.trial_end = trial_end;
    s.deleted_date = deleted_date;
    s.status_changed_at = kT0;
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
    return s;
  };
  set(services[0], ProductStatus::kTrial, kT0.PlusDays(3), std::nullopt);
  set(services[1], ProductStatus::kTrial, kT0.PlusDays(-1), std::nullopt);  // overdue
  set(services[2], ProductStatus::kTrial, kT0.PlusDays(20), std::nullopt);
  set(services[3], ProductStatus::kPaused, std::nullopt, kT0.PlusDays(2));
  set(others[0], ProductStatus::kTrial, kT0.PlusDays(2), std::nullopt);
  set(others[1], ProductStatus::kActive, std::nullopt, kT0.PlusDays(1));
  set(foreign[0], ProductStatus::kTrial, kT0.PlusDays(1), std::nullopt);

  auto ids = [](const std::vector<Service>& list) {
    std::vector<int64_t> out;
    for (const auto& s : list) out.push_back(s.id.value);
    return out;
  };
  auto trials = V(R([&](Tx& tx) {
    return tx.UpcomingTrialEnds(org, kT0.PlusDays(7), std::nullopt, 10);
  }));
  EXPECT_EQ(ids(trials), (std::vector<int64_t>{services[1].id.value, others[0].id.value,
                                                services[0].id.value}));
  EXPECT_EQ(V(R([&](Tx& tx) {
              return tx.UpcomingTrialEnds(org, kT0.PlusDays(7), std::nullopt, 2);
            })).size(),
            2u);
  auto deletions = V(R([&](Tx& tx) {
    return tx.UpcomingDeletions(org, kT0.PlusDays(7), std::nullopt, 10);
  }));
  EXPECT_EQ(ids(deletions), (std::vector<int64_t>{services[3].id.value}));

  // Notices still to send: not for a trial whose notice went out for its current end.
  Service told = V(R([&](Tx& tx) { return tx.GetService(org, c.id, services[0].id); }));
  told.ends_soon_sent_for = told.trial_end;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(told); }));
  EXPECT_EQ(ids(V(R([&](Tx& tx) {
              return tx.UpcomingTrialNotices(org, kT0.PlusDays(7), std::nullopt, 10);
            }))),
            (std::vector<int64_t>{services[1].id.value, others[0].id.value}));
  // The accounts with due work, each once, in id order; none of another organisation's.
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.AccountsWithDueWork(org, false, kT0.PlusDays(7)); })),
            (std::vector<ClientId>{c.id, d.id}));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.AccountsWithDueWork(org, false, kT0.PlusDays(2)); })),
            (std::vector<ClientId>{c.id, d.id}));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.AccountsWithDueWork(org, false, kT0); })),
            (std::vector<ClientId>{c.id}));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.AccountsWithDueWork(org, true, kT0.PlusDays(7)); })),
            (std::vector<ClientId>{c.id}));
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.AccountsWithDueWork(org, true, kT0); })).empty());

  // A seller's accounts only.
  Client mine = d;
  mine.seller = NewUser(org, std::nullopt, "seller@example.com", UserType::kSeller).id;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(mine); }));
  EXPECT_EQ(ids(V(R([&](Tx& tx) {
              return tx.UpcomingTrialEnds(org, kT0.PlusDays(7), mine.seller, 10);
            }))),
            (std::vector<int64_t>{others[0].id.value}));
  EXPECT_TRUE(V(R([&](Tx& tx) {
                return tx.UpcomingDeletions(org, kT0.PlusDays(7), mine.seller, 10);
              })).empty());

  // The account's own trial length moves the trial ends of its running trials only.
  EXPECT_OK(W([&](Tx& tx) { return tx.SetClientTrialDays(org, c.id, 21); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetClient(org, c.id); })).trial_days, 21);
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.RescheduleTrials(org, c.id, 21); })), 3);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetService(org, c.id, services[0].id); })).trial_end,
            kT0.PlusDays(21));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetService(org, d.id, others[0].id); })).trial_end,
            kT0.PlusDays(2));
  EXPECT_OK(W([&](Tx& tx) { return tx.SetClientTrialDays(org, c.id, std::nullopt); }));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.GetClient(org, c.id); })).trial_days);
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.SetClientTrialDays(other, c.id, 5); })),
            ErrorCode::kNotFound);

  // The operator's limits.
  EXPECT_OK(W([&](Tx& tx) { return tx.SetOrganisationLimits(org, 30, 45); }));
  Organisation o = V(R([&](Tx& tx) { return tx.GetOrganisation(org); }));
  EXPECT_EQ(o.max_trial_days, 30);
  EXPECT_EQ(o.max_days_to_deleted, 45);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetOrganisation(other); })).max_trial_days, 60);
}

TEST_P(StoreConformanceTest, ActivationRequestsStayOpenUntilClosed) {
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  Client a = NewClient(org, "a@example.com", "A");
  auto services = AddServices(org, a.id);
  ActivationRequest draft;
  draft.org = org;
  draft.client = a.id;
  draft.service = services[1].id;
  draft.requested_email = "a@example.com";
  draft.message = "soon";
  draft.requested_at = kT0;
  ActivationRequest made = V(W([&](Tx& tx) { return tx.InsertActivationRequest(draft); }));
  EXPECT_GT(made.id, 0);
  // One open request per product.
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.InsertActivationRequest(draft); })),
            ErrorCode::kAlreadyExists);

  auto open = V(R([&](Tx& tx) { return tx.OpenActivationRequests(org, a.id); }));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].service, services[1].id);
  EXPECT_EQ(open[0].product, "STORAGE");
  EXPECT_EQ(open[0].message, "soon");
  EXPECT_EQ(open[0].requested_at, kT0);
  EXPECT_FALSE(open[0].closed_at);
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.OpenActivationRequests(other, a.id); })).empty());

  std::vector<ServiceId> others{services[0].id};
  EXPECT_OK(W([&](Tx& tx) { return tx.CloseActivationRequests(org, a.id, others, kT0); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.OpenActivationRequests(org, a.id); })).size(), 1u);
  std::vector<ServiceId> storage{services[1].id};
  EXPECT_OK(W([&](Tx& tx) { return tx.CloseActivationRequests(other, a.id, storage, kT0); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.OpenActivationRequests(org, a.id); })).size(), 1u);
  EXPECT_OK(W([&](Tx& tx) { return tx.CloseActivationRequests(org, a.id, storage, kT0); }));
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.OpenActivationRequests(org, a.id); })).empty());
  // Closed, it may be asked for again.
  V(W([&](Tx& tx) { return tx.InsertActivationRequest(draft); }));
}

}  // namespace
}  // namespace clientele::storage::conformance
