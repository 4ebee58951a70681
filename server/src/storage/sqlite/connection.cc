#include "storage/sqlite/connection.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "storage/sqlite/rowset_table.h"

namespace clientele::storage::sqlite {
namespace {

[[noreturn]] void Throw(sqlite3* db, int rc) {
  throw SqliteError(sqlite3_extended_errcode(db) ? sqlite3_extended_errcode(db) : rc,
                    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

void Check(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) Throw(db, rc);
}

}  // namespace

Error MapError(const SqliteError& e) {
  switch (e.code()) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return MakeError(ErrorCode::kAlreadyExists, "Already exists.");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return MakeError(ErrorCode::kFailedPrecondition, "Refers to something that does not exist.");
    default:
      break;
  }
  int primary = e.code() & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    spdlog::warn("database busy: {}", e.what());
    return MakeError(ErrorCode::kUnavailable, "The database is busy; try again.");
  }
  spdlog::error("database error {}: {}", e.code(), e.what());
  return Internal(e.what());
}

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int index, int64_t v) {
  Check(db_, sqlite3_bind_int64(stmt_, index, v));
  return *this;
}
Statement& Statement::Bind(int index, std::string_view v) {
  Check(db_, sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view v) {
  Check(db_, sqlite3_bind_blob64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::BindUnowned(int index, std::string_view v) {
  Check(db_, sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
  return *this;
}
Statement& Statement::BindNull(int index) {
  Check(db_, sqlite3_bind_null(stmt_, index));
  return *this;
}

Statement& Statement::BindRowSet(int index, const sql::RowSetData* rows) {
  Check(db_, sqlite::BindRowSet(stmt_, index, rows));
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Throw(db_, rc);
}

void Statement::Run() {
  while (Step()) {
  }
}

bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
std::string Statement::Text(int col) const {
  auto p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : "";
}
std::string Statement::Blob(int col) const {
  auto p = sqlite3_column_blob(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : "";
}
Connection::Connection(const std::string& path, bool bulk_writes) {
  int rc = sqlite3_open_v2(path.c_str(), &db_,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                               SQLITE_OPEN_URI,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(rc, "cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  Check(db_, RegisterRowSetTable(db_));
  sqlite3_busy_timeout(db_, 5000);
  // Except for bulk writes (below).
  Exec(bulk_writes ? "PRAGMA foreign_keys = OFF" : "PRAGMA foreign_keys = ON");
  Exec("PRAGMA journal_mode = WAL");
  Exec("PRAGMA synchronous = NORMAL");
  // Deleted and overwritten content is zeroed, not left in free space where a copy of the file
  // would still show it (purged activity bodies, cleared e-mails).
  Exec("PRAGMA secure_delete = ON");
  if (bulk_writes) {
    // An import writes only references it made itself, in the unit of work that writes them:
    // the ids of the accounts it just inserted, its organisation, the catalogue's products, the
    // sellers it looked up. Checked, every reference would cost a look-up, and every statement
    // of many rows a statement journal: a copy of each page the statement changes, kept in case
    // a check fails half-way (SqliteSession::InsertRows needs none without them). The same
    // writes are checked on ordinary connections in the conformance tests.
    //
    // Big transactions touch many pages of many indexes: keep them in memory rather than
    // reading them back, and keep temporary data out of temporary files.
    Exec("PRAGMA cache_size = -1048576");  // KiB: 1 GiB
    Exec("PRAGMA temp_store = MEMORY");
    // Each commit appends the pages it changed to the WAL, and a checkpoint copies them into the
    // database. Checkpointing after every 256 MiB instead of every 4 MiB (the default) copies a
    // page that many commits changed (the e-mail indexes) once for all of them; the WAL is
    // truncated to 64 MiB when it starts over.
    Exec("PRAGMA wal_autocheckpoint = 65536");
    Exec("PRAGMA journal_size_limit = 67108864");
  }
}

Connection::~Connection() {
  for (auto& [sql, prepared] : cache_) sqlite3_finalize(prepared.stmt);
  for (auto& [key, prepared] : keyed_) sqlite3_finalize(prepared.stmt);
  sqlite3_close(db_);
}

Connection::Prepared Connection::PrepareNew(std::string_view sql) {
  Prepared prepared;
  Check(db_, sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &prepared.stmt, nullptr));
  for (int i = 1, n = sqlite3_bind_parameter_count(prepared.stmt); i <= n; ++i) {
    const char* name = sqlite3_bind_parameter_name(prepared.stmt, i);
    if (!name || name[0] != '$') continue;
    size_t number = std::strtoul(name + 1, nullptr, 10);
    if (number == 0) continue;
    if (prepared.numbered.size() < number) prepared.numbered.resize(number, 0);
    prepared.numbered[number - 1] = i;
  }
  return prepared;
}

std::unique_ptr<Statement> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(std::string(sql), PrepareNew(sql)).first;
  return std::make_unique<Statement>(db_, it->second.stmt, &it->second.numbered);
}

std::unique_ptr<Statement> Connection::Prepare(const std::string& key,
                                               const std::function<std::string()>& sql) {
  auto it = keyed_.find(key);
  if (it == keyed_.end()) it = keyed_.emplace(key, PrepareNew(sql())).first;
  return std::make_unique<Statement>(db_, it->second.stmt, &it->second.numbered);
}

void Connection::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw SqliteError(sqlite3_extended_errcode(db_), msg);
  }
}

}  // namespace clientele::storage::sqlite
