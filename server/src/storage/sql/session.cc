#include "storage/sql/session.h"

#include <cassert>
#include <climits>

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

RowSet& RowSet::Row() {
  assert(data_->width == 0 || in_row_ == data_->width);
  if (data_->width == 0 && !data_->cells.empty()) data_->width = data_->cells.size();
  in_row_ = 0;
  return *this;
}

RowSet& RowSet::Add(int64_t v) {
  data_->cells.emplace_back(v);
  ++in_row_;
  return *this;
}
RowSet& RowSet::Add(bool v) {
  data_->cells.emplace_back(v);
  ++in_row_;
  return *this;
}
RowSet& RowSet::Add(std::string_view v) {
  data_->cells.emplace_back(std::string(v));
  ++in_row_;
  return *this;
}
RowSet& RowSet::Add(const std::optional<int64_t>& v) { return v ? Add(*v) : AddNull(); }
RowSet& RowSet::Add(const std::optional<Timestamp>& v) { return v ? Add(v->micros) : AddNull(); }
RowSet& RowSet::Add(const std::optional<std::string>& v) {
  return v ? Add(std::string_view(*v)) : AddNull();
}
RowSet& RowSet::Add(const std::optional<bool>& v) { return v ? Add(*v) : AddNull(); }
RowSet& RowSet::AddNull() {
  data_->cells.emplace_back(std::monostate{});
  ++in_row_;
  return *this;
}

Param RowSet::Take() {
  if (data_->width == 0) data_->width = data_->cells.size();  // one row, or none
  assert(data_->width == 0 || data_->cells.size() % data_->width == 0);
  Param p;
  p.type = Param::Type::kRowSet;
  p.rows = std::move(data_);
  return p;
}

std::string RowSetJson(const RowSetData& rows) {
  std::string json = "[";
  for (size_t r = 0; r < rows.rows(); ++r) {
    json += r ? ",[" : "[";
    for (size_t c = 0; c < rows.width; ++c) {
      if (c) json += ',';
      const auto& cell = rows.cells[r * rows.width + c];
      if (const auto* i = std::get_if<int64_t>(&cell)) {
        json += std::to_string(*i);
      } else if (const auto* b = std::get_if<bool>(&cell)) {
        json += *b ? "true" : "false";
      } else if (const auto* s = std::get_if<std::string>(&cell)) {
        json += '"';
        for (char ch : *s) {
          auto u = static_cast<unsigned char>(ch);
          if (ch == '"' || ch == '\\') {
            json += '\\';
            json += ch;
          } else if (u < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            json += "\\u00";
            json += kHex[u >> 4];
            json += kHex[u & 15];
          } else {
            json += ch;  // UTF-8 passes as it is
          }
        }
        json += '"';
      } else {
        json += "null";
      }
    }
    json += ']';
  }
  return json + "]";
}

namespace {

// FNV-1a: stable across processes and versions, so every instance locks the same key.
int32_t Hash32(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return static_cast<int32_t>(h);
}

}  // namespace

LockKey LockKey::Organisation(OrgId org) {
  // The id itself while it fits, so pg_locks shows it; folded beyond (a shared key only
  // serialises two organisations, it never lets one through).
  int64_t v = org.value;
  return {kOrganisation, static_cast<int32_t>(v >= 0 && v <= INT32_MAX ? v : v ^ (v >> 32))};
}

LockKey LockKey::Setting(std::string_view key) { return {kSetting, Hash32(key)}; }
LockKey LockKey::Throttle(std::string_view key) { return {kThrottle, Hash32(key)}; }

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
