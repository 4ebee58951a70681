#pragma once

#include <roaring/roaring.hh>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "storage/index/dict_column.h"
#include "storage/index/text_column.h"

// The e-mail column of the account index, split where the text repeats: the local part with its
// '@' ("anna.berg7@") in a text column, and the domain in a dictionary, since many accounts
// share one. That halves the bytes a substring search reads, and a needle across the '@' becomes
// "local part ends with … and domain starts with …".
//
// An e-mail that does not split that way (no '@', or an '@' inside the local part; the API does
// not accept either, but the database may hold anything) is kept whole beside the columns, and
// checked one by one.
namespace clientele::storage::index {

class EmailColumn {
 public:
  using Row = uint32_t;

  void Append(std::optional<std::string_view> email);
  void Set(Row row, std::optional<std::string_view> email);

  size_t size() const { return local_.size(); }
  bool IsNull(Row row) const { return local_.IsNull(row) && !odd_.contains(row); }

  Roaring Search(std::string_view needle) const;
  bool Contains(Row row, std::string_view needle) const;
  // Three-way comparison of two rows' e-mails, byte for byte (neither NULL).
  int Compare(Row a, Row b) const;
  // Prefix8 of the e-mail (not NULL).
  uint64_t Prefix(Row row) const;

  void BeginBatch() { domain_.BeginBatch(); }
  void EndBatch() { domain_.EndBatch(); }
  void Reserve(size_t rows, size_t local_bytes);
  void ShrinkToFit();
  size_t MemoryBytes() const;

 private:
  // The e-mail as two pieces whose concatenation is it.
  std::pair<std::string_view, std::string_view> Pieces(Row row) const;
  void Store(Row row, std::optional<std::string_view> email, bool append);

  TextColumn local_;  // "local@", NULL for odd rows
  DictColumn domain_;  // what follows the '@', NULL for odd rows
  Roaring odd_;
  std::unordered_map<Row, std::string> odd_email_;
};

}  // namespace clientele::storage::index
