#include "storage/sqlite/session.h"

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
      s.Bind(index, std::string_view(p.bytes));
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

// "$n" as "?n": SQLite gives a "?n" parameter the index n, so each value is bound at its own
// number. ("$n" would be a name, numbered in order of first appearance and looked up by a scan
// of the statement's names, which is quadratic in a long IN list.) Quoted text is left alone.
std::string Numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      c = '?';
    }
    out += c;
  }
  return out;
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

  // Three characters or more go through the FTS5 trigram index (clients_search); shorter ones
  // can't use it and fall back to LIKE.
  std::string ClientTextFilters(const std::vector<sql::TextFilter>& filters,
                                sql::Args& arg) const override {
    std::string where, fts;
    for (const auto& f : filters) {
      if (Utf8Chars(f.value) >= 3) {
        fts += (fts.empty() ? "" : " AND ") + FtsPhrase(f.search_column, f.value);
      } else {
        where += " AND " + Contains(f.column, arg(sql::Arg(sql::ContainsPattern(f.value))));
      }
    }
    if (!fts.empty())
      where += " AND c.id IN (SELECT rowid FROM clients_search WHERE clients_search MATCH " +
               arg(sql::Arg(fts)) + ")";
    return where;
  }

 private:
  static std::string Expand(const sql::Param& values, sql::Args& arg) {
    std::string list;
    for (int64_t v : values.ints) list += (list.empty() ? "" : ", ") + arg(sql::Arg(v));
    for (const auto& v : values.texts) list += (list.empty() ? "" : ", ") + arg(sql::Arg(v));
    return list;
  }
  static size_t Utf8Chars(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  }
  // An FTS5 phrase for a substring: the trigram index matches it anywhere in the column.
  static std::string FtsPhrase(std::string_view column, std::string_view s) {
    std::string out = std::string(column) + " : \"";
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + "\"";
  }
};

}  // namespace

const sql::Dialect& SqliteDialect() {
  static const Dialect dialect;
  return dialect;
}

int64_t SqliteSession::Run(std::string_view sql, std::span<const sql::Param> params,
                           const RowFn& on_row) {
  try {
    auto stmt = conn_.Prepare(Numbered(sql));
    const int count = stmt->ParamCount();  // the highest number the statement uses
    for (int n = 1; n <= count && n <= static_cast<int>(params.size()); ++n)
      Bind(*stmt, n, params[n - 1]);
    StatementRow row(*stmt);
    while (stmt->Step()) on_row(row);
    return stmt->ReadOnly() ? 0 : conn_.Changes();
  } catch (const SqliteError& e) {
    throw sql::Failure{MapError(e)};
  }
}

}  // namespace clientele::storage::sqlite
