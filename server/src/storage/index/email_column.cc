#include "storage/index/email_column.h"

#include <algorithm>
#include <cstring>

namespace clientele::storage::index {
namespace {

// Whether a + b contains `needle`.
bool PiecesContain(std::string_view a, std::string_view b, std::string_view needle) {
  if (a.find(needle) != std::string_view::npos || b.find(needle) != std::string_view::npos)
    return true;
  for (size_t cut = 1; cut < needle.size(); ++cut)
    if (a.ends_with(needle.substr(0, cut)) && b.starts_with(needle.substr(cut))) return true;
  return false;
}

// Three-way, byte for byte (as memcmp, the databases' byte order), of a1 + a2 against b1 + b2.
int ComparePieces(std::string_view a1, std::string_view a2, std::string_view b1,
                  std::string_view b2) {
  std::string_view a = a1, b = b1;
  bool a_second = false, b_second = false;
  for (;;) {
    if (a.empty() && !a_second) a = a2, a_second = true;
    if (b.empty() && !b_second) b = b2, b_second = true;
    if (a.empty() || b.empty()) break;
    size_t n = std::min(a.size(), b.size());
    if (int c = std::memcmp(a.data(), b.data(), n); c != 0) return c < 0 ? -1 : 1;
    a.remove_prefix(n);
    b.remove_prefix(n);
  }
  // One has run out (its second piece too): it is a prefix of the other, or equal to it.
  if (a.empty() == b.empty()) return 0;
  return a.empty() ? -1 : 1;
}

}  // namespace

void EmailColumn::Store(Row row, std::optional<std::string_view> email, bool append) {
  if (!append && odd_.contains(row)) {
    odd_.remove(row);
    odd_email_.erase(row);
  }
  std::optional<std::string_view> local, domain;
  if (email) {
    size_t at = email->find('@');
    if (at == std::string_view::npos || email->find('@', at + 1) != std::string_view::npos) {
      odd_.add(row);
      odd_email_[row] = std::string(*email);
    } else {
      local = email->substr(0, at + 1);
      domain = email->substr(at + 1);
    }
  }
  if (append) {
    local_.Append(local);
    domain_.Append(domain);
  } else {
    local_.Set(row, local);
    domain_.Set(row, domain);
  }
}

void EmailColumn::Append(std::optional<std::string_view> email) {
  Store(static_cast<Row>(size()), email, /*append=*/true);
}

void EmailColumn::Set(Row row, std::optional<std::string_view> email) {
  Store(row, email, /*append=*/false);
}

std::pair<std::string_view, std::string_view> EmailColumn::Pieces(Row row) const {
  if (!odd_.isEmpty() && odd_.contains(row)) return {odd_email_.at(row), {}};
  return {local_.Get(row), domain_.Get(row)};
}

bool EmailColumn::Contains(Row row, std::string_view needle) const {
  if (IsNull(row)) return false;
  auto [a, b] = Pieces(row);
  return PiecesContain(a, b, needle);
}

int EmailColumn::Compare(Row a, Row b) const {
  auto [a1, a2] = Pieces(a);
  auto [b1, b2] = Pieces(b);
  return ComparePieces(a1, a2, b1, b2);
}

uint64_t EmailColumn::Prefix(Row row) const {
  if (!odd_.isEmpty() && odd_.contains(row)) return Prefix8(odd_email_.at(row), {});
  // Straight from the arena, without measuring the texts: most local parts are eight bytes or
  // longer, so the domain is rarely read.
  const char* local = local_.CStr(row);
  size_t n = 0;
  while (n < 8 && local[n] != '\0') ++n;
  return n == 8 ? Prefix8(std::string_view(local, 8), {})
                : Prefix8(std::string_view(local, n), domain_.Get(row));
}

Roaring EmailColumn::Search(std::string_view needle) const {
  Roaring found;
  size_t at = needle.find('@');
  if (at == std::string_view::npos) {
    // Within the local part or within the domain: the '@' between them is not in the needle.
    found = local_.Search(needle);
    found |= domain_.Search(needle);
  } else if (needle.find('@', at + 1) == std::string_view::npos) {
    // Across the '@': the local part ends with what comes before it ("…x@" in "local@"), and
    // the domain starts with what follows.
    std::string_view before = needle.substr(0, at + 1), after = needle.substr(at + 1);
    Roaring starts = domain_.StartsWith(after);
    if (before.size() == 1) {
      found = std::move(starts);  // "@…": every local part ends with its '@'
    } else if (starts.cardinality() * 64 < size()) {
      for (Row r : starts)
        if (local_.Get(r).ends_with(before)) found.add(r);
    } else {
      found = local_.Search(before) & starts;
    }
  }
  // Two '@' in the needle only match an odd e-mail.
  for (Row r : odd_)
    if (Contains(r, needle)) found.add(r);
  return found;
}

void EmailColumn::Reserve(size_t rows, size_t local_bytes) {
  local_.Reserve(rows, local_bytes);
  domain_.Reserve(rows);
}

void EmailColumn::ShrinkToFit() {
  local_.ShrinkToFit();
  domain_.ShrinkToFit();
}

size_t EmailColumn::MemoryBytes() const {
  size_t odd = 0;
  for (const auto& [row, email] : odd_email_) odd += email.capacity() + 48;
  return local_.MemoryBytes() + domain_.MemoryBytes() + odd_.getSizeInBytes() + odd;
}

}  // namespace clientele::storage::index
