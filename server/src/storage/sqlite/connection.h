#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "storage/sql/session.h"

// A small RAII layer over sqlite3. Failures throw SqliteError, which never leaves this folder:
// session.cc converts it to an Error at every statement.
namespace clientele::storage::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// unique -> kAlreadyExists, foreign key -> kFailedPrecondition, busy -> kUnavailable.
Error MapError(const SqliteError& e);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t v);
  Statement& Bind(int index, std::string_view v);
  Statement& BindBlob(int index, std::string_view v);
  Statement& BindNull(int index);
  // A sql::RowSet's rows, for the table-valued function of rowset_table.h; they must outlive
  // the run.
  Statement& BindRowSet(int index, const sql::RowSetData* rows);
  Statement& Bind(int index, const char* v) { return Bind(index, std::string_view(v)); }
  Statement& Bind(int index, const std::string& v) { return Bind(index, std::string_view(v)); }

  // How many parameters the statement has, and the name of the one at `index` (from 1).
  int ParamCount() const { return sqlite3_bind_parameter_count(stmt_); }
  const char* ParamName(int index) const { return sqlite3_bind_parameter_name(stmt_, index); }
  // Whether the statement leaves the database as it is (a SELECT).
  bool ReadOnly() const { return sqlite3_stmt_readonly(stmt_) != 0; }

  bool Step();  // true: a row is available
  void Run();   // steps to completion

  bool IsNull(int col) const;
  int64_t Int(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepared statements are cached per connection and reset when the Statement goes away.
  std::unique_ptr<Statement> Prepare(std::string_view sql);
  void Exec(const std::string& sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int64_t Changes() const { return sqlite3_changes64(db_); }
  sqlite3* raw() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace clientele::storage::sqlite
