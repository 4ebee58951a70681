#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "core/time.h"

// The dialect-neutral layer under both backends: the statements of storage/sql/*.cc are written
// once, with $1..$n placeholders, and run through a Session that each backend adapts to its
// driver (sqlite/session.cc, postgres/session.cc). What SQL text cannot share lives in Dialect.
namespace clientele::storage::sql {

struct RowSetData;

// One bound value. Typed even when NULL, since PostgreSQL infers "$2 IS NULL" from the type.
// Timestamps travel as microseconds (BIGINT in both schemas); booleans as BOOLEAN in PostgreSQL
// and 0/1 in SQLite; lists as arrays in PostgreSQL and JSON arrays in SQLite (json_each); row
// sets (RowSet) as JSON in PostgreSQL and a table-valued function in SQLite.
struct Param {
  enum class Type { kInt, kBool, kText, kBlob, kIntList, kTextList, kRowSet };
  Type type = Type::kInt;
  bool null = false;
  int64_t number = 0;              // kInt, kBool
  std::string bytes;               // kText, kBlob
  std::vector<int64_t> ints;       // kIntList
  std::vector<std::string> texts;  // kTextList
  std::shared_ptr<const RowSetData> rows;  // kRowSet (RowSet below)
};

Param Null(Param::Type type);
Param Arg(int64_t v);
Param Arg(int v);
Param Arg(bool v);
Param Arg(std::string_view v);
Param Arg(const std::string& v);
Param Arg(const char* v);
Param Arg(Timestamp t);
Param Arg(const std::optional<std::string>& v);
Param Arg(const std::optional<Timestamp>& t);
Param Arg(const std::optional<int>& v);
Param Arg(const std::optional<bool>& v);
template <typename Tag>
Param Arg(Id<Tag> id) {
  return Arg(id.value);
}
template <typename Tag>
Param Arg(const std::optional<Id<Tag>>& id) {
  return id ? Arg(id->value) : Null(Param::Type::kInt);
}
Param Blob(std::string_view v);
Param OptBlob(const std::optional<std::string>& v);
Param IntList(std::vector<int64_t> values);
Param TextList(std::vector<std::string> values);
template <typename Tag>
Param IdList(std::span<const Id<Tag>> ids) {
  std::vector<int64_t> values;
  values.reserve(ids.size());
  for (const auto& id : ids) values.push_back(id.value);
  return IntList(std::move(values));
}

// One result row, valid only inside the callback that receives it. Columns count from 0.
class Row {
 public:
  virtual ~Row() = default;
  virtual bool IsNull(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  virtual bool Bool(int col) const = 0;
  virtual std::string Text(int col) const = 0;  // "" for NULL
  virtual std::string Blob(int col) const = 0;  // the raw bytes; "" for NULL

  std::optional<int64_t> OptInt(int col) const;
  std::optional<std::string> OptText(int col) const;
  std::optional<bool> OptBool(int col) const;
  Timestamp Time(int col) const { return Timestamp{Int(col)}; }
  std::optional<Timestamp> OptTime(int col) const;
};

// A statement that failed, already mapped to the Error the storage ports promise by the session
// that ran it (unique -> kAlreadyExists, foreign key -> kFailedPrecondition, busy or lost
// connection -> kUnavailable, else kInternal). Guard() turns it back into a value.
struct Failure {
  Error error;
};

template <typename F>
auto Guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Failure& e) {
    return e.error;
  }
}

// Builds a statement's parameter list: each call appends a value and returns its "$n".
class Args {
 public:
  std::string operator()(Param p) {
    params_.push_back(std::move(p));
    return "$" + std::to_string(params_.size());
  }
  // Take these once the statement text is complete: building it adds values.
  std::span<const Param> params() const { return params_; }

 private:
  std::vector<Param> params_;
};

// Many rows in one parameter, for set-based statements (a batch of updates or inserts in one
// statement whatever its size): typed cells, row after row, each row as wide as the first.
// Each backend ships them its own way (PostgreSQL: one json parameter; SQLite: a table-valued
// function reading the cells in memory) and Dialect::FromRowSet reads them back as a table.
struct RowSetData {
  using Cell = std::variant<std::monostate, int64_t, bool, std::string>;  // monostate: NULL
  size_t width = 0;
  std::vector<Cell> cells;
  size_t rows() const { return width ? cells.size() / width : 0; }
};
// The RowSetData as a JSON array of arrays (for backends that take the rows as JSON).
std::string RowSetJson(const RowSetData& rows);

class RowSet {
 public:
  RowSet() : data_(std::make_shared<RowSetData>()) {}
  RowSet& Row();  // starts the next row
  RowSet& Add(int64_t v);
  RowSet& Add(bool v);
  RowSet& Add(std::string_view v);
  RowSet& Add(const std::string& v) { return Add(std::string_view(v)); }
  RowSet& Add(const char* v) { return Add(std::string_view(v)); }
  RowSet& Add(Timestamp t) { return Add(t.micros); }
  RowSet& Add(const std::optional<int64_t>& v);
  RowSet& Add(const std::optional<Timestamp>& v);
  RowSet& Add(const std::optional<std::string>& v);
  RowSet& Add(const std::optional<bool>& v);
  RowSet& AddNull();
  // The rows as one parameter; the builder is spent.
  Param Take();

 private:
  std::shared_ptr<RowSetData> data_;
  size_t in_row_ = 0;
};

// One column of a RowSet table: its name and type (kInt, kBool or kText).
struct RowSetColumn {
  std::string_view name;
  Param::Type type;
};

// What a write unit locks besides rows, ordered (space first). The keys are PostgreSQL
// advisory lock keys (pg_locks: classid = space, objid = key, objsubid = 2).
struct LockKey {
  enum Space : int32_t {
    kSetting = 0x436c0001,       // one key of `settings` (by a hash of the key)
    kThrottle = 0x436c0002,      // one key of `throttles` (by a hash of the key)
    kOrganisation = 0x436c0003,  // one organisation's data (by its id)
  };
  int32_t space = kOrganisation;
  int32_t key = 0;
  auto operator<=>(const LockKey&) const = default;

  static LockKey Organisation(OrgId org);
  static LockKey Setting(std::string_view key);
  static LockKey Throttle(std::string_view key);
};

// A LIKE pattern for a substring, with the wildcards of the input escaped by a backslash.
std::string ContainsPattern(std::string_view s);

// One substring filter of the account list: `column` of `clients c` contains `value`.
struct TextFilter {
  std::string_view column;
  std::string value;
};

// The SQL that differs between SQLite and PostgreSQL; one implementation per backend.
class Dialect {
 public:
  virtual ~Dialect() = default;
  // `column` is (not) one of `values` (an IntList or TextList), whose parameters `arg` adds.
  virtual std::string InList(std::string_view column, Param values, Args& arg) const = 0;
  virtual std::string NotInList(std::string_view column, Param values, Args& arg) const = 0;
  // Like InList, for many keys each looked up in an index on `column` (an import's checks).
  virtual std::string InKeys(std::string_view column, Param values, Args& arg) const {
    return InList(column, std::move(values), arg);
  }
  // `column` contains the substring of `param` (a ContainsPattern), ignoring ASCII case.
  virtual std::string Contains(std::string_view column, std::string_view param) const = 0;
  // `column` (a boolean) is `value`. Spelled as the schema's partial indexes are (SQLite:
  // "deleted = 0"), so that the planner can use them.
  virtual std::string Is(std::string_view column, bool value) const = 0;
  // The lower-case key of the text parameter `param` (ASCII folding), compared byte-wise with
  // the e-mail keys, and spelled so that the key's index serves the comparison.
  virtual std::string LowerKey(std::string_view param) const = 0;
  // An ORDER BY key that compares `column` ignoring ASCII case.
  virtual std::string FoldCase(std::string_view column) const = 0;
  // Ends a SELECT that takes due work, so that two instances never take the same row; `of`
  // names the table to lock when the query joins ("" for the only one).
  virtual std::string SkipLocked(std::string_view of) const = 0;
  // The substring filters of the account list, as conditions to AND to its WHERE clause.
  virtual std::string ClientTextFilters(const std::vector<TextFilter>& filters, Args& arg) const;
  // A table of the rows of a RowSet parameter `param`, with `columns` in its row order; put an
  // alias after it ("FROM " + FromRowSet(...) + " v").
  virtual std::string FromRowSet(std::string_view param,
                                 std::span<const RowSetColumn> columns) const = 0;
  // A query of `$1` rows, each a fresh `id` (the integer primary key) for a row of `table` that
  // this unit of work inserts, so that bulk inserts know their ids without RETURNING.
  virtual std::string NewIds(std::string_view table) const = 0;
};

// A connection inside one unit of work.
class Session {
 public:
  using RowFn = std::function<void(const Row&)>;

  virtual ~Session() = default;
  virtual const Dialect& dialect() const = 0;
  // Runs one statement with $1..$n placeholders bound to `params`, calling `on_row` for each
  // result row (it must not run another statement). Returns the rows an INSERT, UPDATE or DELETE
  // changed. Prepared statements are cached per connection. Throws Failure.
  virtual int64_t Run(std::string_view sql, std::span<const Param> params, const RowFn& on_row) = 0;
  // Like Run, for a SELECT whose result is too big to hold at once (an account index's load):
  // rows reach `on_row` as they arrive. SQLite's Run does that already; PostgreSQL's Run
  // receives the whole result first.
  virtual void Stream(std::string_view sql, std::span<const Param> params, const RowFn& on_row) {
    Run(sql, params, on_row);
  }

  int64_t Exec(std::string_view sql, std::span<const Param> params) {
    return Run(sql, params, [](const Row&) {});
  }
  int64_t Exec(std::string_view sql, std::initializer_list<Param> params) {
    return Exec(sql, std::span<const Param>(params.begin(), params.size()));
  }

  // Bulk writes (imports): inserts rows into `table`. `values` holds the rows one after the
  // other, each with one value per name of `columns`, in that order. Each backend takes its
  // fastest way; by default one cached INSERT per row (SQLite, in process, pays nothing per
  // statement). `table` and `columns` are names from code, never data. Throws Failure.
  virtual void InsertRows(std::string_view table, std::span<const std::string_view> columns,
                          std::span<const Param> values);

  // Every row, read by `read(const Row&)`.
  template <typename F>
  auto All(std::string_view sql, std::span<const Param> params, F read) {
    std::vector<std::invoke_result_t<F, const Row&>> out;
    Run(sql, params, [&](const Row& r) { out.push_back(read(r)); });
    return out;
  }
  template <typename F>
  auto All(std::string_view sql, std::initializer_list<Param> params, F read) {
    return All(sql, std::span<const Param>(params.begin(), params.size()), std::move(read));
  }

  // The first row, if any.
  template <typename F>
  auto First(std::string_view sql, std::span<const Param> params, F read) {
    std::optional<std::invoke_result_t<F, const Row&>> out;
    Run(sql, params, [&](const Row& r) {
      if (!out) out.emplace(read(r));
    });
    return out;
  }
  template <typename F>
  auto First(std::string_view sql, std::initializer_list<Param> params, F read) {
    return First(sql, std::span<const Param>(params.begin(), params.size()), std::move(read));
  }

  // Whether the query returns a row.
  bool Any(std::string_view sql, std::initializer_list<Param> params) {
    return First(sql, params, [](const Row&) { return true; }).has_value();
  }
  // The integer in the first column of the first row (count(*), RETURNING id).
  int64_t Int(std::string_view sql, std::span<const Param> params) {
    return First(sql, params, [](const Row& r) { return r.Int(0); }).value_or(0);
  }
  int64_t Int(std::string_view sql, std::initializer_list<Param> params) {
    return Int(sql, std::span<const Param>(params.begin(), params.size()));
  }

  // Takes `key` until the transaction ends: waits for it (bounded by the backend's lock
  // timeout, then throws Failure kUnavailable), or with `wait` false answers false at once if
  // another transaction holds it. Only PostgreSQL write units lock (UnitLocks); this default,
  // for backends with a single writer, has nothing to take.
  virtual bool Lock(LockKey key, bool wait) {
    (void)key;
    (void)wait;
    return true;
  }
};

}  // namespace clientele::storage::sql
