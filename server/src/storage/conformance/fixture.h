// One behaviour for every storage backend: each test runs on SQLite (":memory:", or a temp
// file where two handles must share a database) and on PostgreSQL when CLIENTELE_TEST_PG holds
// a connection URL of a maintenance database (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
// Each PostgreSQL test gets a fresh database, dropped afterwards. Without the variable the
// PostgreSQL instances are skipped with a message.
//
// This header holds the fixture; the cases are in the *_test.cc files beside it, one per
// aggregate, and backends_test.cc instantiates the suite for each backend.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.h"
#include "domain/storage/unit_of_work.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace clientele::storage {
namespace sqlite {
extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrations;
}
namespace postgres {
extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrations;
}

namespace conformance {

inline const Timestamp kT0 = Timestamp::FromSeconds(1'795'773'600);  // 2026-11-27T10:00:00Z

// ---------------------------------------------------------------------------------------------
// A scratch PostgreSQL database: created from the maintenance URL, dropped at the end.

inline std::string WithDatabase(const std::string& url, const std::string& name) {
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

  // The first value of the first row of `sql` run on the scratch database, as text ("" if none).
  std::string Value(const std::string& sql) const {
    std::string out;
    PGconn* c = PQconnectdb(url().c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      ADD_FAILURE() << "cannot connect to the scratch database: " << PQerrorMessage(c);
    } else {
      PGresult* r = PQexec(c, sql.c_str());
      if (PQresultStatus(r) != PGRES_TUPLES_OK)
        ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
      else if (PQntuples(r) > 0)
        out = PQgetvalue(r, 0, 0);
      PQclear(r);
    }
    PQfinish(c);
    return out;
  }

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

inline Client ClientDraft(OrgId org, const std::string& email, const std::string& company,
                   Timestamp created = kT0) {
  Client c;
  c.org = org;
  c.email = email;
  c.company_name = company;
  c.created_at = created;
  c.updated_at = created;
  return c;
}

inline std::vector<int64_t> IdsOf(const std::vector<Client>& list) {
  std::vector<int64_t> out;
  for (const auto& c : list) out.push_back(c.id.value);
  return out;
}

// The test name suffix of a backend ("sqlite", "postgres"); in backends_test.cc.
std::string BackendName(const ::testing::TestParamInfo<std::string>& param);

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

  // PostgreSQL: how many transactions are waiting for the advisory lock (space, key) of
  // storage/sql/locking_tx.h, as pg_locks shows it.
  int64_t LockWaiters(int32_t space, int32_t key) {
    return std::stoll(pg_->Value(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND objsubid = 2 AND classid = " +
        std::to_string(static_cast<uint32_t>(space)) +
        " AND objid = " + std::to_string(static_cast<uint32_t>(key)) +
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
  }
  // Polls (bounded: 30 s) until `done` holds; false if it never did.
  static bool Eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 3000; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  }

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

}  // namespace conformance
}  // namespace clientele::storage
