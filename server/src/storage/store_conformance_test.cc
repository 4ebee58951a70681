// One behaviour for every storage backend: each test runs on SQLite (":memory:", or a temp
// file where two handles must share a database) and on PostgreSQL when CLIENTELE_TEST_PG holds
// a connection URL of a maintenance database (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
// Each PostgreSQL test gets a fresh database, dropped afterwards. Without the variable the
// PostgreSQL instances are skipped with a message.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "domain/storage/unit_of_work.h"

namespace clientele::storage {
namespace sqlite {
extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrations;
}
namespace postgres {
extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrations;
}

namespace {

const Timestamp kT0 = Timestamp::FromSeconds(1'795'773'600);  // 2026-11-27T10:00:00Z

// ---------------------------------------------------------------------------------------------
// A scratch PostgreSQL database: created from the maintenance URL, dropped at the end.

std::string WithDatabase(const std::string& url, const std::string& name) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url + " dbname=" + name;  // key=value form
  auto start = scheme + 3;
  auto query = url.find('?', start);
  auto slash = url.find('/', start);
  auto end = query == std::string::npos ? url.size() : query;
  if (slash == std::string::npos || slash > end) slash = end;
  return url.substr(0, slash) + "/" + name + url.substr(end);
}

class PgScratch {
 public:
  explicit PgScratch(std::string admin_url) : admin_url_(std::move(admin_url)) {
    static std::atomic<int> counter{0};
    name_ = "clientele_conformance_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    Admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    Admin("CREATE DATABASE " + name_);
  }
  ~PgScratch() { Admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  std::string url() const { return WithDatabase(admin_url_, name_); }
  const std::string& name() const { return name_; }

  // Runs SQL on the maintenance database (no user data: names are generated above).
  void Admin(const std::string& sql) const {
    PGconn* c = PQconnectdb(admin_url_.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      ADD_FAILURE() << "cannot connect to CLIENTELE_TEST_PG: " << PQerrorMessage(c);
    } else {
      PGresult* r = PQexec(c, sql.c_str());
      if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(c);
  }

 private:
  std::string admin_url_;
  std::string name_;
};

// ---------------------------------------------------------------------------------------------
// Helpers

template <typename T>
T Value(Result<T> r, const char* what) {
  if (!r.ok()) {
    ADD_FAILURE() << what << ": " << r.error().message;
    return T{};
  }
  return std::move(r).value();
}
#define V(expr) Value((expr), #expr)

#define EXPECT_OK(expr)                                                           \
  do {                                                                            \
    auto&& s_ = (expr);                                                           \
    EXPECT_TRUE(s_.ok()) << #expr << ": " << (s_.ok() ? "" : s_.error().message); \
  } while (0)

template <typename R>
std::optional<ErrorCode> CodeOf(const R& r) {
  if (r.ok()) return std::nullopt;
  return r.error().code;
}

Client ClientDraft(OrgId org, const std::string& email, const std::string& company,
                   Timestamp created = kT0) {
  Client c;
  c.org = org;
  c.email = email;
  c.company_name = company;
  c.created_at = created;
  c.updated_at = created;
  return c;
}

std::vector<int64_t> IdsOf(const std::vector<Client>& list) {
  std::vector<int64_t> out;
  for (const auto& c : list) out.push_back(c.id.value);
  return out;
}

class StoreConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      const char* url = std::getenv("CLIENTELE_TEST_PG");
      if (!url || !*url)
        GTEST_SKIP() << "PostgreSQL not tested: set CLIENTELE_TEST_PG to a PostgreSQL URL "
                        "(scripts/test.sh starts a throwaway cluster and sets it)";
      pg_ = std::make_unique<PgScratch>(url);
    }
    db_ = OpenHandle(/*shared=*/false);
    ASSERT_TRUE(db_);
    auto applied = db_->Migrate();
    ASSERT_TRUE(applied.ok()) << applied.error().message;
  }

  void TearDown() override {
    db_.reset();
    std::error_code ec;
    if (!sqlite_file_.empty()) std::filesystem::remove_all(sqlite_file_.parent_path(), ec);
  }

  bool postgres() const { return GetParam() == "postgres"; }
  // PostgreSQL: ends every session on the test's database, as a server restart would.
  void TerminateSessions() {
    pg_->Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
               pg_->name() + "'");
  }
  Database& db() { return *db_; }

  // A database handle (its own pool) on the test's database. `shared`: SQLite uses a file so
  // that several handles, like several processes, see one database.
  std::unique_ptr<Database> OpenHandle(bool shared) {
    if (pg_) {
      auto db = postgres::PostgresDatabase::Open(pg_->url());
      EXPECT_TRUE(db.ok()) << db.error().message;
      return db.ok() ? std::unique_ptr<Database>(std::move(*db)) : nullptr;
    }
    std::string path = ":memory:";
    if (shared) {
      if (sqlite_file_.empty()) {
        char tmpl[] = "/tmp/clientele-conformance-XXXXXX";
        sqlite_file_ = std::filesystem::path(mkdtemp(tmpl)) / "store.db";
      }
      path = sqlite_file_.string();
    }
    auto db = sqlite::SqliteDatabase::Open(path);
    EXPECT_TRUE(db.ok()) << db.error().message;
    return db.ok() ? std::unique_ptr<Database>(std::move(*db)) : nullptr;
  }

  // Replaces the test's database with one that OpenHandle(true) handles share; migrated.
  void UseSharedDatabase() {
    db_.reset();
    db_ = OpenHandle(true);
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->Migrate().ok());
  }

  // Runs `f` as one write unit (rolled back if it fails) and returns its result.
  template <typename F>
  auto W(F&& f) -> decltype(f(std::declval<Tx&>())) {
    return Unit(true, std::forward<F>(f));
  }
  template <typename F>
  auto R(F&& f) -> decltype(f(std::declval<Tx&>())) {
    return Unit(false, std::forward<F>(f));
  }

  OrgId NewOrg(const std::string& name = "Org") {
    return V(W([&](Tx& tx) { return tx.InsertOrganisation({name, 14, 30}, kT0); })).id;
  }
  Client NewClient(OrgId org, const std::string& email, const std::string& company,
                   Timestamp created = kT0) {
    return V(W([&](Tx& tx) { return tx.InsertClient(ClientDraft(org, email, company, created)); }));
  }
  // One service per catalog product, all "new".
  std::vector<Service> AddServices(OrgId org, ClientId client) {
    std::vector<Service> services;
    for (const auto& p : V(R([&](Tx& tx) { return tx.ListProducts(); }))) {
      Service s;
      s.org = org;
      s.client = client;
      s.product = p.name;
      services.push_back(s);
    }
    EXPECT_OK(W([&](Tx& tx) { return tx.InsertServices(org, client, services); }));
    std::vector<ClientId> ids{client};
    return V(R([&](Tx& tx) { return tx.ListServices(org, ids); }));
  }
  Service ServiceOf(OrgId org, ClientId client, const std::string& product) {
    std::vector<ClientId> ids{client};
    for (auto& s : V(R([&](Tx& tx) { return tx.ListServices(org, ids); })))
      if (s.product == product) return s;
    ADD_FAILURE() << "no service " << product;
    return {};
  }
  std::vector<int64_t> List(OrgId org, const ClientQuery& q) {
    return IdsOf(V(R([&](Tx& tx) { return tx.ListClients(org, q); })).items);
  }
  User NewUser(OrgId org, std::optional<ClientId> client, const std::string& email,
               UserType type = UserType::kCommon) {
    User u;
    u.org = org;
    u.client = client;
    u.email = email;
    u.type = type;
    if (type == UserType::kCommon) u.group = Group::kAdministrators;
    u.password_hash = "hash";
    u.activated = true;
    u.created_at = kT0;
    return V(W([&](Tx& tx) { return tx.InsertUser(u); }));
  }

 private:
  template <typename F>
  auto Unit(bool write, F&& f) -> decltype(f(std::declval<Tx&>())) {
    using Out = decltype(f(std::declval<Tx&>()));
    std::optional<Out> out;
    auto work = [&](Tx& tx) -> Status {
      out.emplace(f(tx));
      if (!out->ok()) return out->error();
      return Ok();
    };
    Status st = write ? db_->Write(work) : db_->Read(work);
    if (!out) return Out(st.error());
    if (!st.ok() && out->ok()) return Out(st.error());  // the commit failed
    return std::move(*out);
  }

  std::unique_ptr<PgScratch> pg_;  // declared first: dropped after the handles close
  std::filesystem::path sqlite_file_;
  std::unique_ptr<Database> db_;
};

// ---------------------------------------------------------------------------------------------
// Migrations

TEST(StoreMigrationsTest, PostgresMirrorsEverySqliteMigration) {
  std::vector<std::string_view> sqlite_names, postgres_names;
  for (const auto& [name, sql] : sqlite::kMigrations) sqlite_names.push_back(name);
  for (const auto& [name, sql] : postgres::kMigrations) postgres_names.push_back(name);
  EXPECT_EQ(sqlite_names, postgres_names)
      << "every migrations/sqlite/NNNN_name.sql needs migrations/postgres/NNNN_name.sql";
}

TEST_P(StoreConformanceTest, MigrateTwiceAppliesNothingTheSecondTime) {
  auto again = db().Migrate();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0);
}

TEST_P(StoreConformanceTest, InstancesMigratingAtOnceApplyEachMigrationOnce) {
  if (postgres()) {
    // A second fresh database, migrated by four handles at the same moment.
    PgScratch fresh(std::getenv("CLIENTELE_TEST_PG"));
    std::vector<std::unique_ptr<Database>> handles;
    for (int i = 0; i < 4; ++i) {
      auto h = postgres::PostgresDatabase::Open(fresh.url(), 2);
      ASSERT_TRUE(h.ok()) << h.error().message;
      handles.push_back(std::move(*h));
    }
    std::vector<int> applied(handles.size(), -1);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < handles.size(); ++i)
      threads.emplace_back([&, i] {
        auto n = handles[i]->Migrate();
        applied[i] = n.ok() ? *n : -100;
      });
    for (auto& t : threads) t.join();
    int total = 0;
    for (int n : applied) {
      EXPECT_GE(n, 0);
      total += n;
    }
    EXPECT_EQ(total, static_cast<int>(postgres::kMigrations.size()));
  } else {
    UseSharedDatabase();
    auto other = OpenHandle(true);
    EXPECT_EQ(V(other->Migrate()), 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Settings and organisations

TEST_P(StoreConformanceTest, SettingsKeepBinaryValues) {
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetSetting("missing"); })), std::nullopt);
  const std::string binary("k\0e\xffy", 5);
  EXPECT_OK(W([&](Tx& tx) { return tx.PutSetting("signing_key", binary); }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetSetting("signing_key"); })), binary);
  EXPECT_OK(W([](Tx& tx) { return tx.PutSetting("signing_key", "second"); }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetSetting("signing_key"); })), "second");
}

TEST_P(StoreConformanceTest, OrganisationsInsertGetListAndTiming) {
  OrgId a = NewOrg("Alpha");
  OrgId b = NewOrg("Beta");
  EXPECT_NE(a, b);
  auto got = V(R([&](Tx& tx) { return tx.GetOrganisation(a); }));
  EXPECT_EQ(got.name, "Alpha");
  EXPECT_EQ(got.trial_days, 14);
  EXPECT_EQ(got.created_at, kT0);
  EXPECT_FALSE(got.reseller_client);
  EXPECT_EQ(CodeOf(R([](Tx& tx) { return tx.GetOrganisation(OrgId{999999}); })),
            ErrorCode::kNotFound);
  Client own = NewClient(a, "owner@alpha.example", "Alpha");
  EXPECT_OK(W([&](Tx& tx) { return tx.SetResellerClient(a, own.id); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetOrganisation(a); })).reseller_client, own.id);
  EXPECT_OK(W([&](Tx& tx) { return tx.SetOrganisationTiming(a, 7, 5); }));
  got = V(R([&](Tx& tx) { return tx.GetOrganisation(a); }));
  EXPECT_EQ(got.trial_days, 7);
  EXPECT_EQ(got.days_to_deleted, 5);
  EXPECT_EQ(CodeOf(W([](Tx& tx) { return tx.SetOrganisationTiming(OrgId{999999}, 7, 5); })),
            ErrorCode::kNotFound);
  auto all = V(R([](Tx& tx) { return tx.ListOrganisations(); }));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, a);
  EXPECT_EQ(all[1].id, b);
  auto products = V(R([](Tx& tx) { return tx.ListProducts(); }));
  ASSERT_EQ(products.size(), 6u);
  EXPECT_EQ(products[0].name, "CDN");
  EXPECT_EQ(products[4].title, "DDoS Protection");
}

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

// ---------------------------------------------------------------------------------------------
// The account list

class StoreAccountListTest : public StoreConformanceTest {
 protected:
  void SetUp() override {
    StoreConformanceTest::SetUp();
    if (IsSkipped()) return;
    org = NewOrg("Lister");
    other = NewOrg("Other");
    NewClient(other, "zed@other.example", "Zed Other");
    auto add = [&](const char* email, const char* company, std::optional<std::string> name,
                   int day) {
      Client d = ClientDraft(org, email, company, kT0.PlusDays(day));
      d.name = std::move(name);
      return V(W([&](Tx& tx) { return tx.InsertClient(d); }));
    };
    bravo = add("bravo@corp.example", "bravo Ltd", "beth", 1);
    alpha = add("Alpha@corp.example", "Alpha 100% Inc", "Adam", 2);
    charlie = add("charlie@other.example", "Charlie_Co", std::nullopt, 3);
    delta = add("delta@corp.example", "DELTA", "Dora", 4);
    echo = add("echo@corp.example", "echo", "eve", 5);
    // Flags, seller, country, custom id, status.
    delta.is_test = true;
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(delta); }));
    echo.deleted = true;
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(echo); }));
    seller = NewUser(org, std::nullopt, "seller@lister.example", UserType::kSeller);
    alpha.seller = seller.id;
    alpha.country_code = "DE";
    alpha.custom_id = "CRM-0042";
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(alpha); }));
    bravo.custom_id = "crm-0007";
    bravo.country_code = "FR";
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateClient(bravo); }));
    EXPECT_OK(
        W([&](Tx& tx) { return tx.SetClientStatus(org, bravo.id, AccountStatus::kTrial, kT0); }));
    for (const Client& c : {alpha, bravo, charlie, delta, echo}) AddServices(org, c.id);
    NewUser(org, charlie.id, "Person.One@People.example");
    User named = NewUser(org, bravo.id, "two@people.example");
    named.name = "Zoë Person";
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateUser(named); }));
  }

  OrgId org, other;
  Client alpha, bravo, charlie, delta, echo;
  User seller;
};

TEST_P(StoreAccountListTest, DefaultListHidesTestAndDeletedAccountsOrderedById) {
  EXPECT_EQ(List(org, {}),
            (std::vector<int64_t>{bravo.id.value, alpha.id.value, charlie.id.value}));
  ClientQuery all;
  all.is_test = FlagFilter::kAll;
  all.deleted = FlagFilter::kAll;
  EXPECT_EQ(List(org, all).size(), 5u);
  ClientQuery only_test;
  only_test.is_test = FlagFilter::kOnlyTrue;
  EXPECT_EQ(List(org, only_test), (std::vector<int64_t>{delta.id.value}));
  ClientQuery only_deleted;
  only_deleted.deleted = FlagFilter::kOnlyTrue;
  EXPECT_EQ(List(org, only_deleted), (std::vector<int64_t>{echo.id.value}));
  ClientQuery nothing;
  nothing.match_nothing = true;
  nothing.limit = 10;
  auto page = V(R([&](Tx& tx) { return tx.ListClients(org, nothing); }));
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.count, 0);
}

TEST_P(StoreAccountListTest, FiltersOnColumns) {
  ClientQuery q;
  q.ids = {alpha.id, charlie.id, echo.id};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value, charlie.id.value}));
  q = {};
  q.exclude_ids = {alpha.id};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value, charlie.id.value}));
  q = {};
  q.statuses = {AccountStatus::kTrial, AccountStatus::kActive};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value}));
  q = {};
  q.filter_seller = true;
  q.seller = seller.id;
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.seller.reset();
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value, charlie.id.value}));
  q = {};
  q.filter_country = true;
  q.country_code = "DE";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.country_code.reset();
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q = {};
  q.created_gte = kT0.PlusDays(2);
  q.created_lte = kT0.PlusDays(3);
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value, charlie.id.value}));
  q = {};
  q.reseller_account = true;
  EXPECT_TRUE(List(org, q).empty());
  q.reseller_account = false;
  EXPECT_EQ(List(org, q).size(), 3u);
}

TEST_P(StoreAccountListTest, SubstringFiltersAreCaseInsensitiveAndTakeWildcardsLiterally) {
  ClientQuery q;
  q.email_contains = "CORP";  // three characters or more: the trigram index
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value, alpha.id.value}));
  q.email_contains = "Ha";  // shorter: a plain scan
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value, charlie.id.value}));
  q = {};
  q.company_contains = "100%";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.company_contains = "%";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.company_contains = "_";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q.company_contains = "e_c";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q.company_contains = "e\\c";
  EXPECT_TRUE(List(org, q).empty());
  q = {};
  q.name_contains = "AD";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.name_contains = "no such name";
  EXPECT_TRUE(List(org, q).empty());
  q = {};
  q.custom_id_contains = "CRM-00";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value, alpha.id.value}));
  q = {};
  q.users_email_contains = "PERSON.one";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q = {};
  q.users_name_contains = "zoë";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value}));
  q.users_name_contains = "PERSON";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{bravo.id.value}));
  q = {};
  q.email_contains = "corp";
  q.company_contains = "alpha";
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
}

TEST_P(StoreAccountListTest, FiltersOnProducts) {
  Service cdn = ServiceOf(org, alpha.id, "CDN");
  cdn.status = ProductStatus::kTrial;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(cdn); }));
  Service dns = ServiceOf(org, charlie.id, "DNS");
  dns.status = ProductStatus::kActive;
  dns.available = true;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(dns); }));
  ClientQuery q;
  q.product_statuses = {{"CDN", {ProductStatus::kTrial, ProductStatus::kActive}}};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{alpha.id.value}));
  q.product_statuses = {{"CDN", {ProductStatus::kNew}}, {"DNS", {ProductStatus::kActive}}};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
  q = {};
  q.personal_availability = {"DNS"};
  EXPECT_EQ(List(org, q), (std::vector<int64_t>{charlie.id.value}));
}

TEST_P(StoreAccountListTest, OrderingNullsAndCaseInsensitiveColumns) {
  auto ordered = [&](ClientOrderField f, bool desc) {
    ClientQuery q;
    q.ordering = {{f, desc}};
    return List(org, q);
  };
  // Names: beth, Adam, (none) -> case-insensitive; NULL last ascending, first descending.
  EXPECT_EQ(ordered(ClientOrderField::kName, false),
            (std::vector<int64_t>{alpha.id.value, bravo.id.value, charlie.id.value}));
  EXPECT_EQ(ordered(ClientOrderField::kName, true),
            (std::vector<int64_t>{charlie.id.value, bravo.id.value, alpha.id.value}));
  // Companies: "bravo Ltd", "Alpha 100% Inc", "Charlie_Co".
  EXPECT_EQ(ordered(ClientOrderField::kCompanyName, false),
            (std::vector<int64_t>{alpha.id.value, bravo.id.value, charlie.id.value}));
  // E-mails are ordered by their lower-case key.
  EXPECT_EQ(ordered(ClientOrderField::kEmail, true),
            (std::vector<int64_t>{charlie.id.value, bravo.id.value, alpha.id.value}));
  // Custom ids compare byte-wise: "CRM-0042" < "crm-0007"; charlie has none.
  EXPECT_EQ(ordered(ClientOrderField::kCustomId, false),
            (std::vector<int64_t>{alpha.id.value, bravo.id.value, charlie.id.value}));
  EXPECT_EQ(ordered(ClientOrderField::kCustomId, true),
            (std::vector<int64_t>{charlie.id.value, bravo.id.value, alpha.id.value}));
  EXPECT_EQ(ordered(ClientOrderField::kCreatedAt, true),
            (std::vector<int64_t>{charlie.id.value, alpha.id.value, bravo.id.value}));
  // Ties fall back to id ascending: preparation (alpha, charlie) before trial (bravo).
  EXPECT_EQ(ordered(ClientOrderField::kStatus, false),
            (std::vector<int64_t>{alpha.id.value, charlie.id.value, bravo.id.value}));
  EXPECT_EQ(ordered(ClientOrderField::kId, true),
            (std::vector<int64_t>{charlie.id.value, alpha.id.value, bravo.id.value}));
}

TEST_P(StoreAccountListTest, PagesCarryTheExactCount) {
  ClientQuery q;
  q.is_test = FlagFilter::kAll;
  q.deleted = FlagFilter::kAll;
  q.limit = 2;
  auto first = V(R([&](Tx& tx) { return tx.ListClients(org, q); }));
  EXPECT_EQ(first.count, 5);
  EXPECT_EQ(IdsOf(first.items), (std::vector<int64_t>{bravo.id.value, alpha.id.value}));
  q.offset = 4;
  auto last = V(R([&](Tx& tx) { return tx.ListClients(org, q); }));
  EXPECT_EQ(last.count, 5);
  EXPECT_EQ(IdsOf(last.items), (std::vector<int64_t>{echo.id.value}));
  q.offset = 10;
  auto past = V(R([&](Tx& tx) { return tx.ListClients(org, q); }));
  EXPECT_EQ(past.count, 5);
  EXPECT_TRUE(past.items.empty());
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.ListClients(org, ClientQuery{}); })).count);
}

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

  auto ended = V(W([&](Tx& tx) { return tx.TrialsEnded(kT0.PlusDays(5), 10); }));
  ASSERT_EQ(ended.size(), 2u);
  EXPECT_EQ(ended[0].id, services[1].id);  // earliest trial end first
  EXPECT_EQ(ended[1].id, services[0].id);
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.TrialsEnded(kT0.PlusDays(5), 1); })).size(), 1u);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.TrialsEnded(kT0, 10); })).empty());

  auto soon = V(W([&](Tx& tx) { return tx.TrialsEndingSoon(kT0.PlusDays(10), 10); }));
  EXPECT_EQ(soon.size(), 3u);
  Service noticed = services[2];
  noticed.ends_soon_sent_for = noticed.trial_end;
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(noticed); }));
  soon = V(W([&](Tx& tx) { return tx.TrialsEndingSoon(kT0.PlusDays(10), 10); }));
  EXPECT_EQ(soon.size(), 2u);
  // A new trial end gets its own notice.
  noticed.trial_end = kT0.PlusDays(9);
  EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(noticed); }));
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.TrialsEndingSoon(kT0.PlusDays(10), 10); })).size(), 3u);

  auto deletions = V(W([&](Tx& tx) { return tx.DeletionsDue(kT0.PlusDays(5), 10); }));
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

// ---------------------------------------------------------------------------------------------
// E-mail outbox

OutboxEmail Email(OrgId org, const std::string& key, Timestamp due) {
  OutboxEmail e;
  e.org = org;
  e.kind = "trial_ended";
  e.dedupe_key = key;
  e.to_address = "to@example.com";
  e.to_name = "To";
  e.subject = "Subject " + key;
  e.text_body = "Body";
  e.next_attempt_at = due;
  e.created_at = kT0;
  return e;
}

TEST_P(StoreConformanceTest, OutboxDedupesClaimsLeasesAndRetries) {
  OrgId org = NewOrg();
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "k1", kT0)); })));
  EXPECT_FALSE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "k1", kT0)); })));
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "k2", kT0.PlusSeconds(10))); })));
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "k3", kT0.PlusDays(1))); })));

  const Timestamp now = kT0.PlusSeconds(60);
  auto claimed = V(W([&](Tx& tx) { return tx.ClaimDueEmails(now, now.PlusSeconds(300), 10, {}); }));
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].dedupe_key, "k1");
  EXPECT_EQ(claimed[1].dedupe_key, "k2");
  EXPECT_EQ(claimed[0].state, EmailState::kPending);
  // Leased: the same run, or another, does not take them again until the lease runs out.
  EXPECT_TRUE(
      V(W([&](Tx& tx) { return tx.ClaimDueEmails(now, now.PlusSeconds(300), 10, {}); })).empty());
  EXPECT_OK(W([&](Tx& tx) { return tx.MarkEmailSent(claimed[0].id, now); }));
  EXPECT_OK(W([&](Tx& tx) {
    return tx.MarkEmailFailed(claimed[1].id, 1, now.PlusSeconds(60), "451 try later", false);
  }));
  auto retry = V(
      W([&](Tx& tx) {
        return tx.ClaimDueEmails(now.PlusSeconds(61), now.PlusSeconds(400), 10, {});
      }));
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].dedupe_key, "k2");
  EXPECT_EQ(retry[0].attempts, 1);
  EXPECT_EQ(retry[0].last_error, "451 try later");
  EXPECT_OK(W([&](Tx& tx) { return tx.MarkEmailFailed(retry[0].id, 2, now, "550 no", true); }));
  // A lease that ran out (the sender died) makes the e-mail due again.
  auto later = V(W([&](Tx& tx) {
    return tx.ClaimDueEmails(kT0.PlusDays(2), kT0.PlusDays(2).PlusSeconds(300), 10, {});
  }));
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].dedupe_key, "k3");

  auto listed = V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); }));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].dedupe_key, "k3");  // newest first
  EXPECT_EQ(listed[1].state, EmailState::kFailed);
  EXPECT_EQ(listed[2].state, EmailState::kSent);
  EXPECT_EQ(listed[2].sent_at, now);
  EXPECT_EQ(listed[2].attempts, 1);
  OrgId quiet = NewOrg("Quiet");
  EXPECT_TRUE(V(R([&](Tx& tx) { return tx.ListOutbox(quiet, 10); })).empty());
}

// A sent or given-up e-mail keeps no body (it may hold a one-time link); with a seal key the
// bodies of pending ones are stored sealed; a claim can leave out organisations.
TEST_P(StoreConformanceTest, OutboxSealsBodiesClearsThemOnceDoneAndSkipsOrgs) {
  ASSERT_TRUE(crypto::Init());
  const std::string key = crypto::RandomBytes(crypto::kSecretKeyBytes);
  db().SetOutboxHooks({key, {}});
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  for (const char* k : {"s1", "s2", "s3"}) {
    OutboxEmail e = Email(org, k, kT0);
    e.text_body = "Reset: https://portal.example/reset?token=tok-" + std::string(k);
    e.html_body = "<a href=\"https://portal.example/reset?token=tok-" + std::string(k) + "\">";
    EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(e); })));
  }
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(other, "o1", kT0)); })));

  auto stored = V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); }));
  ASSERT_EQ(stored.size(), 3u);
  for (const auto& e : stored) {
    EXPECT_EQ(e.text_body.find("token"), std::string::npos) << e.text_body;
    EXPECT_EQ(e.html_body.find("token"), std::string::npos) << e.html_body;
    std::string text;
    ASSERT_TRUE(crypto::OpenText(key, e.text_body, text));
    EXPECT_EQ(text, "Reset: https://portal.example/reset?token=tok-" + e.dedupe_key);
  }

  auto claimed = V(W([&](Tx& tx) {
    return tx.ClaimDueEmails(kT0, kT0.PlusSeconds(300), 10, std::vector<OrgId>{org});
  }));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].org, other);
  claimed = V(W([&](Tx& tx) {
    return tx.ClaimDueEmails(kT0, kT0.PlusSeconds(300), 10, std::vector<OrgId>{other, OrgId{999}});
  }));
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_TRUE(crypto::IsSealedText(claimed[0].text_body));
  EXPECT_EQ(claimed[0].next_attempt_at, kT0);  // as before the lease

  EXPECT_OK(W([&](Tx& tx) { return tx.MarkEmailSent(claimed[0].id, kT0); }));
  EXPECT_OK(W([&](Tx& tx) {
    return tx.MarkEmailFailed(claimed[1].id, 15, kT0.PlusSeconds(60), "550 no", true);
  }));
  EXPECT_OK(W([&](Tx& tx) {
    return tx.MarkEmailFailed(claimed[2].id, 1, kT0.PlusSeconds(60), "451 later", false);
  }));
  std::map<int64_t, OutboxEmail> after;
  for (auto& e : V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); }))) after[e.id] = e;
  for (int i : {0, 1}) {
    const OutboxEmail& done = after[claimed[i].id];
    EXPECT_EQ(done.text_body, "") << i;
    EXPECT_EQ(done.html_body, "") << i;
    EXPECT_EQ(done.subject, claimed[i].subject);  // the record stays
    EXPECT_EQ(done.to_address, "to@example.com");
  }
  EXPECT_EQ(after[claimed[0].id].state, EmailState::kSent);
  EXPECT_EQ(after[claimed[1].id].state, EmailState::kFailed);
  EXPECT_EQ(after[claimed[2].id].text_body, claimed[2].text_body);  // still to be sent
}

// Delivery is woken when a unit that queued an e-mail commits: not for a duplicate, not for
// a unit that rolls back, not for reads.
TEST_P(StoreConformanceTest, OutboxHookRunsAfterCommitOfQueuedEmail) {
  ASSERT_TRUE(crypto::Init());
  std::atomic<int> calls{0};
  db().SetOutboxHooks({"", [&] { ++calls; }});
  OrgId org = NewOrg();
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "h1", kT0)); })));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "h1", kT0)); })));
  EXPECT_EQ(calls, 1);
  Status rolled_back = db().Write([&](Tx& tx) -> Status {
    TRY(bool queued, tx.EnqueueEmail(Email(org, "h2", kT0)));
    EXPECT_TRUE(queued);
    return MakeError(ErrorCode::kFailedPrecondition, "changed my mind");
  });
  EXPECT_FALSE(rolled_back.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListOutbox(org, 10); })).size(), 1u);
  // The hook runs once the connection is free again: it may start a unit of work of its own.
  db().SetOutboxHooks({"", [&] {
                         ++calls;
                         EXPECT_OK(db().Read([](Tx& tx) -> Status {
                           return tx.GetSetting("x").ok() ? Ok() : Internal("read failed");
                         }));
                       }});
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "h3", kT0)); })));
  EXPECT_EQ(calls, 2);
  // Without text, nothing is sealed.
  db().SetOutboxHooks({crypto::RandomBytes(crypto::kSecretKeyBytes), {}});
  OutboxEmail plain = Email(org, "h4", kT0);
  plain.html_body = "";
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.EnqueueEmail(plain); })));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListOutbox(org, 1); }))[0].html_body, "");
}

TEST_P(StoreConformanceTest, MailTestsAreKeptPerOrganisation) {
  OrgId org = NewOrg();
  OrgId other = NewOrg("Other");
  MailTest draft;
  draft.org = org;
  draft.to_address = "ops@example.com";
  draft.created_at = kT0;
  MailTest t = V(W([&](Tx& tx) { return tx.InsertMailTest(draft); }));
  EXPECT_GT(t.id, 0);
  EXPECT_EQ(t.state, MailTestState::kSending);
  EXPECT_EQ(t.to_address, "ops@example.com");
  EXPECT_EQ(t.created_at, kT0);
  EXPECT_FALSE(t.finished_at.has_value());
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetMailTest(other, t.id); })), ErrorCode::kNotFound);
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.SendingMailTest(org, kT0.PlusSeconds(-60)); }))->id,
            t.id);
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.SendingMailTest(org, kT0); })).has_value());
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.SendingMailTest(other, kT0.PlusSeconds(-60)); }))
                   .has_value());
  // Another organisation can't finish it.
  EXPECT_OK(W([&](Tx& tx) {
    return tx.FinishMailTest(other, t.id, MailTestState::kSent, "", 0, kT0.PlusSeconds(2));
  }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetMailTest(org, t.id); })).state, MailTestState::kSending);
  EXPECT_OK(W([&](Tx& tx) {
    return tx.FinishMailTest(org, t.id, MailTestState::kFailed, "recipient_refused", 550,
                             kT0.PlusSeconds(3));
  }));
  MailTest done = V(R([&](Tx& tx) { return tx.GetMailTest(org, t.id); }));
  EXPECT_EQ(done.state, MailTestState::kFailed);
  EXPECT_EQ(done.failure, "recipient_refused");
  EXPECT_EQ(done.reply_code, 550);
  EXPECT_EQ(done.finished_at, kT0.PlusSeconds(3));
  EXPECT_FALSE(V(R([&](Tx& tx) { return tx.SendingMailTest(org, kT0.PlusSeconds(-60)); }))
                   .has_value());
  EXPECT_OK(W([&](Tx& tx) { return tx.DeleteMailTests(other, kT0.PlusDays(1)); }));
  EXPECT_TRUE(R([&](Tx& tx) { return tx.GetMailTest(org, t.id); }).ok());
  EXPECT_OK(W([&](Tx& tx) { return tx.DeleteMailTests(org, kT0.PlusDays(1)); }));
  EXPECT_EQ(CodeOf(R([&](Tx& tx) { return tx.GetMailTest(org, t.id); })), ErrorCode::kNotFound);
}

// Two instances (two handles, each its own pool) run the outbox and the trial job at once:
// every row is taken by exactly one of them.
TEST_P(StoreConformanceTest, ConcurrentRunnersNeverTakeTheSameRow) {
  UseSharedDatabase();
  OrgId org = NewOrg();
  constexpr int kEmails = 60;
  for (int i = 0; i < kEmails; ++i)
    EXPECT_TRUE(
        V(W([&](Tx& tx) { return tx.EnqueueEmail(Email(org, "c" + std::to_string(i), kT0)); })));
  constexpr int kAccounts = 20;
  for (int i = 0; i < kAccounts; ++i) {
    Client c = NewClient(org, "t" + std::to_string(i) + "@example.com", "T");
    auto services = AddServices(org, c.id);
    Service s = services[0];
    s.status = ProductStatus::kTrial;
    s.trial_end = kT0.PlusSeconds(i);
    EXPECT_OK(W([&](Tx& tx) { return tx.UpdateService(s); }));
  }

  std::vector<std::unique_ptr<Database>> handles;
  handles.push_back(OpenHandle(true));
  handles.push_back(OpenHandle(true));
  std::vector<std::vector<int64_t>> emails(2), services(2);
  std::vector<std::thread> threads;
  for (int h = 0; h < 2; ++h)
    threads.emplace_back([&, h] {
      for (;;) {
        std::vector<OutboxEmail> batch;
        Status st = handles[h]->Write([&](Tx& tx) -> Status {
          TRY(batch, tx.ClaimDueEmails(kT0, kT0.PlusSeconds(300), 7, {}));
          return Ok();
        });
        if (!st.ok()) ADD_FAILURE() << st.error().message;
        if (!st.ok() || batch.empty()) break;
        for (const auto& e : batch) emails[h].push_back(e.id);
      }
      for (;;) {
        size_t taken = 0;
        Status st = handles[h]->Write([&](Tx& tx) -> Status {
          TRY(auto due, tx.TrialsEnded(kT0.PlusDays(1), 3));
          for (Service s : due) {
            s.status = ProductStatus::kTrialEnd;
            TRY_STATUS(tx.UpdateService(s));
            services[h].push_back(s.id.value);
          }
          taken = due.size();
          return Ok();
        });
        if (!st.ok()) ADD_FAILURE() << st.error().message;
        if (!st.ok() || taken == 0) break;
      }
    });
  for (auto& t : threads) t.join();
  for (auto* taken : {&emails, &services}) {
    std::set<int64_t> all;
    size_t total = 0;
    for (const auto& list : *taken) {
      all.insert(list.begin(), list.end());
      total += list.size();
    }
    EXPECT_EQ(total, all.size()) << "a row was taken twice";
    EXPECT_EQ(static_cast<int>(all.size()), taken == &emails ? kEmails : kAccounts);
  }
}

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
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.UseRefreshSession(stored.id, kT0); })));
  EXPECT_FALSE(V(W([&](Tx& tx) { return tx.UseRefreshSession(stored.id, kT0); })));
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

TEST_P(StoreConformanceTest, ThrottlesPutGetReplaceDeleteAndPurge) {
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetThrottle("signin:abc"); })), std::nullopt);
  Throttle t;
  t.key = "signin:abc";
  t.count = 3;
  t.window_start = kT0;
  t.updated_at = kT0.PlusSeconds(5);
  EXPECT_OK(W([&](Tx& tx) { return tx.PutThrottle(t); }));
  auto got = V(R([](Tx& tx) { return tx.GetThrottle("signin:abc"); }));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->count, 3);
  EXPECT_EQ(got->window_start, kT0);
  EXPECT_EQ(got->blocked_until, std::nullopt);
  EXPECT_EQ(got->updated_at, kT0.PlusSeconds(5));

  t.count = 6;
  t.blocked_until = kT0.PlusSeconds(120);
  t.updated_at = kT0.PlusSeconds(60);
  EXPECT_OK(W([&](Tx& tx) { return tx.PutThrottle(t); }));
  got = V(R([](Tx& tx) { return tx.GetThrottle("signin:abc"); }));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->count, 6);
  EXPECT_EQ(got->blocked_until, kT0.PlusSeconds(120));

  Throttle other = t;
  other.key = "mail:forgot:def";
  other.blocked_until.reset();
  other.updated_at = kT0.PlusDays(1);
  EXPECT_OK(W([&](Tx& tx) { return tx.PutThrottle(other); }));
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.DeleteThrottlesBefore(kT0.PlusSeconds(61)); })), 1);
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetThrottle("signin:abc"); })), std::nullopt);
  EXPECT_TRUE(V(R([](Tx& tx) { return tx.GetThrottle("mail:forgot:def"); })));
  EXPECT_OK(W([](Tx& tx) { return tx.DeleteThrottle("mail:forgot:def"); }));
  EXPECT_OK(W([](Tx& tx) { return tx.DeleteThrottle("mail:forgot:def"); }));  // gone is fine
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetThrottle("mail:forgot:def"); })), std::nullopt);
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

TEST_P(StoreConformanceTest, FilterPresets) {
  OrgId org = NewOrg();
  User u = NewUser(org, std::nullopt, "p@example.com", UserType::kSeller);
  User v = NewUser(org, std::nullopt, "q@example.com", UserType::kSeller);
  for (const char* name : {"beta", "Alpha", "gamma"})
    V(W([&](Tx& tx) { return tx.InsertPreset({0, org, u.id, name, "{}", kT0}); }));
  EXPECT_EQ(CodeOf(W([&](Tx& tx) {
              return tx.InsertPreset({0, org, u.id, "beta", "{}", kT0});
            })),
            ErrorCode::kAlreadyExists);
  V(W([&](Tx& tx) { return tx.InsertPreset({0, org, v.id, "beta", "{}", kT0}); }));
  auto list = V(R([&](Tx& tx) { return tx.ListPresets(org, u.id); }));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].name, "Alpha");
  EXPECT_EQ(list[1].name, "beta");
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.DeletePreset(org, v.id, list[0].id); })),
            ErrorCode::kNotFound);
  EXPECT_OK(W([&](Tx& tx) { return tx.DeletePreset(org, u.id, list[0].id); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListPresets(org, u.id); })).size(), 2u);
}

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
}

TEST_P(StoreConformanceTest, BrandingDefaultsAndSealedPassword) {
  OrgId org = NewOrg();
  Branding empty = V(R([&](Tx& tx) { return tx.GetBranding(org); }));
  EXPECT_EQ(empty.org, org);
  EXPECT_TRUE(empty.brand_name.empty());
  EXPECT_FALSE(empty.smtp_password_sealed);
  Branding b = empty;
  b.brand_name = "Acme Cloud";
  b.smtp_host = "mail.example";
  b.smtp_port = 587;
  b.smtp_tls = "tls";
  b.smtp_password_sealed = std::string("\x00sealed\xff", 8);
  b.updated_at = kT0;
  EXPECT_OK(W([&](Tx& tx) { return tx.PutBranding(b); }));
  b.support_email = "help@example.com";
  EXPECT_OK(W([&](Tx& tx) { return tx.PutBranding(b); }));
  Branding got = V(R([&](Tx& tx) { return tx.GetBranding(org); }));
  EXPECT_EQ(got.brand_name, "Acme Cloud");
  EXPECT_EQ(got.support_email, "help@example.com");
  EXPECT_EQ(got.smtp_port, 587);
  EXPECT_EQ(got.smtp_password_sealed, std::string("\x00sealed\xff", 8));
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
  EXPECT_OK(
      W([&](Tx& tx) { return tx.ExpireOneTimeTokens(anna.id, LinkPurpose::kPasswordReset, kT0); }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.FindOneTimeToken("link-hash"); })).expires_at,
            kT0.PlusDays(1));
  EXPECT_OK(
      W([&](Tx& tx) { return tx.ExpireOneTimeTokens(anna.id, LinkPurpose::kInvitation, kT0); }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.FindOneTimeToken("link-hash"); })).expires_at, kT0);
  EXPECT_TRUE(V(W([&](Tx& tx) { return tx.UseOneTimeToken(stored.id, kT0); })));
  EXPECT_FALSE(V(W([&](Tx& tx) { return tx.UseOneTimeToken(stored.id, kT0); })));
}

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
  auto due = V(W([&](Tx& tx) { return tx.DeletionRequestsDue(kT0.PlusDays(11), 10); }));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].client, b.id);  // earliest due first
  EXPECT_EQ(due[1].stopped_services, (std::vector<ServiceId>{services[0].id, services[2].id}));
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.DeletionRequestsDue(kT0.PlusDays(6), 10); })).size(), 1u);

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

// ---------------------------------------------------------------------------------------------
// PostgreSQL: unreachable server, lost connections

TEST_P(StoreConformanceTest, UnreachableDatabaseIsUnavailable) {
  if (!postgres()) GTEST_SKIP() << "SQLite has no server to lose";
  auto db =
      postgres::PostgresDatabase::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
}

TEST_P(StoreConformanceTest, AConnectionLostFailsItsUnitAndIsReopenedOnTheNextUse) {
  if (!postgres()) GTEST_SKIP() << "SQLite has no server to lose";
  OrgId org = NewOrg();
  // The server ends the sessions (a restart, a failover) while a unit of work runs on one.
  Status st = db().Read([&](Tx& tx) -> Status {
    TerminateSessions();
    return tx.GetOrganisation(org).ok() ? Ok() : Status(tx.GetOrganisation(org).error());
  });
  EXPECT_EQ(CodeOf(st), ErrorCode::kUnavailable);
  // The pool drops dead connections and opens new ones.
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetOrganisation(org); })).id, org);
  TerminateSessions();  // idle connections die too: the next unit reconnects before it starts
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.GetOrganisation(org); })).id, org);
}

std::string BackendName(const ::testing::TestParamInfo<std::string>& param) { return param.param; }
INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::Values("sqlite", "postgres"),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, StoreAccountListTest, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace
}  // namespace clientele::storage
