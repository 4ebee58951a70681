#include "storage/sqlite/session.h"

#include <string>

namespace clientele::storage::sqlite {
namespace {

using sql::Param;

// Lists travel as JSON arrays, read back with json_each().
std::string JsonArray(const Param& p) {
  std::string out = "[";
  if (p.type == Param::Type::kIntList) {
    for (int64_t v : p.ints) out += (out.size() > 1 ? "," : "") + std::to_string(v);
  } else {
    for (const auto& s : p.texts) {
      out += out.size() > 1 ? ",\"" : "\"";
      for (char c : s) {
        if (c == '"' || c == '\\') {
          out += '\\';
          out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
      }
      out += '"';
    }
  }
  return out + "]";
}

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
      s.Bind(index, std::string_view(JsonArray(p)));
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
  std::string InList(std::string_view column, std::string_view param) const override {
    return std::string(column) + " IN (SELECT value FROM json_each(" + std::string(param) + "))";
  }
  std::string NotInList(std::string_view column, std::string_view param) const override {
    return std::string(column) + " NOT IN (SELECT value FROM json_each(" + std::string(param) +
           "))";
  }
  // LIKE ignores ASCII case in SQLite.
  std::string Contains(std::string_view column, std::string_view param) const override {
    return std::string(column) + " LIKE " + std::string(param) + " ESCAPE '\\'";
  }
  std::string FoldCase(std::string_view column) const override {
    return std::string(column) + " COLLATE NOCASE";
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
    auto stmt = conn_.Prepare(sql);
    for (size_t i = 0; i < params.size(); ++i) {
      std::string name = "$" + std::to_string(i + 1);
      if (int index = stmt->ParamIndex(name.c_str())) Bind(*stmt, index, params[i]);
    }
    StatementRow row(*stmt);
    while (stmt->Step()) on_row(row);
    return stmt->ReadOnly() ? 0 : conn_.Changes();
  } catch (const SqliteError& e) {
    throw sql::Failure{MapError(e)};
  }
}

}  // namespace clientele::storage::sqlite
