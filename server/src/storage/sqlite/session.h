#pragma once

#include <span>
#include <string_view>

#include "storage/sql/session.h"
#include "storage/sqlite/connection.h"

// The SQLite side of storage/sql: runs its statements on one connection, and says what SQLite
// writes differently (SqliteDialect, in session.cc).
namespace clientele::storage::sqlite {

const sql::Dialect& SqliteDialect();

class SqliteSession final : public sql::Session {
 public:
  explicit SqliteSession(Connection& conn) : conn_(conn) {}
  const sql::Dialect& dialect() const override { return SqliteDialect(); }
  // $1..$n become SQLite's ?1..?n, bound by number; numbers the statement does not use are
  // skipped.
  int64_t Run(std::string_view sql, std::span<const sql::Param> params,
              const RowFn& on_row) override;
  // Many rows per INSERT: SQLite's work per statement is paid per statement, not per row.
  // Inside a transaction that includes a statement journal (so that one statement can fail
  // alone).
  void InsertRows(std::string_view table, std::span<const std::string_view> columns,
                  std::span<const sql::Param> values) override;

 private:
  Connection& conn_;
};

}  // namespace clientele::storage::sqlite
