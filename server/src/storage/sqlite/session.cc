#include "storage/sqlite/session.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <string>

#include "storage/sqlite/rowset_table.h"

namespace clientele::storage::sqlite {
namespace {

using sql::Param;

void Bind(Statement& s, int index, const Param& p) {
  if (p.null) {
    s.BindNull(index);
    return;
  }
  switch (p.type) {
    case Param::Type::kInt:
    case Param::Type::kBool:
      s.Bind(index, p.number);
      return;
    case Param::Type::kText:
      // The parameters outlive the Statement of Run and InsertRows, which is reset (and its
      // bindings cleared) when it goes away: no copy needed.
      s.BindUnowned(index, p.bytes);
      return;
    case Param::Type::kBlob:
      s.BindBlob(index, p.bytes);
      return;
    case Param::Type::kIntList:
    case Param::Type::kTextList:
      assert(false && "lists are expanded by Dialect::InList");
      s.BindNull(index);
      return;
    case Param::Type::kRowSet:
      s.BindRowSet(index, p.rows.get());
      return;
  }
}

class StatementRow final : public sql::Row {
 public:
  explicit StatementRow(const Statement& s) : s_(s) {}
  bool IsNull(int col) const override { return s_.IsNull(col); }
  int64_t Int(int col) const override { return s_.Int(col); }
  bool Bool(int col) const override { return s_.Int(col) != 0; }
  std::string Text(int col) const override { return s_.Text(col); }
  std::string Blob(int col) const override { return s_.Blob(col); }

 private:
  const Statement& s_;
};

class Dialect final : public sql::Dialect {
 public:
  // One parameter per value, as SQLite plans an IN list best (an index on `column`); the
  // statement text depends on the number of values. An empty list matches nothing.
  std::string InList(std::string_view column, sql::Param values, sql::Args& arg) const override {
    return std::string(column) + " IN (" + Expand(values, arg) + ")";
  }
  std::string NotInList(std::string_view column, sql::Param values, sql::Args& arg) const override {
    return std::string(column) + " NOT IN (" + Expand(values, arg) + ")";
  }
  // LIKE ignores ASCII case in SQLite.
  std::string Contains(std::string_view column, std::string_view param) const override {
    return std::string(column) + " LIKE " + std::string(param) + " ESCAPE '\\'";
  }
  std::string Is(std::string_view column, bool value) const override {
    return std::string(column) + (value ? " = 1" : " = 0");
  }
  std::string LowerKey(std::string_view param) const override {
    return "lower(" + std::string(param) + ")";
  }
  std::string FoldCase(std::string_view column) const override {
    return std::string(column) + " COLLATE NOCASE";
  }
  // The table-valued function of rowset_table.h reads the cells where they are, in memory.
  std::string FromRowSet(std::string_view param,
                         std::span<const sql::RowSetColumn> columns) const override {
    std::string out = "(SELECT ";
    for (size_t i = 0; i < columns.size(); ++i)
      out += (i ? ", c" : "c") + std::to_string(i) + " AS " + std::string(columns[i].name);
    return out + " FROM " + std::string(kRowSetTable) + "(" + std::string(param) + "))";
  }
  // One writer at a time (BEGIN IMMEDIATE): nobody else can take the rows meanwhile.
  std::string SkipLocked(std::string_view) const override { return ""; }
  // The ids SQLite would give the rows itself (the largest so far, plus one each): with one
  // writer at a time nobody else inserts before this unit of work commits.
  std::string NewIds(std::string_view table) const override {
    return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
           "SELECT (SELECT coalesce(max(id), 0) FROM " +
           std::string(table) + ") + i FROM n";
  }

 private:
  static std::string Expand(const sql::Param& values, sql::Args& arg) {
    std::string list;
    for (int64_t v : values.ints) list += (list.empty() ? "" : ", ") + arg(sql::Arg(v));
    for (const auto& v : values.texts) list += (list.empty() ? "" : ", ") + arg(sql::Arg(v));
    return list;
  }
};

}  // namespace

const sql::Dialect& SqliteDialect() {
  static const Dialect dialect;
  return dialect;
}

void SqliteSession::InsertRows(std::string_view table, std::span<const std::string_view> columns,
                               std::span<const sql::Param> values) {
  const size_t width = columns.size();
  if (width == 0) return;
  const size_t rows = values.size() / width;
  // Statements of 2^k rows up to kMaxRows (and SQLite's limit on bound values), so that a
  // handful of prepared statements serves every number of rows.
  constexpr size_t kMaxRows = 1024;
  const size_t limit = static_cast<size_t>(sqlite3_limit(conn_.raw(), SQLITE_LIMIT_VARIABLE_NUMBER, -1));
  const size_t max_rows = std::bit_floor(std::clamp<size_t>(limit / width, 1, kMaxRows));
  // OR FAIL: a failed row ends the statement but does not undo the rows before it, so SQLite
  // keeps no statement journal for it (the unit of work fails as a whole anyway: see the ports).
  // Foreign-key checks need one all the same, except on bulk connections (connection.cc).
  std::string head = "INSERT OR FAIL INTO " + std::string(table) + " (";
  std::string row = "(";
  for (size_t i = 0; i < width; ++i) {
    head += (i ? ", " : "") + std::string(columns[i]);
    row += i ? ", ?" : "?";
  }
  head += ") VALUES ";
  row += ")";
  try {
    for (size_t at = 0; at < rows;) {
      size_t n = std::bit_floor(std::min(max_rows, rows - at));
      // The text of n rows is long: written out once per connection, not at every statement.
      auto stmt = conn_.Prepare(head + std::to_string(n), [&] {
        std::string sql = head;
        sql.reserve(head.size() + n * (row.size() + 2));
        for (size_t r = 0; r < n; ++r) (sql += r ? ", " : "") += row;
        return sql;
      });
      for (size_t i = 0; i < n * width; ++i)
        Bind(*stmt, static_cast<int>(i + 1), values[at * width + i]);
      stmt->Run();
      at += n;
    }
  } catch (const SqliteError& e) {
    throw sql::Failure{MapError(e)};
  }
}

int64_t SqliteSession::Run(std::string_view sql, std::span<const sql::Param> params,
                           const RowFn& on_row) {
  try {
    auto stmt = conn_.Prepare(sql);
    for (size_t i = 0; i < params.size(); ++i)
      if (int index = stmt->NumberedIndex(i + 1)) Bind(*stmt, index, params[i]);
    StatementRow row(*stmt);
    while (stmt->Step()) on_row(row);
    return stmt->ReadOnly() ? 0 : conn_.Changes();
  } catch (const SqliteError& e) {
    throw sql::Failure{MapError(e)};
  }
}

}  // namespace clientele::storage::sqlite
