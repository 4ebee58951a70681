// Conformance: ActivityStore and the status history of AccountStore.
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

TEST_P(StoreConformanceTest, ActivityAndStatusChanges) {
  OrgId a = NewOrg("A");
  OrgId b = NewOrg("B");
  Client c = NewClient(a, "act@example.com", "Act");
  for (int i = 0; i < 5; ++i) {
    ActivityEntry e;
    e.org = a;
    e.client = c.id;
    e.requested_at = kT0.PlusSeconds(i);
    e.method = i % 2 ? "PATCH" : "POST";
    e.path = i == 3 ? "/iam/clients/7_x%" : "/iam/clients/" + std::to_string(i);
    e.status_code = 200 + i;
    e.body = "{}";
    if (i < 2) e.subject = c.id;
    e.event = R"({"action":"request"})";
    V(W([&](Tx& tx) { return tx.InsertActivity(e); }));
  }
  ActivityQuery q;
  q.limit = 2;
  auto page = V(R([&](Tx& tx) { return tx.ListActivity(a, q); }));
  EXPECT_EQ(page.count, 5);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].status_code, 204);  // newest first
  q.method = "PATCH";
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListActivity(a, q); })).count, 2);
  q = {};
  q.path_contains = "_X%";
  page = V(R([&](Tx& tx) { return tx.ListActivity(a, q); }));
  ASSERT_EQ(page.count, 1);
  EXPECT_EQ(page.items[0].path, "/iam/clients/7_x%");
  q = {};
  q.from = kT0.PlusSeconds(1);
  q.to = kT0.PlusSeconds(2);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListActivity(a, q); })).count, 2);
  q = {};
  q.subject = c.id;
  page = V(R([&](Tx& tx) { return tx.ListActivity(a, q); }));
  ASSERT_EQ(page.count, 2);
  EXPECT_EQ(page.items[0].subject, c.id);
  EXPECT_EQ(page.items[0].event, R"({"action":"request"})");
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListActivity(b, ActivityQuery{}); })).count, 0);
  auto one = V(R([&](Tx& tx) { return tx.ListActivity(a, ActivityQuery{}); })).items[0];
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetActivity(a, one.id); })).path, one.path);
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetActivity(b, one.id); })), ErrorCode::kNotFound);

  EXPECT_OK(W([&](Tx& tx) {
    return tx.InsertStatusChange(a, {0, c.id, std::nullopt, AccountStatus::kPreparation, kT0});
  }));
  EXPECT_OK(W([&](Tx& tx) {
    return tx.InsertStatusChange(
        a, {0, c.id, AccountStatus::kPreparation, AccountStatus::kTrial, kT0.PlusSeconds(1)});
  }));
  StatusChangeQuery sq;
  auto changes = V(R([&](Tx& tx) { return tx.ListStatusChanges(a, sq); }));
  EXPECT_EQ(changes.count, 2);
  ASSERT_EQ(changes.items.size(), 2u);
  EXPECT_EQ(changes.items[0].new_status, AccountStatus::kTrial);
  EXPECT_EQ(changes.items[0].old_status, AccountStatus::kPreparation);
  EXPECT_FALSE(changes.items[1].old_status);
  sq.from = kT0.PlusSeconds(1);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListStatusChanges(a, sq); })).count, 1);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListStatusChanges(b, StatusChangeQuery{}); })).count, 0);
  // The latest few without a count (the overview).
  StatusChangeQuery latest;
  latest.limit = 1;
  latest.with_count = false;
  auto newest = V(R([&](Tx& tx) { return tx.ListStatusChanges(a, latest); }));
  EXPECT_EQ(newest.count, 0);
  ASSERT_EQ(newest.items.size(), 1u);
  EXPECT_EQ(newest.items[0].new_status, AccountStatus::kTrial);
}

}  // namespace
}  // namespace clientele::storage::conformance
