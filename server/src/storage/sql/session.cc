#include "storage/sql/session.h"

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

void JsonRows::Next() {
  if (!first_in_row_) json_ += ',';
  first_in_row_ = false;
}

JsonRows& JsonRows::Row() {
  if (rows_ > 0) json_ += "],";
  json_ += '[';
  ++rows_;
  first_in_row_ = true;
  return *this;
}

JsonRows& JsonRows::Add(int64_t v) {
  Next();
  json_ += std::to_string(v);
  return *this;
}

JsonRows& JsonRows::Add(bool v) {
  Next();
  json_ += v ? "true" : "false";
  return *this;
}

JsonRows& JsonRows::Add(std::string_view v) {
  Next();
  json_ += '"';
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      json_ += '\\';
      json_ += c;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      json_ += "\\u00";
      json_ += kHex[u >> 4];
      json_ += kHex[u & 15];
    } else {
      json_ += c;  // UTF-8 passes as it is
    }
  }
  json_ += '"';
  return *this;
}

JsonRows& JsonRows::Add(const std::optional<int64_t>& v) { return v ? Add(*v) : AddNull(); }
JsonRows& JsonRows::Add(const std::optional<Timestamp>& v) {
  return v ? Add(v->micros) : AddNull();
}
JsonRows& JsonRows::Add(const std::optional<std::string>& v) {
  return v ? Add(std::string_view(*v)) : AddNull();
}
JsonRows& JsonRows::Add(const std::optional<bool>& v) { return v ? Add(*v) : AddNull(); }

JsonRows& JsonRows::AddNull() {
  Next();
  json_ += "null";
  return *this;
}

Param JsonRows::Take() {
  json_ += rows_ > 0 ? "]]" : "]";
  Param p = Arg(std::string_view(json_));
  json_.clear();
  return p;
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

}  // namespace clientele::storage::sql
