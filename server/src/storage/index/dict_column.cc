#include "storage/index/dict_column.h"

#include <algorithm>
#include <functional>

namespace clientele::storage::index {

DictColumn::Code DictColumn::Intern(std::string_view value) {
  if (slots_.empty()) Rehash(1024);
  const size_t mask = slots_.size() - 1;
  size_t at = std::hash<std::string_view>{}(value)&mask;
  while (slots_[at] != 0) {
    Code code = slots_[at] - 1;
    if (values_.Get(code) == value) return code;
    at = (at + 1) & mask;
  }
  auto code = static_cast<Code>(values_.size());
  values_.Append(value);
  slots_[at] = code + 1;
  if (values_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
  RankNew(code);
  return code;
}

void DictColumn::Rehash(size_t slots) {
  slots_.assign(slots, 0);
  const size_t mask = slots - 1;
  for (Code code = 0; code < values_.size(); ++code) {
    size_t at = std::hash<std::string_view>{}(values_.Get(code)) & mask;
    while (slots_[at] != 0) at = (at + 1) & mask;
    slots_[at] = code + 1;
  }
}

void DictColumn::RankNew(Code added) {
  rank_.push_back(0);
  if (batch_) {
    ranks_stale_ = true;
    return;
  }
  // One value at a time (a write between loads): insert it into the order and renumber what
  // follows; linear in the distinct values, which is cheap next to a write's round trip.
  std::string_view v = values_.Get(added);
  auto at = std::lower_bound(sorted_.begin(), sorted_.end(), v,
                             [&](Code c, std::string_view x) { return values_.Get(c) < x; });
  at = sorted_.insert(at, added);
  for (auto i = static_cast<size_t>(at - sorted_.begin()); i < sorted_.size(); ++i)
    rank_[sorted_[i]] = static_cast<uint32_t>(i);
}

void DictColumn::EndBatch() {
  batch_ = false;
  if (!ranks_stale_) return;
  sorted_.resize(values_.size());
  for (Code c = 0; c < sorted_.size(); ++c) sorted_[c] = c;
  std::sort(sorted_.begin(), sorted_.end(),
            [&](Code a, Code b) { return values_.Get(a) < values_.Get(b); });
  rank_.resize(values_.size());
  for (size_t i = 0; i < sorted_.size(); ++i) rank_[sorted_[i]] = static_cast<uint32_t>(i);
  ranks_stale_ = false;
}

void DictColumn::Append(std::optional<std::string_view> value) {
  codes_.push_back(value ? Intern(*value) : kNull);
}

void DictColumn::Set(Row row, std::optional<std::string_view> value) {
  codes_[row] = value ? Intern(*value) : kNull;
}

std::string_view DictColumn::Get(Row row) const {
  return IsNull(row) ? std::string_view() : values_.Get(codes_[row]);
}

bool DictColumn::Contains(Row row, std::string_view needle) const {
  return !IsNull(row) && Get(row).find(needle) != std::string_view::npos;
}

Roaring DictColumn::RowsWithCodes(const Roaring& codes) const {
  if (codes.isEmpty()) return Roaring();
  // A bit per code, then one pass over the rows' codes: both stay in cache.
  std::vector<uint64_t> wanted((values_.size() + 63) / 64 + 1, 0);
  for (Code c : codes) wanted[c >> 6] |= uint64_t{1} << (c & 63);
  std::vector<Row> rows;
  const Code* code = codes_.data();
  const auto n = static_cast<Row>(codes_.size());
  // Most values wanted (a needle such as ".com" in domains): collect the rows left out instead,
  // and take them from the whole range; a bitmap of nearly every row built row by row costs
  // tens of milliseconds at a million rows.
  if (codes.cardinality() * 2 > values_.size()) {
    for (Row r = 0; r < n; ++r) {
      Code c = code[r];
      if (c == kNull || ((wanted[c >> 6] >> (c & 63)) & 1) == 0) rows.push_back(r);
    }
    Roaring all;
    all.addRange(0, n);
    all -= Roaring(rows.size(), rows.data());
    return all;
  }
  for (Row r = 0; r < n; ++r) {
    Code c = code[r];
    if (c != kNull && ((wanted[c >> 6] >> (c & 63)) & 1) != 0) rows.push_back(r);
  }
  return Roaring(rows.size(), rows.data());
}

Roaring DictColumn::Search(std::string_view needle) const {
  return RowsWithCodes(values_.Search(needle));
}

Roaring DictColumn::StartsWith(std::string_view prefix) const {
  Roaring codes;
  for (Code c = 0; c < values_.size(); ++c)
    if (values_.Get(c).starts_with(prefix)) codes.add(c);
  return RowsWithCodes(codes);
}

void DictColumn::ShrinkToFit() {
  values_.ShrinkToFit();
  if (codes_.capacity() > codes_.size() + codes_.size() / 8) codes_.shrink_to_fit();
  sorted_.shrink_to_fit();
  rank_.shrink_to_fit();
}

size_t DictColumn::MemoryBytes() const {
  return values_.MemoryBytes() + (codes_.capacity() + slots_.capacity() + sorted_.capacity() +
                                  rank_.capacity()) *
                                     sizeof(uint32_t);
}

}  // namespace clientele::storage::index
