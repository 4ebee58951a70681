// Conformance: DeletionStore (deletion requests, alert addresses).
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

TEST_P(StoreConformanceTest, DeletionRequestsAndAlertAddresses) {
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  Client a = NewClient(org, "a@example.com", "A");
  Client b = NewClient(org, "b@example.com", "B");
  auto services = AddServices(org, a.id);
  DeletionRequest d;
  d.org = org;
  d.client = a.id;
  d.requested_email = "a@example.com";
  d.requested_at = kT0;
  d.due_at = kT0.PlusDays(10);
  d.stopped_services = {services[0].id, services[2].id};
  DeletionRequest first = V(W([&](Tx& tx) { return tx.InsertDeletionRequest(d); }));
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.InsertDeletionRequest(d); })),
            ErrorCode::kAlreadyExists)
      << "one open request per account";
  DeletionRequest for_b = d;
  for_b.client = b.id;
  for_b.due_at = kT0.PlusDays(5);
  for_b.stopped_services = {};
  V(W([&](Tx& tx) { return tx.InsertDeletionRequest(for_b); }));
  auto due = V(W([&](Tx& tx) { return tx.DeletionRequestsDue(org, kT0.PlusDays(11), 10); }));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].client, b.id);  // earliest due first
  EXPECT_EQ(due[1].stopped_services, (std::vector<ServiceId>{services[0].id, services[2].id}));
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.DeletionRequestsDue(org, kT0.PlusDays(6), 10); })).size(),
            1u);

  first.state = DeletionState::kCancelled;
  first.closed_by_email = "staff@example.com";
  first.closed_at = kT0.PlusDays(1);
  first.note = "asked by phone";
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateDeletionRequest(first); }));
  DeletionRequest moved = first;
  moved.org = other;
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.UpdateDeletionRequest(moved); })),
            ErrorCode::kNotFound);
  V(W([&](Tx& tx) { return tx.InsertDeletionRequest(d); }));  // a closed one does not block
  auto history = V(R([&](Tx& tx) { return tx.ListDeletionRequests(org, a.id); }));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].state, DeletionState::kPending);  // newest first
  EXPECT_EQ(history[1].note, "asked by phone");
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListDeletionRequests(other, a.id); })).empty());

  // Open requests: b's (due first) and a's new one; never another organisation's.
  auto open = V(R([&](Tx& tx) { return tx.OpenDeletionRequests(org, {}); }));
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].client, b.id);
  EXPECT_EQ(open[1].client, a.id);
  EXPECT_EQ(open[1].state, DeletionState::kPending);
  std::vector<ClientId> only_a{a.id};
  auto of_a = V(R([&](Tx& tx) { return tx.OpenDeletionRequests(org, only_a); }));
  ASSERT_EQ(of_a.size(), 1u);
  EXPECT_EQ(of_a[0].client, a.id);
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.OpenDeletionRequests(other, {}); })).empty());
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.OpenDeletionRequests(other, only_a); })).empty());

  NotificationSetting n{0, org, "deletion_request", "alerts@example.com", true};
  NotificationSetting stored = V(W([&](Tx& tx) { return tx.InsertNotificationSetting(n); }));
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.InsertNotificationSetting(n); })),
            ErrorCode::kAlreadyExists);
  stored.enabled = false;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateNotificationSetting(stored); }));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.GetNotificationSetting(org, stored.id); })).enabled);
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetNotificationSetting(other, stored.id); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.DeleteNotificationSetting(other, stored.id); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListNotificationSettings(org); })).size(), 1u);
  EXPECT_OK(W([&](Tx& tx) { return tx.DeleteNotificationSetting(org, stored.id); }));
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListNotificationSettings(org); })).empty());
}

}  // namespace
}  // namespace clientele::storage::conformance
