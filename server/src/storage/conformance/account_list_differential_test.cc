// The account list from the in-memory index against the plain SQL (issue #12): random
// combinations of every filter, ordering and page must return exactly the SQL's items, order and
// count, on both backends, right after writes, and with two instances (each with its own index)
// writing to one database, one after the other and at the same time; also after the set-based
// writes of the time-driven jobs (many accounts' products or statuses in one statement).
#include <map>
#include <random>

#include "jobs/lifecycle.h"
#include "storage/conformance/fixture.h"
#include "storage/sql/tx.h"

namespace clientele::storage::conformance {
namespace {

const std::vector<std::string> kWords = {"anna", "Ben", "berg", "ito", "Exam", "lab", "a.b",
                                         "x1",   "zz",  "50%",  "a_b", "Ünal"};

class AccountListDifferentialTest : public StoreConformanceTest {
 protected:
  void SetUp() override {
    StoreConformanceTest::SetUp();
    if (IsSkipped()) return;
    UseSharedDatabase();
    second_ = OpenHandle(true);
    ASSERT_TRUE(second_);
    org_ = NewOrg("Differential");
    other_ = NewOrg("Other");
    for (const auto& p : V(R([&](Tx& tx) { return tx.ListProducts(); })))
      products_.push_back(p.name);
    for (int i = 0; i < 3; ++i)
      sellers_.push_back(
          NewUser(org_, std::nullopt, "seller" + std::to_string(i) + "@d.example", UserType::kSeller)
              .id);
  }

  std::string Word() { return kWords[rng_() % kWords.size()]; }
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

  void Randomise(Client& c) {
    c.email = Word() + "." + Word() + std::to_string(next_email_++) + "@" + Word() + ".example";
    c.name = Pick(5) == 0 ? std::nullopt : std::optional<std::string>(Word() + " " + Word());
    c.company_name = Word() + " " + Word();
    c.custom_id = Pick(3) == 0 ? std::nullopt
                               : std::optional<std::string>((Pick(2) != 0 ? "C-" : "c-") +
                                                            std::to_string(Pick(40)));
    c.seller = Pick(4) == 0 ? std::nullopt : std::optional<UserId>(sellers_[static_cast<size_t>(Pick(3))]);
    c.country_code = Pick(2) == 0 ? std::nullopt : std::optional<std::string>(Pick(2) ? "DE" : "FR");
    c.is_test = Pick(6) == 0;
    c.deleted = Pick(7) == 0;
  }

  // A new account through `db`, with a service per product in random states.
  void AddAccount(Database& db, OrgId org) {
    Client c;
    c.org = org;
    Randomise(c);
    c.created_at = c.updated_at = kT0.PlusSeconds(Pick(30));  // equal times: ties must hold
    ASSERT_TRUE(db.Write([&](Tx& tx) -> Status {
                    TRY(Client made, tx.InsertClient(c));
                    std::vector<Service> services;
                    for (const auto& p : products_) {
                      if (Pick(4) == 0) continue;
                      Service s;
                      s.org = org;
                      s.client = made.id;
                      s.product = p;
                      s.status = static_cast<ProductStatus>(Pick(6));
                      if (Pick(5) == 0) s.available = Pick(2) != 0;
                      services.push_back(s);
                    }
                    TRY_STATUS(tx.InsertServices(org, made.id, services));
                    if (Pick(3) == 0) {
                      User u;
                      u.org = org;
                      u.client = made.id;
                      u.email = Word() + std::to_string(next_email_++) + "@users.example";
                      u.name = Word();
                      u.type = UserType::kCommon;
                      u.group = Group::kUsers;
                      u.password_hash = "hash";
                      u.created_at = kT0;
                      TRY_STATUS(tx.InsertUser(u));
                    }
                    return tx.SetClientStatus(org, made.id, static_cast<AccountStatus>(Pick(5)),
                                              kT0);
                  }).ok());
  }

  // One random change through `db`.
  void Change(Database& db) {
    std::vector<Client> all = AllAccounts(db);
    ASSERT_FALSE(all.empty());
    Client c = all[static_cast<size_t>(Pick(static_cast<int>(all.size())))];
    Status st = db.Write([&](Tx& tx) -> Status {
      switch (Pick(6)) {
        case 0:
          Randomise(c);
          return tx.UpdateClient(c);
        case 1:
          return tx.SetClientStatus(org_, c.id, static_cast<AccountStatus>(Pick(5)), kT0);
        case 2:
        case 3: {
          std::vector<ClientId> ids{c.id};
          TRY(auto services, tx.ListServices(org_, ids));
          for (auto& s : services) {
            if (Pick(2) == 0) continue;
            s.status = static_cast<ProductStatus>(Pick(6));
            s.enabled = Pick(2) == 0;
            s.available = Pick(3) == 0 ? std::nullopt : std::optional<bool>(Pick(2) != 0);
            TRY_STATUS(tx.UpdateService(s));
          }
          return Ok();
        }
        case 4:
          if (Pick(4) == 0) {
            TRY_STATUS(tx.UnassignSeller(org_, sellers_[static_cast<size_t>(Pick(3))]));
          } else {
            TRY_STATUS(tx.ClearPersonalVisibility(
                org_, products_[static_cast<size_t>(Pick(static_cast<int>(products_.size())))]));
          }
          return Ok();
        default:
          return Ok();
      }
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
    if (Pick(3) == 0) AddAccount(db, org_);
  }

  // A set-based write through `db`, as the lifecycle job makes them (jobs/lifecycle.cc): the
  // products of several accounts in one UpdateServices, or several account statuses in one
  // SetClientStatuses (with their history), each alone in its unit, so that each must reach the
  // indexes by itself.
  void ChangeInSets(Database& db) {
    std::vector<Client> all = AllAccounts(db);
    ASSERT_FALSE(all.empty());
    std::map<int64_t, const Client*> chosen;
    for (int n = 1 + Pick(8); n > 0; --n) {
      const Client& c = all[static_cast<size_t>(Pick(static_cast<int>(all.size())))];
      chosen.emplace(c.id.value, &c);
    }
    std::vector<ClientId> ids;
    for (const auto& [id, c] : chosen) ids.push_back(c->id);
    const bool products = Pick(2) == 0;
    Status st = db.Write([&](Tx& tx) -> Status {
      if (products) {
        TRY(auto services, tx.ListServices(org_, ids));
        std::vector<Service> changed;
        for (auto& v : services) {
          if (Pick(3) == 0) continue;
          v.previous_status = v.status;
          v.status = static_cast<ProductStatus>(Pick(6));
          v.enabled = Pick(2) == 0;
          v.status_changed_at = kT0;
          changed.push_back(v);
        }
        return tx.UpdateServices(org_, changed);
      }
      std::vector<AccountStatusChange> changes;
      for (const auto& [id, c] : chosen)
        changes.push_back({0, c->id, c->status, static_cast<AccountStatus>(Pick(5)), kT0});
      TRY_STATUS(tx.SetClientStatuses(org_, changes));
      return tx.InsertStatusChanges(org_, changes);
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  std::vector<Client> AllAccounts(Database& db) {
    std::vector<Client> out;
    ClientQuery all;
    all.deleted = all.is_test = FlagFilter::kAll;
    EXPECT_TRUE(db.Read([&](Tx& tx) -> Status {
                    TRY(auto page, dynamic_cast<sql::SqlTx&>(tx).ListClientsBySql(org_, all));
                    out = std::move(page.items);
                    return Ok();
                  }).ok());
    return out;
  }

  ClientQuery RandomQuery() {
    ClientQuery q;
    q.deleted = static_cast<FlagFilter>(Pick(3));
    q.is_test = static_cast<FlagFilter>(Pick(3));
    auto part = [&] {  // whole characters: the API takes UTF-8 text
      std::string w = Word();
      if (std::any_of(w.begin(), w.end(), [](char c) { return (c & 0x80) != 0; })) return w;
      return w.substr(static_cast<size_t>(Pick(2)), 1 + static_cast<size_t>(Pick(4)));
    };
    if (Pick(4) == 0) q.email_contains = part();
    if (Pick(6) == 0) q.name_contains = part();
    if (Pick(6) == 0) q.company_contains = part();
    if (Pick(6) == 0) q.custom_id_contains = Pick(2) ? "C-1" : "-2";
    if (Pick(10) == 0) q.users_email_contains = part();
    if (Pick(12) == 0) q.users_name_contains = part();
    if (Pick(5) == 0) q.statuses = {static_cast<AccountStatus>(Pick(5)), static_cast<AccountStatus>(Pick(5))};
    if (Pick(4) == 0) {
      q.filter_seller = true;
      if (Pick(4) != 0) q.seller = sellers_[static_cast<size_t>(Pick(3))];
    }
    if (Pick(6) == 0) {
      q.filter_country = true;
      if (Pick(3) != 0) q.country_code = Pick(2) ? "DE" : "XX";
    }
    if (Pick(8) == 0) q.reseller_account = Pick(2) != 0;
    if (Pick(6) == 0) q.created_gte = kT0.PlusSeconds(Pick(30));
    if (Pick(6) == 0) q.created_lte = kT0.PlusSeconds(Pick(30));
    if (Pick(3) == 0)
      q.product_statuses.push_back(
          {products_[static_cast<size_t>(Pick(static_cast<int>(products_.size())))],
           {static_cast<ProductStatus>(Pick(6)), static_cast<ProductStatus>(Pick(6))}});
    if (Pick(8) == 0)
      q.personal_availability.push_back(
          products_[static_cast<size_t>(Pick(static_cast<int>(products_.size())))]);
    for (int n = Pick(3); n > 0; --n)
      q.ordering.push_back({static_cast<ClientOrderField>(Pick(7)), Pick(2) != 0});
    if (Pick(5) != 0) {
      q.limit = 1 + Pick(25);
      q.offset = Pick(3) == 0 ? 0 : Pick(150);
    }
    return q;
  }

  static std::string Describe(const ClientQuery& q) {
    std::string out = "deleted=" + std::to_string(static_cast<int>(q.deleted)) +
                      " is_test=" + std::to_string(static_cast<int>(q.is_test));
    auto text = [&](const char* name, const std::optional<std::string>& v) {
      if (v) out += std::string(" ") + name + "=" + *v;
    };
    text("email", q.email_contains);
    text("name", q.name_contains);
    text("company", q.company_contains);
    text("custom_id", q.custom_id_contains);
    text("users_email", q.users_email_contains);
    text("users_name", q.users_name_contains);
    for (auto s : q.statuses) out += std::string(" status=") + ToString(s);
    if (q.filter_seller) out += " seller=" + std::to_string(q.seller ? q.seller->value : 0);
    if (q.filter_country) out += " country=" + q.country_code.value_or("-");
    if (q.reseller_account) out += " reseller_account=" + std::to_string(*q.reseller_account);
    if (q.created_gte) out += " gte=" + std::to_string(q.created_gte->micros);
    if (q.created_lte) out += " lte=" + std::to_string(q.created_lte->micros);
    for (const auto& [p, sts] : q.product_statuses) {
      out += " " + p + "=";
      for (auto s : sts) out += std::string(ToString(s)) + ",";
    }
    for (const auto& p : q.personal_availability) out += " personal=" + p;
    for (const auto& o : q.ordering)
      out += " order=" + std::string(o.descending ? "-" : "") +
             std::to_string(static_cast<int>(o.field));
    if (q.limit) out += " limit=" + std::to_string(*q.limit) + " offset=" + std::to_string(q.offset);
    return out;
  }

  // The products a page listed with its accounts (the index's) are their stored services: each
  // service's status and whether it is enabled, and nothing for a product without one.
  void ExpectListedProductsStored(Tx& tx, const ClientPage& page, const std::string& when) {
    const ListedProducts& listed = page.products;
    ASSERT_TRUE(listed.known) << when;
    ASSERT_EQ(listed.states.size(), page.items.size() * listed.products.size()) << when;
    std::vector<ClientId> ids;
    for (const auto& c : page.items) ids.push_back(c.id);
    auto services = tx.ListServices(org_, ids);
    ASSERT_TRUE(services.ok());
    std::map<std::pair<int64_t, std::string>, uint8_t> stored;
    for (const auto& v : *services)
      stored[{v.client.value, v.product}] = ListedProducts::Pack(v.status, v.enabled);
    size_t found = 0;
    for (size_t i = 0; i < ids.size(); ++i)
      for (size_t c = 0; c < listed.products.size(); ++c) {
        auto it = stored.find({ids[i].value, listed.products[c]});
        uint8_t want = it == stored.end() ? ListedProducts::kNone : it->second;
        found += it != stored.end();
        ASSERT_EQ(static_cast<int>(listed.State(i, c)), static_cast<int>(want))
            << when << ": account " << ids[i].value << ", " << listed.products[c];
      }
    ASSERT_EQ(found, stored.size()) << when << ": a product the page did not list";
  }

  // `q` answered by each instance's index equals the SQL's answer.
  void ExpectSame(const ClientQuery& q, const std::string& when) {
    for (Database* db : {&db(), second_.get()}) {
      ClientPage by_sql, by_index;
      ASSERT_TRUE(db->Read([&](Tx& tx) -> Status {
                      TRY(by_index, tx.ListClients(org_, q));
                      TRY(by_sql, dynamic_cast<sql::SqlTx&>(tx).ListClientsBySql(org_, q));
                      ExpectListedProductsStored(tx, by_index, when + ": " + Describe(q));
                      return Ok();
                    }).ok());
      if (HasFatalFailure()) return;
      ASSERT_EQ(by_index.count, by_sql.count) << when << ": " << Describe(q);
      ASSERT_EQ(IdsOf(by_index.items), IdsOf(by_sql.items)) << when << ": " << Describe(q);
      if (!by_index.items.empty()) {
        ASSERT_EQ(by_index.items.front().email, by_sql.items.front().email);
      }
    }
  }

  // Every query answered by each instance's index equals the SQL's answer.
  void ExpectAgreement(int queries, const char* when) {
    for (int i = 0; i < queries; ++i) {
      ExpectSame(RandomQuery(), std::string(when) + ", query " + std::to_string(i));
      if (HasFatalFailure()) return;
    }
  }

  // Every account status and every product in every status, alone, deleted and test accounts
  // included: what the set-based writes change, each looked at directly.
  void ExpectAgreementOnStatuses(const char* when) {
    ClientQuery base;
    base.deleted = base.is_test = FlagFilter::kAll;
    for (int st = 0; st < 5; ++st) {
      ClientQuery q = base;
      q.statuses = {static_cast<AccountStatus>(st)};
      ExpectSame(q, when);
      if (HasFatalFailure()) return;
    }
    for (const auto& p : products_)
      for (int st = 0; st < 6; ++st) {
        ClientQuery q = base;
        q.product_statuses.push_back({p, {static_cast<ProductStatus>(st)}});
        ExpectSame(q, when);
        if (HasFatalFailure()) return;
      }
  }

  std::mt19937 rng_{20261127};
  int next_email_ = 0;
  std::unique_ptr<Database> second_;
  OrgId org_, other_;
  std::vector<std::string> products_;
  std::vector<UserId> sellers_;
};

TEST_P(AccountListDifferentialTest, IndexAnswersExactlyAsTheSql) {
  for (int i = 0; i < 250; ++i) AddAccount(i % 2 ? db() : *second_, org_);
  for (int i = 0; i < 20; ++i) AddAccount(db(), other_);
  ExpectAgreement(150, "after loading");
  // Writes through either instance, each followed at once by queries on both.
  for (int round = 0; round < 25; ++round) {
    Change(round % 2 ? db() : *second_);
    ExpectAgreement(8, "right after a write");
  }
}

TEST_P(AccountListDifferentialTest, TwoInstancesWritingAtOnceStillAgree) {
  for (int i = 0; i < 120; ++i) AddAccount(db(), org_);
  ExpectAgreement(20, "before");
  std::vector<std::vector<Client>> drafts(2);
  for (int w = 0; w < 2; ++w)
    for (int i = 0; i < 30; ++i) {
      Client c;
      c.org = org_;
      Randomise(c);
      c.created_at = c.updated_at = kT0.PlusSeconds(Pick(30));
      drafts[static_cast<size_t>(w)].push_back(c);
    }
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 2; ++w)
    writers.emplace_back([&, w] {
      Database& db_w = w == 0 ? db() : *second_;
      for (auto& c : drafts[static_cast<size_t>(w)]) {
        // Each write also reads the list through the same instance, so the indexes catch up
        // while the other instance is writing.
        Status st = db_w.Write([&](Tx& tx) -> Status {
          TRY_STATUS(tx.InsertClient(c));
          return Ok();
        });
        ClientQuery q;
        q.limit = 5;
        Status rd = db_w.Read([&](Tx& tx) -> Status {
          TRY_STATUS(tx.ListClients(org_, q));
          return Ok();
        });
        if (!st.ok() || !rd.ok()) ++failures;
      }
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  ExpectAgreement(60, "after two instances wrote at once");
}

// The set-based writes of the jobs, each alone in a unit of work, through either instance.
TEST_P(AccountListDifferentialTest, IndexFollowsSetBasedWrites) {
  for (int i = 0; i < 120; ++i) AddAccount(i % 2 ? db() : *second_, org_);
  ExpectAgreementOnStatuses("after loading");
  for (int round = 0; round < 16; ++round) {
    ChangeInSets(round % 2 ? db() : *second_);
    const std::string when = "after set-based write " + std::to_string(round);
    ExpectAgreementOnStatuses(when.c_str());
    ExpectAgreement(4, when.c_str());
    if (HasFatalFailure()) return;
  }
}

// The lifecycle job itself (jobs/lifecycle.cc), in small batches on one instance: the trials it
// ends, the products it deletes and the account statuses it recomputes show in both indexes.
TEST_P(AccountListDifferentialTest, IndexFollowsTheLifecycleJob) {
  for (int i = 0; i < 150; ++i) AddAccount(i % 2 ? db() : *second_, org_);
  // Due work on most accounts: trials that have ended, ended trials past their deletion date.
  std::vector<Client> all = AllAccounts(db());
  ASSERT_TRUE(db().Write([&](Tx& tx) -> Status {
                    for (const auto& c : all) {
                      if (Pick(4) == 0) continue;
                      std::vector<ClientId> ids{c.id};
                      TRY(auto services, tx.ListServices(org_, ids));
                      for (auto& v : services) {
                        if (Pick(2) == 0) continue;
                        if (Pick(3) == 0) {
                          v.status = ProductStatus::kTrialEnd;
                          v.deleted_date = kT0.PlusSeconds(-1 - Pick(1000));
                        } else {
                          v.status = ProductStatus::kTrial;
                          v.start = kT0.PlusDays(-20);
                          v.trial_end = kT0.PlusSeconds(-1 - Pick(1000));
                        }
                        TRY_STATUS(tx.UpdateService(v));
                      }
                    }
                    return Ok();
                  }).ok());
  ExpectAgreementOnStatuses("before the job");
  auto report = jobs::RunLifecycle(*second_, kT0, /*batch=*/13);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_GT(report->trials_ended, 0);
  EXPECT_GT(report->products_deleted, 0);
  ExpectAgreementOnStatuses("after the job");
  ExpectAgreement(40, "after the job");
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountListDifferentialTest,
                         ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace clientele::storage::conformance
