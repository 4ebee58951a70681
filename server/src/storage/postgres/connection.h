#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

// A small RAII layer over libpq. Failures throw PgError, which never leaves this folder:
// session.cc converts it to an Error at every statement. Every value travels as a
// bound parameter; SQL text never contains data.
namespace clientele::storage::postgres {

class PgError : public std::runtime_error {
 public:
  PgError(std::string sqlstate, const std::string& message, bool connection_lost = false,
          std::string constraint = "")
      : std::runtime_error(message),
        sqlstate_(std::move(sqlstate)),
        connection_lost_(connection_lost),
        constraint_(std::move(constraint)) {}
  // Five-character SQLSTATE ("23505"); empty when the server sent none.
  const std::string& sqlstate() const { return sqlstate_; }
  // The connection is gone (server down, network, admin shutdown): the pool drops it.
  bool connection_lost() const { return connection_lost_; }
  // The name of the constraint a row violated, if the server named one.
  const std::string& constraint() const { return constraint_; }

 private:
  std::string sqlstate_;
  bool connection_lost_;
  std::string constraint_;
};

// unique (23505) -> kAlreadyExists; foreign key (23503) -> kFailedPrecondition; lost connection,
// can't connect, serialization failure, deadlock, lock timeout -> kUnavailable; else kInternal.
Error MapError(const PgError& e);

// One bound parameter: its type OID, text or binary value, or NULL (still typed, so that
// "$2 IS NULL" needs no cast in SQL).
struct Param {
  Oid type = 0;
  bool null = false;
  bool binary = false;
  std::string value;
};

Param NullOf(Param like);  // NULL of the same type
Param Arg(int64_t v);
Param Arg(bool v);
Param Arg(std::string_view v);
Param Arg(const std::string& v);
Param Arg(const char* v);
Param Bytes(std::string_view v);  // bytea
Param IntArray(std::span<const int64_t> values);       // bigint[]
Param TextArray(std::span<const std::string> values);  // text[]

// One row of a result; results come in binary format.
class Row {
 public:
  Row(const PGresult* res, int row) : res_(res), row_(row) {}
  bool IsNull(int col) const;
  int64_t Int(int col) const;  // int2/int4/int8/bool
  bool Bool(int col) const;
  std::string Text(int col) const;  // text or bytea: the raw bytes
  std::string Bytes(int col) const { return Text(col); }

 private:
  const PGresult* res_;
  int row_;
};

class Rows {
 public:
  explicit Rows(PGresult* res) : res_(res, &PQclear) {}
  int size() const { return PQntuples(res_.get()); }
  bool empty() const { return size() == 0; }
  Row operator[](int i) const { return Row(res_.get(), i); }
  // Rows affected by an INSERT/UPDATE/DELETE.
  int64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> res_;
};

class Connection {
 public:
  // Throws PgError (connection_lost) if the server can't be reached or refuses.
  explicit Connection(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // From now on statements are sent unnamed, each planned for its parameters and the tables as
  // they are at that moment, instead of prepared once and planned for good (bulk writes).
  void PlanEveryStatement() { plan_every_statement_ = true; }
  // Runs one statement with bound parameters. Statements are prepared once per connection and
  // cached (up to a limit; dynamic list queries past it run unprepared).
  Rows Query(std::string_view sql, std::span<const Param> params = {});
  Rows Query(std::string_view sql, std::initializer_list<Param> params) {
    return Query(sql, std::span<const Param>(params.begin(), params.size()));
  }
  // Runs one SELECT unprepared and calls `on_row` for each row as it arrives (single-row
  // mode), so that a large result is never held whole. `on_row` must not use the connection;
  // if it throws, the rest of the result is read and dropped, and the exception goes on.
  void Stream(std::string_view sql, std::span<const Param> params,
              const std::function<void(const Row&)>& on_row);
  int64_t Exec(std::string_view sql, std::initializer_list<Param> params) {
    return Query(sql, params).affected();
  }
  // Runs `sql` (a COPY ... FROM STDIN) and sends it `data`, in COPY's format.
  void CopyIn(const std::string& sql, std::string_view data);
  // Runs parameterless SQL, possibly several statements (migrations, BEGIN/COMMIT).
  // Returns the command tag of the last statement ("COMMIT", "ROLLBACK", ...).
  std::string Simple(const std::string& sql);

  // Connected and outside any transaction: fit to go back to the pool.
  bool reusable() const {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

 private:
  [[noreturn]] void Throw(const PGresult* res, std::string_view what);
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  bool plan_every_statement_ = false;
};

}  // namespace clientele::storage::postgres
