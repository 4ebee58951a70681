// The lifecycle job and mail delivery on both backends, with two runners at once (two handles,
// each its own pool: two instances, or two processes on one SQLite file), and a run that fails in
// the middle of a batch.
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "jobs/lifecycle.h"
#include "jobs/mail_delivery.h"
#include "storage/conformance/fixture.h"
#include "testing/failing_database.h"

namespace clientele::jobs {
namespace {

using storage::Database;
using storage::Tx;
using storage::conformance::kT0;
using storage::conformance::Value;

// A mail server that accepts everything and remembers each message's outbox id.
class CountingMailer final : public mail::Mailer {
 public:
  using mail::Mailer::Send;
  Status Send(const mail::SmtpSettings&, const mail::Message& message,
              mail::SendFailureInfo*) override {
    std::lock_guard lock(mu_);
    ++sent_[message.message_id];
    return Ok();
  }
  std::map<std::string, int> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> sent_;
};

class LifecycleRunnersTest : public storage::conformance::StoreConformanceTest {
 protected:
  struct Scene {
    std::vector<OrgId> orgs;
    int64_t due = 0;            // services whose trial ended
    int64_t accounts = 0;       // accounts with one or more of them
    int64_t live_due = 0;       // of those services, on accounts not deleted (they get e-mail)
    int64_t live_accounts = 0;  // accounts not deleted: each changes status once
  };

  // Two organisations; in each, `per_org` accounts whose CDN trial ended (at different
  // times), every third with its STORAGE trial ended too, every seventh deleted.
  Scene Build(int per_org) {
    Scene scene;
    for (const char* name : {"First", "Second"}) {
      OrgId org = NewOrg(name);
      scene.orgs.push_back(org);
      for (int i = 0; i < per_org; ++i) {
        Client c = NewClient(org, std::string(name) + std::to_string(i) + "@example.com",
                             "Co " + std::to_string(i));
        auto services = AddServices(org, c.id);
        int trials = i % 3 == 0 ? 2 : 1;
        for (int k = 0; k < trials; ++k) {
          Service s = services[k];
          s.status = ProductStatus::kTrial;
          s.start = kT0;
          s.trial_end = kT0.PlusSeconds(i * 60 + k * 7);
          EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
        }
        EXPECT_OK(W([&](Tx& tx) -> Status {
          if (i % 7 == 3) {
            TRY(Client d, tx.GetClient(org, c.id));
            d.deleted = true;
            d.status = AccountStatus::kDeleted;
            return tx.UpdateClient(d);
          }
          return tx.SetClientStatus(org, c.id, AccountStatus::kTrial, kT0);
        }));
        scene.due += trials;
        scene.accounts += 1;
        if (i % 7 != 3) {
          scene.live_due += trials;
          scene.live_accounts += 1;
        }
      }
    }
    return scene;
  }

  // The outcome, read back: products ended, status changes trial -> trialend per account,
  // "trial ended" e-mails per dedupe key.
  struct Seen {
    int64_t ended = 0;
    int64_t still_trial = 0;
    std::map<int64_t, int> changes_per_account;
    int64_t emails = 0;
    std::set<std::string> keys;
  };
  Seen Look(const Scene& scene) {
    Seen seen;
    for (OrgId org : scene.orgs) {
      auto page = V(R([&](Tx& tx) {
        storage::StatusChangeQuery q;
        q.limit = 100000;
        return tx.ListStatusChanges(org, q);
      }));
      for (const auto& c : page.items)
        if (c.old_status == AccountStatus::kTrial && c.new_status == AccountStatus::kTrialEnd)
          ++seen.changes_per_account[c.client.value];
      for (const auto& e : V(R([&](Tx& tx) { return tx.ListOutbox(org, 100000); })))
        if (e.kind == "trial_ended") {
          ++seen.emails;
          seen.keys.insert(e.dedupe_key);
        }
      ClientQuery all;
      all.deleted = FlagFilter::kAll;
      all.is_test = FlagFilter::kAll;
      for (const auto& c : V(R([&](Tx& tx) { return tx.ListClients(org, all); })).items) {
        std::vector<ClientId> ids{c.id};
        for (const auto& s : V(R([&](Tx& tx) { return tx.ListServices(org, ids); }))) {
          seen.ended += s.status == ProductStatus::kTrialEnd;
          seen.still_trial += s.status == ProductStatus::kTrial;
        }
      }
    }
    return seen;
  }

  void ExpectEachOnce(const Scene& scene, const Seen& seen) {
    EXPECT_EQ(seen.ended, scene.due);
    EXPECT_EQ(seen.still_trial, 0);
    int64_t live_accounts = 0;
    for (const auto& [client, n] : seen.changes_per_account) {
      EXPECT_EQ(n, 1) << "account " << client << " changed status " << n << " times";
      ++live_accounts;
    }
    EXPECT_EQ(live_accounts, scene.live_accounts) << "every live account changed status once";
    EXPECT_EQ(seen.emails, scene.live_due);
    EXPECT_EQ(static_cast<int64_t>(seen.keys.size()), scene.live_due);
  }
};

// Two runners (two instances, or two processes on one SQLite file) run the lifecycle at the same
// instant, in small batches, then send the e-mails at once: every trial ends once, every account
// changes status once, every e-mail is queued once and sent once.
TEST_P(LifecycleRunnersTest, TwoRunnersAtOnceDoEachTransitionAndEmailExactlyOnce) {
  UseSharedDatabase();
  Scene scene = Build(60);
  std::vector<std::unique_ptr<Database>> handles;
  handles.push_back(OpenHandle(true));
  handles.push_back(OpenHandle(true));
  const Timestamp now = kT0.PlusDays(1);
  std::vector<LifecycleReport> reports(2);
  std::vector<Status> results(2, Ok());
  std::atomic<int> ready{0};
  std::vector<std::thread> runners;
  for (int r = 0; r < 2; ++r)
    runners.emplace_back([&, r] {
      ++ready;
      while (ready < 2) std::this_thread::yield();
      auto report = RunLifecycle(*handles[r], now, /*batch=*/7);
      if (report.ok())
        reports[r] = *report;
      else
        results[r] = report.error();
    });
  for (auto& t : runners) t.join();
  for (int r = 0; r < 2; ++r) EXPECT_OK(results[r]);
  EXPECT_EQ(reports[0].trials_ended + reports[1].trials_ended, scene.due)
      << "a transition was made twice (or not at all)";
  Seen seen = Look(scene);
  ExpectEachOnce(scene, seen);

  // Both send at once: each e-mail goes out once.
  CountingMailer mailer;
  MailConfig config;
  config.secret_key = std::string(32, 'k');
  mail::SmtpSettings platform;
  platform.host = "mail.example";
  platform.from_address = "noreply@example.com";
  config.platform = platform;
  MailDelivery first(*handles[0], mailer, config), second(*handles[1], mailer, config);
  std::vector<DeliveryReport> sent(2);
  std::thread a([&] { sent[0] = first.SendDue(now).value(); });
  std::thread b([&] { sent[1] = second.SendDue(now).value(); });
  a.join();
  b.join();
  EXPECT_EQ(sent[0].sent + sent[1].sent, scene.live_due);
  auto messages = mailer.sent();
  EXPECT_EQ(static_cast<int64_t>(messages.size()), scene.live_due);
  for (const auto& [id, n] : messages) EXPECT_EQ(n, 1) << id << " sent " << n << " times";

  // Running again at the same instant changes nothing.
  auto again = RunLifecycle(db(), now, 7);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->trials_ended, 0);
}

// Batches end anywhere, also between two due products of one account (with batches of 3, the
// sixth account's two ended trials fall into two batches).
TEST_P(LifecycleRunnersTest, BatchesMayEndBetweenTwoProductsOfOneAccount) {
  Scene scene = Build(10);
  auto report = RunLifecycle(db(), kT0.PlusDays(1), 3);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->trials_ended, scene.due);
  ExpectEachOnce(scene, Look(scene));
}

// A failure inside a batch rolls back that batch only: what earlier batches did stays, the
// failed batch leaves no trace although it had already written products and account statuses,
// and the next run finishes the work exactly once.
TEST_P(LifecycleRunnersTest, AFailureMidBatchRollsBackThatBatchOnly) {
  OrgId org = NewOrg();
  Scene scene;
  scene.orgs = {org};
  std::vector<ClientId> clients;
  for (int i = 0; i < 6; ++i) {
    clients.push_back(NewClient(org, "c" + std::to_string(i) + "@example.com", "C").id);
    Service s = AddServices(org, clients.back())[0];
    s.status = ProductStatus::kTrial;
    s.trial_end = kT0.PlusSeconds(i);  // due in this order: batches {0, 1}, {2, 3}, {4, 5}
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
    EXPECT_OK(W([&](Tx& tx) {
      return tx.SetClientStatus(org, clients.back(), AccountStatus::kTrial, kT0);
    }));
  }
  scene.due = scene.accounts = scene.live_due = scene.live_accounts = 6;
  const Timestamp now = kT0.PlusDays(1);

  // The run's calls: which organisations have due work (1), then 9 per batch of ended trials:
  // TrialsEnded, GetOrganisation, GetClients, ServiceStates, ListProducts, UpdateServices,
  // SetClientStatuses, InsertStatusChanges, EnqueueEmails. Fail the second batch's 8th.
  testing::FailingDatabase failing(db());
  failing.FailAt(1 + 9 + 8);
  auto interrupted = RunLifecycle(failing, now, 2);
  ASSERT_FALSE(interrupted.ok());
  ASSERT_EQ(failing.failed_call(), "InsertStatusChanges");

  Seen after_failure = Look(scene);
  EXPECT_EQ(after_failure.ended, 2) << "the first batch stays done";
  EXPECT_EQ(after_failure.still_trial, 4) << "the second batch left no product changed";
  EXPECT_EQ(after_failure.changes_per_account.size(), 2u);
  EXPECT_EQ(after_failure.emails, 2);
  for (size_t i = 0; i < clients.size(); ++i)
    EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetClient(org, clients[i]); })).status,
              i < 2 ? AccountStatus::kTrialEnd : AccountStatus::kTrial)
        << "account " << i;

  failing.FailAt(0);
  auto rerun = RunLifecycle(failing, now, 2);
  ASSERT_TRUE(rerun.ok()) << rerun.error().message;
  EXPECT_EQ(rerun->trials_ended, 4);
  ExpectEachOnce(scene, Look(scene));
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, LifecycleRunnersTest, ::testing::Values("sqlite", "postgres"),
                         storage::conformance::BackendName);

}  // namespace clientele::jobs
