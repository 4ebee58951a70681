#include "storage/postgres/session.h"

#include <cassert>
#include <string>
#include <vector>

namespace clientele::storage::postgres {
namespace {

Param ToPg(const sql::Param& p) {
  switch (p.type) {
    case sql::Param::Type::kInt:
      return p.null ? NullOf(Arg(int64_t{0})) : Arg(p.number);
    case sql::Param::Type::kBool:
      return p.null ? NullOf(Arg(false)) : Arg(p.number != 0);
    case sql::Param::Type::kText:
      return p.null ? NullOf(Arg("")) : Arg(p.bytes);
    case sql::Param::Type::kBlob:
      return p.null ? NullOf(Bytes("")) : Bytes(p.bytes);
    case sql::Param::Type::kIntList:
      return IntArray(p.ints);
    case sql::Param::Type::kTextList:
      return TextArray(p.texts);
    case sql::Param::Type::kRowSet:
      return Arg(sql::RowSetJson(*p.rows));
  }
  return NullOf(Arg(""));
}

std::vector<Param> ToPg(std::span<const sql::Param> params) {
  std::vector<Param> pg;
  pg.reserve(params.size());
  for (const auto& p : params) pg.push_back(ToPg(p));
  return pg;
}

class ResultRow final : public sql::Row {
 public:
  explicit ResultRow(const postgres::Row& r) : r_(r) {}
  bool IsNull(int col) const override { return r_.IsNull(col); }
  int64_t Int(int col) const override { return r_.Int(col); }
  bool Bool(int col) const override { return r_.Bool(col); }
  std::string Text(int col) const override { return r_.Text(col); }
  std::string Blob(int col) const override { return r_.Bytes(col); }

 private:
  const postgres::Row& r_;
};

class Dialect final : public sql::Dialect {
 public:
  // One array parameter: the statement text is the same whatever the number of values.
  std::string InList(std::string_view column, sql::Param values, sql::Args& arg) const override {
    return std::string(column) + " = ANY(" + arg(std::move(values)) + ")";
  }
  std::string NotInList(std::string_view column, sql::Param values, sql::Args& arg) const override {
    return std::string(column) + " <> ALL(" + arg(std::move(values)) + ")";
  }
  // A join of the unnested array with the index. (For "= ANY", a table that grew since it was
  // last vacuumed may be planned as a scan testing every row against the array, which made an
  // import's checks grow with the table.)
  std::string InKeys(std::string_view column, sql::Param values, sql::Args& arg) const override {
    return std::string(column) + " IN (SELECT unnest(" + arg(std::move(values)) + "))";
  }
  // The escape character is given as E'\\' so that standard_conforming_strings does not matter.
  std::string Contains(std::string_view column, std::string_view param) const override {
    return std::string(column) + " ILIKE " + std::string(param) + " ESCAPE E'\\\\'";
  }
  std::string Is(std::string_view column, bool value) const override {
    return value ? std::string(column) : "NOT " + std::string(column);
  }
  // Text columns are COLLATE "C", so comparisons are byte-wise like SQLite's BINARY; a bound
  // parameter carries the database's collation, hence the explicit one.
  std::string LowerKey(std::string_view param) const override {
    return "lower(" + std::string(param) + " COLLATE \"C\")";
  }
  // Text columns are COLLATE "C", so lower() folds ASCII only, like SQLite's NOCASE.
  std::string FoldCase(std::string_view column) const override {
    return "lower(" + std::string(column) + ")";
  }
  // One json parameter, unpacked by the server: the statement text is the same for any number
  // of rows.
  std::string FromRowSet(std::string_view param,
                         std::span<const sql::RowSetColumn> columns) const override {
    std::string out = "(SELECT ";
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string field = "(r.value ->> " + std::to_string(i) + ")";
      if (columns[i].type == sql::Param::Type::kInt) field += "::bigint";
      if (columns[i].type == sql::Param::Type::kBool) field += "::boolean";
      out += (i ? ", " : "") + field + " AS " + std::string(columns[i].name);
    }
    return out + " FROM json_array_elements(" + std::string(param) + "::json) AS r(value))";
  }
  // See services.cc in storage/sql on why due work is taken this way.
  std::string SkipLocked(std::string_view of) const override {
    return of.empty() ? " FOR UPDATE SKIP LOCKED"
                      : " FOR UPDATE OF " + std::string(of) + " SKIP LOCKED";
  }
  // From the table's identity sequence: unique across instances, like the ids it gives itself.
  // The sequence is looked up once (MATERIALIZED), not for every id: ten times faster.
  std::string NewIds(std::string_view table) const override {
    return "WITH q AS MATERIALIZED (SELECT pg_get_serial_sequence('" + std::string(table) +
           "', 'id')::regclass AS seq) SELECT nextval(q.seq) FROM q, generate_series(1, $1)";
  }
};

// One value in COPY's text format: \N is NULL; backslash, tab and line breaks are escaped.
void AppendCopyValue(std::string& out, const sql::Param& p) {
  if (p.null) {
    out += "\\N";
    return;
  }
  switch (p.type) {
    case sql::Param::Type::kInt:
      out += std::to_string(p.number);
      return;
    case sql::Param::Type::kBool:
      out += p.number ? 't' : 'f';
      return;
    case sql::Param::Type::kText:
      for (char c : p.bytes) {
        switch (c) {
          case '\\': out += "\\\\"; break;
          case '\t': out += "\\t"; break;
          case '\n': out += "\\n"; break;
          case '\r': out += "\\r"; break;
          default: out += c;
        }
      }
      return;
    case sql::Param::Type::kBlob: {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\\\x";  // bytea's hex input \x, its backslash escaped for COPY
      for (unsigned char c : p.bytes) {
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
      }
      return;
    }
    case sql::Param::Type::kIntList:
    case sql::Param::Type::kTextList:
    case sql::Param::Type::kRowSet:
      break;
  }
  assert(false && "COPY takes no lists or row sets");
}

}  // namespace

const sql::Dialect& PostgresDialect() {
  static const Dialect dialect;
  return dialect;
}

// COPY streams every row in one round trip and skips the per-statement work of INSERT: the
// fastest way into PostgreSQL.
void PostgresSession::InsertRows(std::string_view table, std::span<const std::string_view> columns,
                                 std::span<const sql::Param> values) {
  if (columns.empty() || values.empty()) return;
  std::string sql = "COPY " + std::string(table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + std::string(columns[i]);
  sql += ") FROM STDIN";
  std::string data;
  data.reserve(values.size() * 16);
  for (size_t i = 0; i < values.size(); ++i) {
    AppendCopyValue(data, values[i]);
    data += (i + 1) % columns.size() == 0 ? '\n' : '\t';
  }
  try {
    conn_.CopyIn(sql, data);
  } catch (const PgError& e) {
    throw sql::Failure{MapError(e)};
  }
}

int64_t PostgresSession::Run(std::string_view sql, std::span<const sql::Param> params,
                             const RowFn& on_row) {
  try {
    Rows rows = conn_.Query(sql, ToPg(params));
    for (int i = 0; i < rows.size(); ++i) on_row(ResultRow(rows[i]));
    return rows.affected();
  } catch (const PgError& e) {
    throw sql::Failure{MapError(e)};
  }
}

void PostgresSession::Stream(std::string_view sql, std::span<const sql::Param> params,
                             const RowFn& on_row) {
  try {
    conn_.Stream(sql, ToPg(params), [&](const Row& row) { on_row(ResultRow(row)); });
  } catch (const PgError& e) {
    throw sql::Failure{MapError(e)};
  }
}

bool PostgresSession::Lock(sql::LockKey key, bool wait) {
  try {
    Rows rows = conn_.Query(wait ? "SELECT pg_advisory_xact_lock($1::int4, $2::int4)"
                                 : "SELECT pg_try_advisory_xact_lock($1::int4, $2::int4)",
                            {Arg(int64_t{key.space}), Arg(int64_t{key.key})});
    return wait || rows[0].Bool(0);
  } catch (const PgError& e) {
    throw sql::Failure{MapError(e)};
  }
}

}  // namespace clientele::storage::postgres
