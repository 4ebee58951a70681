#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
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
  // `numbered`: where each $n of the statement is bound (see NumberedIndex); may be null.
  Statement(sqlite3* db, sqlite3_stmt* stmt, const std::vector<int>* numbered = nullptr)
      : db_(db), stmt_(stmt), numbered_(numbered) {}
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
  // Text bound where it is, not copied: `v` must stay valid until this Statement goes away.
  Statement& BindUnowned(int index, std::string_view v);
  Statement& Bind(int index, const char* v) { return Bind(index, std::string_view(v)); }
  Statement& Bind(int index, const std::string& v) { return Bind(index, std::string_view(v)); }

  // The index of the named parameter ("$3"), 0 if the statement does not use it.
  int ParamIndex(const char* name) const { return sqlite3_bind_parameter_index(stmt_, name); }
  // The same for "$n" (n from 1), from a table made once per prepared statement: SQLite finds
  // a name by comparing it with each parameter's, which grows with the square of the number of
  // parameters when every one is looked up (a long IN list).
  int NumberedIndex(size_t n) const {
    if (!numbered_) return ParamIndex(("$" + std::to_string(n)).c_str());
    return n >= 1 && n <= numbered_->size() ? (*numbered_)[n - 1] : 0;
  }
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
  const std::vector<int>* numbered_;
};

class Connection {
 public:
  // `bulk_writes`: tuned for big transactions (imports); see the constructor.
  explicit Connection(const std::string& path, bool bulk_writes = false);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepared statements are cached per connection and reset when the Statement goes away.
  std::unique_ptr<Statement> Prepare(std::string_view sql);
  // The same for statements too long to write out at every use (a bulk INSERT of many rows):
  // cached under `key`, and `sql` is called for the text only the first time.
  std::unique_ptr<Statement> Prepare(const std::string& key, const std::function<std::string()>& sql);
  void Exec(const std::string& sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int64_t Changes() const { return sqlite3_changes64(db_); }
  sqlite3* raw() const { return db_; }

 private:
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<int> numbered;  // index of $1, $2, ... (0: unused)
  };
  Prepared PrepareNew(std::string_view sql);
  // Looked up by the statement's text without copying it.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Prepared, TextHash, std::equal_to<>> cache_;
  std::unordered_map<std::string, Prepared> keyed_;
};

}  // namespace clientele::storage::sqlite
