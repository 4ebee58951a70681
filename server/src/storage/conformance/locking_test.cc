// Conformance: what write units lock on PostgreSQL (storage/sql/locking_tx.h). Two handles, each
// its own pool, stand for two instances on one database. SQLite has one writer at a time, so
// these cases are PostgreSQL's.
#include <atomic>
#include <condition_variable>
#include <mutex>

#include "domain/account_status.h"
#include "storage/conformance/fixture.h"
#include "storage/sql/session.h"

namespace clientele::storage::conformance {
namespace {

// A one-shot signal between the threads of a test.
class Latch {
 public:
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  // Waits (bounded: 30 s) for Open(); false if it never came.
  bool Wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return open_; });
  }
  bool is_open() {
    std::lock_guard lock(mu_);
    return open_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

int32_t OrgKey(OrgId org) { return sql::LockKey::Organisation(org).key; }

class StoreLockingTest : public StoreConformanceTest {
 protected:
  void SetUp() override {
    StoreConformanceTest::SetUp();
    if (!postgres()) GTEST_SKIP() << "SQLite has one writer at a time: nothing to lock";
  }
};

// The point of the per-organisation lock: a unit of organisation A that holds its lock (here,
// waiting in the middle of its transaction) does not keep a unit of organisation B on another
// instance from committing. With one lock for every writer, B would wait for A and fail after
// the lock timeout. Both also add an account, so each commits its organisation's account change
// log (SqlTx::Finish: a row lock on its `organisations` row) while the other is open, and both
// instances' account lists then show both.
TEST_P(StoreLockingTest, WriteUnitsOfDifferentOrganisationsCommitSideBySide) {
  OrgId a = NewOrg("A");
  OrgId b = NewOrg("B");
  auto instance_a = OpenHandle(false);
  auto instance_b = OpenHandle(false);
  Latch a_inside, b_done;
  Status b_result = Internal("not run");
  bool b_done_while_a_open = false;
  std::thread unit_a([&] {
    Status st = instance_a->Write([&](Tx& tx) -> Status {
      TRY(Organisation o, tx.GetOrganisation(a));
      TRY_STATUS(tx.SetOrganisationTiming(a, o.trial_days + 1, o.days_to_deleted));
      TRY_STATUS(tx.InsertClient(ClientDraft(a, "in-a@example.com", "In A")));
      a_inside.Open();
      b_done_while_a_open = b_done.Wait();  // A holds its lock all this time
      return Ok();
    });
    EXPECT_OK(st);
  });
  ASSERT_TRUE(a_inside.Wait());
  b_result = instance_b->Write([&](Tx& tx) -> Status {
    TRY(Organisation o, tx.GetOrganisation(b));
    TRY_STATUS(tx.InsertClient(ClientDraft(b, "in-b@example.com", "In B")));
    return tx.SetOrganisationTiming(b, o.trial_days + 2, o.days_to_deleted);
  });
  b_done.Open();
  unit_a.join();
  EXPECT_OK(b_result);
  EXPECT_TRUE(b_done_while_a_open) << "B committed while A was still inside its transaction";
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetOrganisation(a); })).trial_days, 15);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetOrganisation(b); })).trial_days, 16);
  for (Database* instance : {instance_a.get(), instance_b.get()})
    for (auto [org, email] : {std::pair{a, "in-a@example.com"}, std::pair{b, "in-b@example.com"}}) {
      ClientPage page;
      EXPECT_OK(instance->Read([&](Tx& tx) -> Status {
        TRY(page, tx.ListClients(org, ClientQuery{}));
        return Ok();
      }));
      ASSERT_EQ(page.items.size(), 1u);
      EXPECT_EQ(page.items[0].email, email);
    }
}

// Two units of one organisation still take turns, so a read-modify-write stays right: each ends
// one trial of the same account and recomputes the account status from all its products. Unit X
// reads first and writes last; unit Y, on another instance, starts in between. With the lock, Y
// waits for X (pg_locks shows it waiting) and then reads X's change; without it, both would
// compute the status from a view missing the other's change and leave the account in "trial"
// with no trial left.
TEST_P(StoreLockingTest, WriteUnitsOfOneOrganisationTakeTurnsSoReadModifyWriteStaysRight) {
  OrgId org = NewOrg();
  Client c = NewClient(org, "acme@example.com", "Acme");
  auto services = AddServices(org, c.id);
  for (size_t i : {0u, 1u}) {
    Service s = services[i];
    s.status = ProductStatus::kTrial;
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
  }
  EXPECT_OK(W([&](Tx& tx) { return tx.SetClientStatus(org, c.id, AccountStatus::kTrial, kT0); }));

  // Ends one product's trial and recomputes the account status, as the domain does; `between`
  // runs after the reads and before the writes.
  auto end_trial = [&](Database& db, size_t product, const std::function<void()>& between) {
    return db.Write([&](Tx& tx) -> Status {
      TRY(Client account, tx.GetClient(org, c.id));
      std::vector<ClientId> ids{c.id};
      TRY(auto mine, tx.ListServices(org, ids));
      between();
      std::vector<ProductStatus> statuses;
      for (auto& s : mine) {
        if (s.id == services[product].id) {
          s.status = ProductStatus::kTrialEnd;
          TRY_STATUS(tx.UpdateService(s));
        }
        statuses.push_back(s.status);
      }
      AccountStatus next = ComputeAccountStatus(statuses, account.deleted);
      if (next == account.status) return Ok();
      return tx.SetClientStatus(org, c.id, next, kT0);
    });
  };

  auto instance_x = OpenHandle(false);
  auto instance_y = OpenHandle(false);
  Latch x_has_read, y_done;
  Status y_result = Internal("not run");
  std::thread unit_y([&] {
    ASSERT_TRUE(x_has_read.Wait());
    y_result = end_trial(*instance_y, 1, [] {});
    y_done.Open();
  });
  bool y_waited = false;
  Status x_result = end_trial(*instance_x, 0, [&] {
    x_has_read.Open();
    // Y either waits for this organisation's lock (as it must) or, without the lock, finishes.
    ASSERT_TRUE(Eventually([&] {
      return LockWaiters(sql::LockKey::kOrganisation, OrgKey(org)) > 0 || y_done.is_open();
    }));
    y_waited = !y_done.is_open();
  });
  unit_y.join();
  EXPECT_OK(x_result);
  EXPECT_OK(y_result);
  EXPECT_TRUE(y_waited) << "Y ran while X held the organisation";
  for (size_t i : {0u, 1u})
    EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetService(org, c.id, services[i].id); })).status,
              ProductStatus::kTrialEnd);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetClient(org, c.id); })).status, AccountStatus::kTrialEnd)
      << "the account status must count both ended trials";
}

// Locks are taken in ascending order; one below a lock already held is only tried, so two units
// touching two organisations in opposite orders can't deadlock: the one out of order fails at
// once with kUnavailable if the other holds what it needs, and succeeds if nobody does.
TEST_P(StoreLockingTest, ALockBelowOneHeldIsTriedNotAwaited) {
  OrgId low = NewOrg("Low");
  OrgId high = NewOrg("High");
  ASSERT_LT(low.value, high.value);
  auto holder = OpenHandle(false);
  auto other = OpenHandle(false);
  Latch holding, release;
  std::thread hold_low([&] {
    EXPECT_OK(holder->Write([&](Tx& tx) -> Status {
      TRY(Organisation o, tx.GetOrganisation(low));
      holding.Open();
      release.Wait();
      return Ok();
    }));
  });
  ASSERT_TRUE(holding.Wait());
  Status out_of_order = other->Write([&](Tx& tx) -> Status {
    TRY(Organisation h, tx.GetOrganisation(high));
    TRY(Organisation l, tx.GetOrganisation(low));  // below `high`, held by the other unit
    return Ok();
  });
  EXPECT_EQ(CodeOf(out_of_order), ErrorCode::kUnavailable);
  release.Open();
  hold_low.join();
  // Nobody holds `low` now: the same unit goes through.
  EXPECT_OK(other->Write([&](Tx& tx) -> Status {
    TRY(Organisation h, tx.GetOrganisation(high));
    TRY(Organisation l, tx.GetOrganisation(low));
    return Ok();
  }));
}

// In ascending order a unit waits for a lock held by another and goes on once it is released.
TEST_P(StoreLockingTest, ALockAboveAllHeldIsAwaited) {
  OrgId low = NewOrg("Low");
  OrgId high = NewOrg("High");
  auto holder = OpenHandle(false);
  auto other = OpenHandle(false);
  Latch holding, release;
  std::thread hold_high([&] {
    EXPECT_OK(holder->Write([&](Tx& tx) -> Status {
      TRY(Organisation o, tx.GetOrganisation(high));
      holding.Open();
      release.Wait();
      return tx.SetOrganisationTiming(high, 20, 40);
    }));
  });
  ASSERT_TRUE(holding.Wait());
  std::optional<Organisation> seen;
  std::thread in_order([&] {
    EXPECT_OK(other->Write([&](Tx& tx) -> Status {
      TRY(Organisation l, tx.GetOrganisation(low));
      TRY(seen, tx.GetOrganisation(high));
      return Ok();
    }));
  });
  ASSERT_TRUE(
      Eventually([&] { return LockWaiters(sql::LockKey::kOrganisation, OrgKey(high)) > 0; }));
  release.Open();
  hold_high.join();
  in_order.join();
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->trial_days, 20) << "read after the holder committed";
}

// What is not one organisation's data has narrow locks of its own: a throttle key (counted
// read-then-write) and a setting (read, then created if missing) are taken by one unit at a time,
// while other keys are not held up.
TEST_P(StoreLockingTest, ThrottleKeysAndSettingsAreLockedOneKeyAtATime) {
  auto holder = OpenHandle(false);
  auto other = OpenHandle(false);
  auto third = OpenHandle(false);
  Latch holding, release;
  std::thread hold([&] {
    EXPECT_OK(holder->Write([&](Tx& tx) -> Status {
      TRY(auto t, tx.GetThrottle("login:anna"));
      TRY(auto s, tx.GetSetting("some_setting"));
      holding.Open();
      release.Wait();
      return Ok();
    }));
  });
  ASSERT_TRUE(holding.Wait());
  // Other keys: not held up.
  EXPECT_OK(other->Write([&](Tx& tx) -> Status {
    TRY(auto t, tx.GetThrottle("login:bert"));
    return tx.PutSetting("another_setting", "1");
  }));
  // The same keys: each waits until the holder is done.
  Latch throttle_done, setting_done;
  std::thread same_throttle([&] {
    EXPECT_OK(other->Write([&](Tx& tx) -> Status {
      TRY(auto t, tx.GetThrottle("login:anna"));
      return Ok();
    }));
    throttle_done.Open();
  });
  std::thread same_setting([&] {
    EXPECT_OK(third->Write([&](Tx& tx) -> Status {
      TRY(auto t, tx.GetSetting("some_setting"));
      return Ok();
    }));
    setting_done.Open();
  });
  const int32_t throttle = sql::LockKey::Throttle("login:anna").key;
  const int32_t setting = sql::LockKey::Setting("some_setting").key;
  EXPECT_TRUE(Eventually([&] {
    return (LockWaiters(sql::LockKey::kThrottle, throttle) > 0 || throttle_done.is_open()) &&
           (LockWaiters(sql::LockKey::kSetting, setting) > 0 || setting_done.is_open());
  }));
  EXPECT_FALSE(throttle_done.is_open()) << "the same throttle key was not waited for";
  EXPECT_FALSE(setting_done.is_open()) << "the same setting was not waited for";
  release.Open();
  hold.join();
  same_throttle.join();
  same_setting.join();
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, StoreLockingTest, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace clientele::storage::conformance
