// Conformance: migrations, unreachable and lost connections; the suite on every backend.
#include "storage/conformance/fixture.h"

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

}  // namespace

std::string BackendName(const ::testing::TestParamInfo<std::string>& param) { return param.param; }
INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace clientele::storage::conformance
