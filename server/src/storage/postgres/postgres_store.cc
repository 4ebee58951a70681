#include "storage/postgres/postgres_store.h"

#include <spdlog/spdlog.h>

#include <string_view>
#include <utility>

#include "storage/postgres/connection.h"
#include "storage/postgres/session.h"
#include "storage/sql/locking_tx.h"
#include "storage/sql/tx.h"

// The PostgreSQL database: its connection pool, transactions and migrations. The statements are
// shared with SQLite (storage/sql/); PostgreSQL's own SQL is in session.cc.
namespace clientele::storage::postgres {

extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrations;

namespace {

// Advisory lock keys (per database). "Clientel" and "Clientew" in ASCII. The locks of write
// units are in storage/sql/locking_tx.h (two-key form, so they never meet these).
constexpr int64_t kMigrationLock = 0x436c69656e74656c;
// Versions before per-organisation locking took this lock exclusively for every write unit.
// Write units take it shared, which costs nothing among instances of this version and keeps
// them out of an older instance's way (and it out of theirs) during a rolling upgrade.
constexpr int64_t kLegacyWriterLock = 0x436c69656e746577;

}  // namespace

// Borrows a connection from the pool for one unit of work, opening one if the pool has room.
class PostgresDatabase::Lease {
 public:
  explicit Lease(PostgresDatabase& db) : db_(db) {}
  ~Lease() { Release(); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  Status Acquire() {
    std::unique_lock lock(db_.mu_);
    db_.cv_.wait(lock, [&] { return !db_.idle_.empty() || db_.open_ < db_.pool_size_; });
    if (!db_.idle_.empty()) {
      conn_ = std::move(db_.idle_.back());
      db_.idle_.pop_back();
      return Ok();
    }
    ++db_.open_;
    lock.unlock();
    return Connect();
  }

  // Replaces a connection found dead before any work ran on it (e.g. the server restarted).
  Status Renew() {
    conn_.reset();
    return Connect();
  }

  Connection& operator*() { return *conn_; }

 private:
  // The slot is already counted in open_.
  Status Connect() {
    try {
      conn_ = db_.Connect();
      return Ok();
    } catch (const PgError& e) {
      std::lock_guard lock(db_.mu_);
      --db_.open_;
      db_.cv_.notify_one();
      return MapError(e);
    }
  }

  void Release() {
    std::lock_guard lock(db_.mu_);
    if (conn_ && conn_->reusable()) {
      db_.idle_.push_back(std::move(conn_));
    } else {
      conn_.reset();  // broken, or stuck in a transaction: the next use opens a fresh one
      --db_.open_;
    }
    db_.cv_.notify_one();
  }

  PostgresDatabase& db_;
  std::unique_ptr<Connection> conn_;
};

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const std::string& conninfo,
                                                                 int pool_size, bool bulk_writes) {
  std::unique_ptr<PostgresDatabase> db(
      new PostgresDatabase(conninfo, std::max(1, pool_size), bulk_writes));
  try {
    db->idle_.push_back(db->Connect());
    db->open_ = 1;
  } catch (const PgError& e) {
    return MakeError(ErrorCode::kUnavailable, e.what());
  }
  return db;
}

PostgresDatabase::PostgresDatabase(std::string conninfo, int pool_size, bool bulk_writes)
    : conninfo_(std::move(conninfo)), pool_size_(pool_size), bulk_writes_(bulk_writes) {}

std::unique_ptr<Connection> PostgresDatabase::Connect() const {
  auto conn = std::make_unique<Connection>(conninfo_);
  if (bulk_writes_) conn->PlanEveryStatement();
  return conn;
}

PostgresDatabase::~PostgresDatabase() = default;

Status PostgresDatabase::Read(const std::function<Status(Tx&)>& work) { return Run(false, work); }
Status PostgresDatabase::Write(const std::function<Status(Tx&)>& work) { return Run(true, work); }

Status PostgresDatabase::Run(bool write, const std::function<Status(Tx&)>& work) {
  bool queued_email = false;
  Status result = RunLeased(write, work, queued_email);
  // After the connection is back in the pool: the hook may wake a thread that writes at once.
  if (queued_email && outbox_hooks_.email_committed) outbox_hooks_.email_committed();
  return result;
}

void PostgresDatabase::SetOutboxHooks(OutboxHooks hooks) { outbox_hooks_ = std::move(hooks); }

Status PostgresDatabase::RunLeased(bool write, const std::function<Status(Tx&)>& work,
                                   bool& queued_email) {
  // Reads see one snapshot for the whole unit, like an SQLite read transaction.
  //
  // Writes run in READ COMMITTED through LockingTx, which takes the lock of each organisation
  // before the unit touches its data (storage/sql/locking_tx.h): units of one organisation run
  // one at a time, as the domain's read-modify-write units need (without it, two units could
  // read the same account, each change a different product, and store an account status
  // computed from a view missing the other's change), while units of different organisations
  // run side by side. Waiting for a lock counts against lock_timeout (5 s), like SQLite's busy
  // timeout. Readers never wait for it.
  const std::string begin = write ? "BEGIN; SELECT pg_advisory_xact_lock_shared(" +
                                        std::to_string(kLegacyWriterLock) + ")"
                                  : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  Lease lease(*this);
  TRY_STATUS(lease.Acquire());
  try {
    (*lease).Simple(begin);
  } catch (const PgError& e) {
    if (!e.connection_lost()) return MapError(e);
    // An idle connection found dead: nothing ran on it yet, so open a new one and go on.
    TRY_STATUS(lease.Renew());
    try {
      (*lease).Simple(begin);
    } catch (const PgError& again) {
      return MapError(again);
    }
  }
  Connection& conn = *lease;
  PostgresSession session(conn);
  sql::SqlTx tx(session, outbox_hooks_, &account_indexes_);
  sql::UnitLocks locks(session);
  sql::LockingTx locking(tx, locks);
  Status result = Internal("unit of work did not finish");
  try {
    result = write ? work(locking) : work(tx);
    if (result.ok() && write) result = locking.Finish();
  } catch (const PgError& e) {
    result = MapError(e);
  } catch (const sql::Failure& e) {
    result = e.error;
  } catch (...) {
    try {
      conn.Simple("ROLLBACK");
    } catch (const PgError&) {
    }
    throw;
  }
  if (!result.ok()) {
    try {
      conn.Simple("ROLLBACK");
    } catch (const PgError&) {
      // A lost connection rolls back by itself; the pool drops it.
    }
    return result;
  }
  try {
    // A unit that ignored a failed statement finds its transaction aborted: PostgreSQL then
    // answers COMMIT with ROLLBACK.
    if (conn.Simple("COMMIT") != "COMMIT")
      return Internal("the transaction was rolled back because a statement in it failed");
  } catch (const PgError& e) {
    return MapError(e);
  }
  queued_email = tx.queued_email();
  return result;
}

Result<int> PostgresDatabase::Migrate() {
  Lease lease(*this);
  TRY_STATUS(lease.Acquire());
  Connection& conn = *lease;
  try {
    // Instances starting together queue here; each migration is applied once, in its own
    // transaction, by whichever holds the lock. A migration may take long, so no lock timeout.
    conn.Simple("SET lock_timeout = 0");
    conn.Query("SELECT pg_advisory_lock($1)", {Arg(kMigrationLock)});
    int applied = 0;
    try {
      conn.Simple(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, "
          "applied_at BIGINT NOT NULL)");
      for (const auto& [name, sql] : kMigrations) {
        conn.Simple("BEGIN");
        if (!conn.Query("SELECT 1 FROM schema_migrations WHERE version = $1", {Arg(name)})
                 .empty()) {
          conn.Simple("COMMIT");
          continue;
        }
        conn.Simple(std::string(sql));
        conn.Query(
            "INSERT INTO schema_migrations (version, applied_at) "
            "VALUES ($1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)",
            {Arg(name)});
        if (conn.Simple("COMMIT") != "COMMIT")
          throw PgError("", "migration " + std::string(name) + " was rolled back");
        spdlog::info("applied migration {}", name);
        ++applied;
      }
    } catch (const PgError&) {
      try {
        conn.Simple("ROLLBACK");
        conn.Query("SELECT pg_advisory_unlock($1)", {Arg(kMigrationLock)});
        conn.Simple("SET lock_timeout = '5s'");
      } catch (const PgError&) {
        // The connection is gone: PostgreSQL released the session lock with it.
      }
      throw;
    }
    conn.Query("SELECT pg_advisory_unlock($1)", {Arg(kMigrationLock)});
    conn.Simple("SET lock_timeout = '5s'");
    return applied;
  } catch (const PgError& e) {
    return MapError(e);
  }
}

Status PostgresDatabase::RefreshStatistics() {
  Lease lease(*this);
  TRY_STATUS(lease.Acquire());
  try {
    // The tables an import fills; ANALYZE samples them, so this is quick at any size.
    (*lease).Simple("ANALYZE clients, services, users");
    return Ok();
  } catch (const PgError& e) {
    return MapError(e);
  }
}

}  // namespace clientele::storage::postgres
