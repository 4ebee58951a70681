#include "storage/index/text_column.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace clientele::storage::index {

std::string FoldAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool& SearchUsesAvx2() {
#if defined(__SSE2__)
  // Static constructors may run before the compiler's own CPU check: ask it to look first.
  static bool avx2 = (__builtin_cpu_init(), __builtin_cpu_supports("avx2"));
#else
  static bool avx2 = false;
#endif
  return avx2;
}

uint64_t Prefix8(std::string_view a, std::string_view b) {
  uint64_t key = 0;
  int bytes = 0;
  for (std::string_view piece : {a, b})
    for (size_t i = 0; i < piece.size() && bytes < 8; ++i, ++bytes)
      key = key << 8 | static_cast<unsigned char>(piece[i]);
  return bytes == 0 ? 0 : key << (8 * (8 - bytes));
}

uint32_t TextColumn::Store(std::string_view value) {
  auto at = static_cast<uint32_t>(arena_.size());
  arena_.append(value);
  arena_.push_back('\0');
  return at;
}

void TextColumn::Erase(Row row) {
  uint32_t at = start_[row];
  if (at == kNull) return;
  size_t n = std::strlen(arena_.data() + at);
  std::memset(arena_.data() + at, 0, n);
  garbage_ += n + 1;
  start_[row] = kNull;
}

void TextColumn::Append(std::optional<std::string_view> value) {
  auto row = static_cast<Row>(start_.size());
  if (!value) {
    start_.push_back(kNull);
    return;
  }
  // In row order as long as nothing has gone to the tail yet.
  bool in_order = tail_.empty() && base_end_ == arena_.size();
  start_.push_back(Store(*value));
  if (in_order)
    base_end_ = arena_.size();
  else
    tail_.emplace_back(start_[row], row);
}

void TextColumn::Set(Row row, std::optional<std::string_view> value) {
  uint32_t at = start_[row];
  if (at != kNull && value && at < base_end_) {
    size_t old = std::strlen(arena_.data() + at);
    if (value->size() <= old) {  // fits where it was: rewrite in place
      std::memcpy(arena_.data() + at, value->data(), value->size());
      std::memset(arena_.data() + at + value->size(), 0, old - value->size());
      garbage_ += old - value->size();
      return;
    }
  }
  Erase(row);
  if (!value) return;
  start_[row] = Store(*value);
  tail_.emplace_back(start_[row], row);
  if (tail_.size() > 4096 && (arena_.size() - base_end_) * 4 > arena_.size()) Compact();
}

std::string_view TextColumn::Get(Row row) const {
  uint32_t at = start_[row];
  if (at == kNull) return {};
  return std::string_view(arena_.data() + at);
}

namespace {
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

#if defined(__SSE2__)
// The vector part of a search: blocks of the arena where the needle's first byte (f or fu) and
// its last (l or lu, k - 1 further on) both occur; `candidate(pos)` checks one and answers where
// to go on (past its value) or 0. Returns where the plain loop takes over.
template <typename Candidate>
size_t ScanSse2(const char* a, size_t end, size_t k, char f, char fu, char l, char lu,
                Candidate&& candidate) {
  const __m128i first = _mm_set1_epi8(f), first_upper = _mm_set1_epi8(fu);
  const __m128i last = _mm_set1_epi8(l), last_upper = _mm_set1_epi8(lu);
  size_t i = 0;
  while (i + k - 1 + 16 <= end) {
    __m128i b0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i));
    __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i + k - 1));
    __m128i fm = _mm_or_si128(_mm_cmpeq_epi8(b0, first), _mm_cmpeq_epi8(b0, first_upper));
    __m128i lm = _mm_or_si128(_mm_cmpeq_epi8(b1, last), _mm_cmpeq_epi8(b1, last_upper));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(fm, lm)));
    size_t resume = i + 16;
    while (mask != 0) {
      size_t pos = i + static_cast<size_t>(__builtin_ctz(mask));
      mask &= mask - 1;
      if (size_t next = candidate(pos)) {
        resume = next;
        break;
      }
    }
    i = resume;
  }
  return i;
}

// The same, 32 bytes at a time where the processor has AVX2 (checked once, at run time: the
// build targets any x86-64).
template <typename Candidate>
__attribute__((target("avx2"))) size_t ScanAvx2(const char* a, size_t end, size_t k, char f,
                                                char fu, char l, char lu, Candidate&& candidate) {
  const __m256i first = _mm256_set1_epi8(f), first_upper = _mm256_set1_epi8(fu);
  const __m256i last = _mm256_set1_epi8(l), last_upper = _mm256_set1_epi8(lu);
  size_t i = 0;
  while (i + k - 1 + 32 <= end) {
    __m256i b0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
    __m256i b1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i + k - 1));
    __m256i fm = _mm256_or_si256(_mm256_cmpeq_epi8(b0, first), _mm256_cmpeq_epi8(b0, first_upper));
    __m256i lm = _mm256_or_si256(_mm256_cmpeq_epi8(b1, last), _mm256_cmpeq_epi8(b1, last_upper));
    auto mask = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_and_si256(fm, lm)));
    size_t resume = i + 32;
    while (mask != 0) {
      size_t pos = i + static_cast<size_t>(__builtin_ctz(mask));
      mask &= mask - 1;
      if (size_t next = candidate(pos)) {
        resume = next;
        break;
      }
    }
    i = resume;
  }
  return i;
}

#endif
}  // namespace

bool TextColumn::Contains(Row row, std::string_view needle, bool fold) const {
  if (start_[row] == kNull) return false;
  std::string_view v = Get(row);
  if (!fold) return v.find(needle) != std::string_view::npos;
  for (size_t i = 0; i + needle.size() <= v.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && Lower(v[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

void TextColumn::Compact() {
  std::string arena;
  arena.reserve(arena_.size() - garbage_ + 16);
  for (uint32_t& at : start_) {
    if (at == kNull) continue;
    std::string_view v(arena_.data() + at);
    at = static_cast<uint32_t>(arena.size());
    arena.append(v);
    arena.push_back('\0');
  }
  arena_ = std::move(arena);
  base_end_ = arena_.size();
  tail_.clear();
  tail_.shrink_to_fit();
  garbage_ = 0;
}

Roaring TextColumn::Search(std::string_view needle, bool fold) const {
  std::vector<Row> rows;
  const size_t k = needle.size();
  const char* a = arena_.data();
  const size_t end = base_end_;
  // The row owning arena position `pos`: the last row at or before it whose value lies in the
  // ordered part. Positions only grow, so one forward walk serves the whole scan.
  size_t next = 0;
  Row owner = 0;
  auto on_match = [&](size_t pos) -> size_t {
    while (next < start_.size()) {
      uint32_t s = start_[next];
      if (s != kNull && s < end) {
        if (s > pos) break;
        owner = static_cast<Row>(next);
      }
      ++next;
    }
    rows.push_back(owner);
    // Past this value: where the next ordered row starts, when the walk has found it.
    if (next < start_.size() && start_[next] != kNull && start_[next] < end && start_[next] > pos)
      return static_cast<size_t>(start_[next]);
    return start_[owner] + std::strlen(a + start_[owner]) + 1;
  };
  const char* n = needle.data();
  auto matches_at = [&](size_t pos) {
    for (size_t j = 1; j + 1 < k; ++j)  // the first and last bytes are already known to match
      if ((fold ? Lower(a[pos + j]) : a[pos + j]) != n[j]) return false;
    return true;
  };
  if (k == 0) {
    for (Row r = 0; r < start_.size(); ++r)
      if (start_[r] != kNull) rows.push_back(r);
    return Roaring(rows.size(), rows.data());
  }
  size_t i = 0;
#if defined(__SSE2__)
  // Candidates: where the first and the last byte of the needle both are (either case,
  // folding); each is checked, and a match skips the rest of its value.
  auto candidate = [&](size_t pos) -> size_t { return matches_at(pos) ? on_match(pos) : 0; };
  const char f = needle[0], l = needle[k - 1];
  const char fu = fold ? Upper(f) : f, lu = fold ? Upper(l) : l;
  i = SearchUsesAvx2() ? ScanAvx2(a, end, k, f, fu, l, lu, candidate)
                       : ScanSse2(a, end, k, f, fu, l, lu, candidate);
#endif
  while (i + k <= end) {
    char c0 = fold ? Lower(a[i]) : a[i];
    char c1 = fold ? Lower(a[i + k - 1]) : a[i + k - 1];
    if (c0 == n[0] && c1 == n[k - 1] && matches_at(i)) {
      i = on_match(i);
    } else {
      ++i;
    }
  }
  Roaring found(rows.size(), rows.data());
  for (const auto& [at, row] : tail_)
    if (start_[row] == at && Contains(row, needle, fold)) found.add(row);
  return found;
}

void TextColumn::Reserve(size_t rows, size_t bytes) {
  start_.reserve(rows);
  arena_.reserve(bytes);
}

void TextColumn::ShrinkToFit() {
  // Only when worth it: shrinking copies the column.
  if (start_.capacity() > start_.size() + start_.size() / 8) start_.shrink_to_fit();
  if (arena_.capacity() > arena_.size() + arena_.size() / 8) arena_.shrink_to_fit();
}

size_t TextColumn::MemoryBytes() const {
  return arena_.capacity() + start_.capacity() * sizeof(uint32_t) +
         tail_.capacity() * sizeof(tail_[0]);
}

}  // namespace clientele::storage::index
