#pragma once

#include <roaring/roaring.hh>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/index/text_column.h"

// A text column of the account index whose values repeat (names, companies, e-mail domains):
// each distinct value is stored once, and each row holds the number (code) of its value. A
// substring search scans the distinct values, then picks the rows by code; an ordering compares
// the values' ranks, kept in step with the dictionary, instead of the texts.
//
// The dictionary only grows: a value no row uses any more stays (it matches no row) until the
// index is loaded again.
namespace clientele::storage::index {

class DictColumn {
 public:
  using Row = uint32_t;
  using Code = uint32_t;

  // Adds row number size() with this value.
  void Append(std::optional<std::string_view> value);
  void Set(Row row, std::optional<std::string_view> value);

  size_t size() const { return codes_.size(); }
  bool IsNull(Row row) const { return codes_[row] == kNull; }
  std::string_view Get(Row row) const;  // "" for NULL

  // The rows whose value contains `needle` (byte for byte).
  Roaring Search(std::string_view needle) const;
  // The rows whose value starts with `prefix`.
  Roaring StartsWith(std::string_view prefix) const;
  bool Contains(Row row, std::string_view needle) const;

  // The position of the row's value among the distinct values in byte order (NULL: not asked:
  // check IsNull first). Equal values have equal ranks.
  uint32_t Rank(Row row) const { return rank_[codes_[row]]; }

  // Around many appends: ranks are computed once at the end instead of kept on every new value.
  void BeginBatch() { batch_ = true; }
  void EndBatch();

  void Reserve(size_t rows) { codes_.reserve(rows); }
  void ShrinkToFit();
  size_t MemoryBytes() const;
  size_t distinct() const { return values_.size(); }

 private:
  static constexpr Code kNull = UINT32_MAX;
  Code Intern(std::string_view value);
  void Rehash(size_t slots);
  void RankNew(Code added);
  Roaring RowsWithCodes(const Roaring& codes) const;

  TextColumn values_;          // row = code; appended only, so always in order
  std::vector<Code> codes_;    // per row, or kNull
  std::vector<uint32_t> slots_;  // open addressing: code + 1, 0 = empty
  std::vector<Code> sorted_;   // codes in value order
  std::vector<uint32_t> rank_;  // per code: its position in sorted_
  bool batch_ = false;
  bool ranks_stale_ = false;
};

}  // namespace clientele::storage::index
