#pragma once

#include <span>
#include <string_view>

#include "storage/postgres/connection.h"
#include "storage/sql/session.h"

// The PostgreSQL side of storage/sql: runs its statements on one connection, and says what
// PostgreSQL writes differently (PostgresDialect, in session.cc).
namespace clientele::storage::postgres {

const sql::Dialect& PostgresDialect();

class PostgresSession final : public sql::Session {
 public:
  explicit PostgresSession(Connection& conn) : conn_(conn) {}
  const sql::Dialect& dialect() const override { return PostgresDialect(); }
  int64_t Run(std::string_view sql, std::span<const sql::Param> params,
              const RowFn& on_row) override;
  // In libpq's single-row mode.
  void Stream(std::string_view sql, std::span<const sql::Param> params,
              const RowFn& on_row) override;
  // pg_advisory_xact_lock, or pg_try_advisory_xact_lock when not waiting (two-key form).
  bool Lock(sql::LockKey key, bool wait) override;
  void InsertRows(std::string_view table, std::span<const std::string_view> columns,
                  std::span<const sql::Param> values) override;

 private:
  Connection& conn_;
};

}  // namespace clientele::storage::postgres
