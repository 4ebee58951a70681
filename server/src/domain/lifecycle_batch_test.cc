#include "domain/lifecycle_batch.h"

#include <gtest/gtest.h>

#include "domain/email_outbox.h"

// The batch rules in memory: what a batch of due services of one organisation changes.
namespace clientele::lifecycle {
namespace {

using P = ProductStatus;

const Timestamp kNow = Timestamp::FromSeconds(1'795'773'600);
const OrgId kOrg{3};
const Product kCatalog[] = {{"CDN", "CDN", 1}, {"STORAGE", "Storage", 2}};

Client AccountOf(int64_t id, AccountStatus status, bool deleted = false) {
  Client c;
  c.id = ClientId{id};
  c.org = kOrg;
  c.email = "a" + std::to_string(id) + "@example.com";
  c.name = "Person " + std::to_string(id);
  c.company_name = "Company " + std::to_string(id);
  c.lang = "de";
  c.status = status;
  c.deleted = deleted;
  return c;
}

Service ServiceOf(int64_t id, int64_t client, const std::string& product, P status,
                  std::optional<Timestamp> trial_end = std::nullopt,
                  std::optional<Timestamp> deleted_date = std::nullopt) {
  Service s;
  s.id = ServiceId{id};
  s.org = kOrg;
  s.client = ClientId{client};
  s.product = product;
  s.status = status;
  s.trial_end = trial_end;
  s.deleted_date = deleted_date;
  return s;
}

using State = storage::ServiceStore::ServiceState;

std::vector<State> StatesOf(const std::vector<Service>& services) {
  std::vector<State> out;
  for (const auto& s : services) out.push_back({s.id, s.client, s.status});
  return out;
}

Batch BatchOf(DueKind kind, const std::vector<Service>& due, const std::vector<Client>& accounts,
              const std::vector<State>& services) {
  Batch b;
  b.kind = kind;
  b.due = due;
  b.accounts = accounts;
  b.services = services;
  b.trial_days = 14;
  b.days_to_deleted = 30;
  b.products = kCatalog;
  b.now = kNow;
  return b;
}

TEST(LifecycleBatchTest, EndedTrialsMoveAtTheirEndAndTheAccountStatusFollowsOnceAllHaveMoved) {
  const Timestamp end1 = kNow.PlusDays(-3), end2 = kNow.PlusDays(-1);
  // Account 1 has two trials that ended (both due in this batch); account 2 keeps an active
  // product, so its status does not change.
  std::vector<Service> services = {
      ServiceOf(10, 1, "CDN", P::kTrial, end1), ServiceOf(11, 1, "STORAGE", P::kTrial, end2),
      ServiceOf(20, 2, "CDN", P::kTrial, end1), ServiceOf(21, 2, "STORAGE", P::kActive)};
  std::vector<Service> due = {services[0], services[2], services[1]};
  std::vector<Client> accounts = {AccountOf(1, AccountStatus::kTrial),
                                  AccountOf(2, AccountStatus::kActive)};
  auto states = StatesOf(services);
  auto d = Decide(BatchOf(DueKind::kTrialEnded, due, accounts, states));
  ASSERT_TRUE(d.ok()) << d.error().message;

  ASSERT_EQ(d->services.size(), 3u);
  for (const auto& s : d->services) {
    EXPECT_EQ(s.status, P::kTrialEnd);
    EXPECT_EQ(s.previous_status, P::kTrial);
    EXPECT_EQ(s.status_changed_at, s.trial_end) << "dated at the trial's end, not the run";
    EXPECT_EQ(s.deleted_date, s.trial_end->PlusDays(30));
  }
  ASSERT_EQ(d->status_changes.size(), 1u) << "one change per account, only where it changes";
  EXPECT_EQ(d->status_changes[0].client, ClientId{1});
  EXPECT_EQ(d->status_changes[0].old_status, AccountStatus::kTrial);
  EXPECT_EQ(d->status_changes[0].new_status, AccountStatus::kTrialEnd);
  EXPECT_EQ(d->status_changes[0].changed_at, kNow);

  ASSERT_EQ(d->emails.size(), 3u);
  EXPECT_EQ(d->emails[0].kind, "trial_ended");
  EXPECT_EQ(d->emails[0].org, kOrg);
  EXPECT_EQ(d->emails[0].to_address, "a1@example.com");
  EXPECT_EQ(d->emails[0].dedupe_key, "trial_ended:10:" + std::to_string(end1.micros));
  EXPECT_EQ(d->emails[2].dedupe_key, "trial_ended:11:" + std::to_string(end2.micros));
  auto data = DecodeEmailData(d->emails[2].data);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->product_title, "Storage");
  EXPECT_EQ(data->account_company, "Company 1");
  EXPECT_EQ(data->lang, "de");
  EXPECT_EQ(data->recipient_name, "Person 1");
  EXPECT_EQ(data->when, end2);
}

TEST(LifecycleBatchTest, AnAccountWithAnotherTrialLeftKeepsItsStatus) {
  std::vector<Service> services = {ServiceOf(10, 1, "CDN", P::kTrial, kNow.PlusDays(-1)),
                                   ServiceOf(11, 1, "STORAGE", P::kTrial, kNow.PlusDays(5))};
  std::vector<Client> accounts = {AccountOf(1, AccountStatus::kTrial)};
  auto states = StatesOf(services);
  auto d = Decide(BatchOf(DueKind::kTrialEnded, {services[0]}, accounts, states));
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->status_changes.empty());
  EXPECT_EQ(d->services.size(), 1u);
}

TEST(LifecycleBatchTest, DeletedAccountsGetNoEmailButTheirProductsStillMove) {
  std::vector<Service> services = {ServiceOf(10, 1, "CDN", P::kTrial, kNow.PlusDays(-1))};
  std::vector<Client> accounts = {AccountOf(1, AccountStatus::kDeleted, /*deleted=*/true)};
  auto states = StatesOf(services);
  auto d = Decide(BatchOf(DueKind::kTrialEnded, services, accounts, states));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->services.at(0).status, P::kTrialEnd);
  EXPECT_TRUE(d->emails.empty());
  EXPECT_TRUE(d->status_changes.empty()) << "a deleted account stays deleted";
}

TEST(LifecycleBatchTest, DeletionsAreDatedAtTheDeletionDateAndKeepTheAccountEnded) {
  const Timestamp when = kNow.PlusDays(-2);
  std::vector<Service> services = {ServiceOf(10, 1, "CDN", P::kTrialEnd, {}, when),
                                   ServiceOf(11, 1, "STORAGE", P::kPaused, {}, when)};
  std::vector<Client> accounts = {AccountOf(1, AccountStatus::kTrialEnd)};
  auto states = StatesOf(services);
  auto d = Decide(BatchOf(DueKind::kDeletion, services, accounts, states));
  ASSERT_TRUE(d.ok());
  for (const auto& s : d->services) {
    EXPECT_EQ(s.status, P::kDeleted);
    EXPECT_EQ(s.status_changed_at, when);
    EXPECT_EQ(s.deleted_date, when);
  }
  EXPECT_TRUE(d->status_changes.empty());
  ASSERT_EQ(d->emails.size(), 2u);
  EXPECT_EQ(d->emails[1].kind, "product_deleted");
  EXPECT_EQ(d->emails[1].dedupe_key, "product_deleted:11:" + std::to_string(when.micros));
}

TEST(LifecycleBatchTest, AnAccountsOwnDaysToDeletedOverrideTheOrganisations) {
  const Timestamp end = kNow.PlusDays(-1);
  std::vector<Service> services = {ServiceOf(10, 1, "CDN", P::kTrial, end)};
  std::vector<Client> accounts = {AccountOf(1, AccountStatus::kTrial)};
  accounts[0].days_to_deleted = 3;
  auto states = StatesOf(services);
  auto d = Decide(BatchOf(DueKind::kTrialEnded, services, accounts, states));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->services.at(0).deleted_date, end.PlusDays(3));
}

TEST(LifecycleBatchTest, TheEndsSoonNoticeIsMarkedOnTheTrialAndChangesNoStatus) {
  const Timestamp end = kNow.PlusDays(2);
  std::vector<Service> due = {ServiceOf(10, 1, "CDN", P::kTrial, end)};
  std::vector<Client> accounts = {AccountOf(1, AccountStatus::kTrial)};
  auto d = Decide(BatchOf(DueKind::kTrialEndsSoon, due, accounts, {}));
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->services.size(), 1u);
  EXPECT_EQ(d->services[0].status, P::kTrial);
  EXPECT_EQ(d->services[0].ends_soon_sent_for, end);
  EXPECT_TRUE(d->status_changes.empty());
  ASSERT_EQ(d->emails.size(), 1u);
  EXPECT_EQ(d->emails[0].kind, "trial_ends_soon");
  EXPECT_EQ(d->emails[0].dedupe_key, "trial_ends_soon:10:" + std::to_string(end.micros));
}

TEST(LifecycleBatchTest, ADueServiceWithoutItsAccountIsAnError) {
  std::vector<Service> due = {ServiceOf(10, 1, "CDN", P::kTrial, kNow)};
  auto states = StatesOf(due);
  auto d = Decide(BatchOf(DueKind::kTrialEnded, due, {}, states));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace clientele::lifecycle
