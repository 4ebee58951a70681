// Conformance: migrations, unreachable and lost connections; the suite on every backend.
#include "storage/conformance/fixture.h"

#include <stdexcept>

#include "storage/postgres/connection.h"

namespace clientele::storage::conformance {
namespace {

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

// ---------------------------------------------------------------------------------------------
// PostgreSQL: results read as they arrive (Connection::Stream, for an account index's load)

TEST(PostgresStreamTest, RowsArriveInOrderAndAFailureLeavesTheConnectionUsable) {
  const char* admin = std::getenv("CLIENTELE_TEST_PG");
  if (!admin || !*admin) GTEST_SKIP() << "CLIENTELE_TEST_PG not set";
  PgScratch scratch(admin);
  postgres::Connection conn(scratch.url());
  const std::string series = "SELECT g FROM generate_series(1, $1::bigint) g";

  int64_t rows = 0, last = 0;
  bool ordered = true;
  conn.Stream(series, std::vector<postgres::Param>{postgres::Arg(int64_t{100000})},
              [&](const postgres::Row& r) {
                ordered = ordered && r.Int(0) == last + 1;
                last = r.Int(0);
                ++rows;
              });
  EXPECT_EQ(rows, 100000);
  EXPECT_TRUE(ordered);

  // The reader gives up half-way: its exception comes out, the rest of the result is dropped.
  int64_t seen = 0;
  EXPECT_THROW(conn.Stream(series, std::vector<postgres::Param>{postgres::Arg(int64_t{1000})},
                           [&](const postgres::Row&) {
                             if (++seen == 10) throw std::runtime_error("enough");
                           }),
               std::runtime_error);
  EXPECT_EQ(seen, 10);
  EXPECT_EQ(conn.Query("SELECT 7::bigint")[0].Int(0), 7);

  // The server fails after sending some rows.
  EXPECT_THROW(conn.Stream("SELECT 100 / (50 - g) FROM generate_series(1, 100) g", {},
                           [](const postgres::Row&) {}),
               postgres::PgError);
  EXPECT_EQ(conn.Query("SELECT 8::bigint")[0].Int(0), 8);
}

}  // namespace

std::string BackendName(const ::testing::TestParamInfo<std::string>& param) { return param.param; }
INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace clientele::storage::conformance
