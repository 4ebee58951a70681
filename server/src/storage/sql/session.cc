#include "storage/sql/session.h"

namespace clientele::storage::sql {

Param Null(Param::Type type) {
  Param p;
  p.type = type;
  p.null = true;
  return p;
}

Param Arg(int64_t v) {
  Param p;
  p.number = v;
  return p;
}
Param Arg(int v) { return Arg(int64_t{v}); }
Param Arg(bool v) {
  Param p;
  p.type = Param::Type::kBool;
  p.number = v ? 1 : 0;
  return p;
}
Param Arg(std::string_view v) {
  Param p;
  p.type = Param::Type::kText;
  p.bytes = std::string(v);
  return p;
}
Param Arg(const std::string& v) { return Arg(std::string_view(v)); }
Param Arg(const char* v) { return Arg(std::string_view(v)); }
Param Arg(Timestamp t) { return Arg(t.micros); }
Param Arg(const std::optional<std::string>& v) { return v ? Arg(*v) : Null(Param::Type::kText); }
Param Arg(const std::optional<Timestamp>& t) { return t ? Arg(*t) : Null(Param::Type::kInt); }
Param Arg(const std::optional<int>& v) { return v ? Arg(*v) : Null(Param::Type::kInt); }
Param Arg(const std::optional<bool>& v) { return v ? Arg(*v) : Null(Param::Type::kBool); }
Param Blob(std::string_view v) {
  Param p = Arg(v);
  p.type = Param::Type::kBlob;
  return p;
}
Param OptBlob(const std::optional<std::string>& v) {
  return v ? Blob(*v) : Null(Param::Type::kBlob);
}
Param IntList(std::vector<int64_t> values) {
  Param p;
  p.type = Param::Type::kIntList;
  p.ints = std::move(values);
  return p;
}
Param TextList(std::vector<std::string> values) {
  Param p;
  p.type = Param::Type::kTextList;
  p.texts = std::move(values);
  return p;
}

std::optional<int64_t> Row::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}
std::optional<std::string> Row::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}
std::optional<bool> Row::OptBool(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Bool(col);
}
std::optional<Timestamp> Row::OptTime(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Time(col);
}

std::string ContainsPattern(std::string_view s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

std::string Dialect::ClientTextFilters(const std::vector<TextFilter>& filters, Args& arg) const {
  std::string where;
  for (const auto& f : filters)
    where += " AND " + Contains(f.column, arg(Arg(ContainsPattern(f.value))));
  return where;
}

void Session::InsertRows(std::string_view table, std::span<const std::string_view> columns,
                         std::span<const Param> values) {
  if (columns.empty()) return;
  std::string sql = "INSERT INTO " + std::string(table) + " (";
  std::string placeholders;
  for (size_t i = 0; i < columns.size(); ++i) {
    sql += (i ? ", " : "") + std::string(columns[i]);
    placeholders += (i ? ", $" : "$") + std::to_string(i + 1);
  }
  sql += ") VALUES (" + placeholders + ")";
  for (size_t row = 0; row + columns.size() <= values.size(); row += columns.size())
    Exec(sql, values.subspan(row, columns.size()));
}

}  // namespace clientele::storage::sql
