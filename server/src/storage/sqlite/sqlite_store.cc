#include "storage/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string_view>
#include <utility>

#include "storage/sql/tx.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/session.h"

// The SQLite database: its connection pool, transactions and migrations. The statements are
// shared with PostgreSQL (storage/sql/); SQLite's own SQL is in session.cc.
namespace clientele::storage::sqlite {

extern const std::vector<std::pair<std::string_view, std::string_view>> kMigrations;

// Borrows a connection from the pool for one unit of work.
class SqliteDatabase::Lease {
 public:
  explicit Lease(SqliteDatabase& db) : db_(db) {
    std::unique_lock lock(db_.mu_);
    db_.cv_.wait(lock, [&] { return !db_.idle_.empty(); });
    conn_ = std::move(db_.idle_.back());
    db_.idle_.pop_back();
  }
  ~Lease() {
    std::lock_guard lock(db_.mu_);
    db_.idle_.push_back(std::move(conn_));
    db_.cv_.notify_one();
  }
  Connection& operator*() { return *conn_; }

 private:
  SqliteDatabase& db_;
  std::unique_ptr<Connection> conn_;
};

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                             int pool_size, bool bulk_writes) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase());
  if (path == ":memory:") pool_size = 1;
  if (path != ":memory:" && !path.starts_with("file:")) {
    // SQLite would create the file 0644 (less the umask); it holds password hashes and the
    // activity log, so it is made owner-only before SQLite opens it, and SQLite gives the
    // -wal and -shm files the database file's mode.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
    } else if (struct stat st; ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
      spdlog::warn("the database file {} can be read by other users (mode {:o}); consider "
                   "chmod 600 on it and its -wal and -shm files",
                   path, st.st_mode & 0777);
    }
  }
  try {
    for (int i = 0; i < pool_size; ++i)
      db->idle_.push_back(std::make_unique<Connection>(path, bulk_writes));
  } catch (const SqliteError& e) {
    return MakeError(ErrorCode::kUnavailable, e.what());
  }
  return db;
}

SqliteDatabase::~SqliteDatabase() = default;

Status SqliteDatabase::Read(const std::function<Status(Tx&)>& work) { return Run(false, work); }
Status SqliteDatabase::Write(const std::function<Status(Tx&)>& work) { return Run(true, work); }

Status SqliteDatabase::Run(bool write, const std::function<Status(Tx&)>& work) {
  bool queued_email = false;
  Status result = Internal("unit of work did not finish");
  {
    Lease lease(*this);
    Connection& conn = *lease;
    try {
      conn.Exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
    } catch (const SqliteError& e) {
      return MapError(e);
    }
    SqliteSession session(conn);
    sql::SqlTx tx(session, outbox_hooks_, &account_indexes_);
    try {
      result = work(tx);
      if (result.ok() && write) result = tx.Finish();
    } catch (const SqliteError& e) {
      result = MapError(e);
    } catch (const sql::Failure& e) {
      result = e.error;
    } catch (...) {
      conn.Exec("ROLLBACK");
      throw;
    }
    try {
      conn.Exec(result.ok() ? "COMMIT" : "ROLLBACK");
    } catch (const SqliteError& e) {
      try {
        conn.Exec("ROLLBACK");
      } catch (const SqliteError&) {
      }
      return MapError(e);
    }
    queued_email = result.ok() && tx.queued_email();
  }
  // After the connection is back in the pool: the hook may wake a thread that writes at once.
  if (queued_email && outbox_hooks_.email_committed) outbox_hooks_.email_committed();
  return result;
}

void SqliteDatabase::SetOutboxHooks(OutboxHooks hooks) { outbox_hooks_ = std::move(hooks); }

Result<int> SqliteDatabase::Migrate() {
  Lease lease(*this);
  Connection& conn = *lease;
  try {
    conn.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, "
        "applied_at INTEGER NOT NULL)");
    int applied = 0;
    for (const auto& [name, sql] : kMigrations) {
      conn.Exec("BEGIN IMMEDIATE");
      try {
        auto check = conn.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
        check->Bind(1, name);
        if (check->Step()) {
          check.reset();
          conn.Exec("COMMIT");
          continue;
        }
        check.reset();
        conn.Exec(std::string(sql));
        auto mark = conn.Prepare(
            "INSERT INTO schema_migrations (version, applied_at) "
            "VALUES (?1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))");
        mark->Bind(1, name).Run();
        mark.reset();
        conn.Exec("COMMIT");
        spdlog::info("applied migration {}", name);
        ++applied;
      } catch (const SqliteError&) {
        conn.Exec("ROLLBACK");
        throw;
      }
    }
    return applied;
  } catch (const SqliteError& e) {
    return MapError(e);
  }
}

Status SqliteDatabase::RefreshStatistics() {
  Lease lease(*this);
  try {
    // Every index, fully: about 1.5 s of CPU at a million accounts.
    (*lease).Exec("ANALYZE");
    return Ok();
  } catch (const SqliteError& e) {
    return MapError(e);
  }
}

}  // namespace clientele::storage::sqlite
