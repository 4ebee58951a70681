#pragma once

#include <roaring/roaring.hh>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// One text column of the account index: a value (or NULL) per row, kept in one arena so that a
// substring search is a single pass over contiguous memory rather than a call per row.
//
// The arena holds each value followed by '\0'. Up to `base_end_` the values lie in row order,
// so a match's row is found by walking forward through `start_`. A value that no longer fits
// where it was, or that belongs to a row added after a replacement, goes to the tail, listed in
// `tail_`; the bytes it leaves behind are zeroed, so they can never match. Compact() lays the
// arena out in row order again once the tail grows.
namespace clientele::storage::index {

class TextColumn {
 public:
  using Row = uint32_t;

  // Adds row number size() with this value.
  void Append(std::optional<std::string_view> value);
  void Set(Row row, std::optional<std::string_view> value);

  size_t size() const { return start_.size(); }
  bool IsNull(Row row) const { return start_[row] == kNull; }
  std::string_view Get(Row row) const;  // "" for NULL
  const char* CStr(Row row) const { return arena_.data() + start_[row]; }  // not NULL; '\0'-ended

  // The rows (live or not; the caller intersects) whose value contains `needle`, byte for byte,
  // or with `fold`, ignoring ASCII case (`needle` then in lower case).
  Roaring Search(std::string_view needle, bool fold = false) const;
  bool Contains(Row row, std::string_view needle, bool fold = false) const;

  void Reserve(size_t rows, size_t bytes);
  void ShrinkToFit();
  size_t MemoryBytes() const;

 private:
  static constexpr uint32_t kNull = UINT32_MAX;
  uint32_t Store(std::string_view value);
  void Erase(Row row);
  void Compact();

  std::string arena_;
  std::vector<uint32_t> start_;  // per row: offset in arena_, or kNull
  size_t base_end_ = 0;
  std::vector<std::pair<uint32_t, Row>> tail_;  // (offset, row), ascending offsets
  size_t garbage_ = 0;                          // zeroed bytes in arena_
};

// Whether searches scan 32 bytes at a time (AVX2, when the processor has it) or 16 (SSE2).
// Tests switch it to cover both.
bool& SearchUsesAvx2();

// The first eight bytes of a + b as a big-endian integer (zeros after the end): integers compare
// as the texts do wherever they differ.
uint64_t Prefix8(std::string_view a, std::string_view b);

// ASCII lower case, as the database folds keys (SQLite's lower(); PostgreSQL's agrees on ASCII).
std::string FoldAscii(std::string_view s);

}  // namespace clientele::storage::index
