#include "storage/index/account_index.h"

#include <algorithm>
#include <cstring>

namespace clientele::storage::index {
namespace {

constexpr uint8_t kNoService = ListedProducts::kNone;

// Account statuses in the order the database sorts their names (ORDER BY status).
constexpr std::array<AccountStatus, 5> kStatusByName = [] {
  std::array<AccountStatus, 5> s = {AccountStatus::kActive, AccountStatus::kDeleted,
                                    AccountStatus::kPreparation, AccountStatus::kTrial,
                                    AccountStatus::kTrialEnd};
  return s;
}();

int StatusRank(uint8_t status) {
  for (int i = 0; i < 5; ++i)
    if (static_cast<uint8_t>(kStatusByName[static_cast<size_t>(i)]) == status) return i;
  return 5;
}

// Three-way comparison of two optional texts in SQL order: NULL after every value ascending
// ("NULLS LAST"), so before every value descending ("NULLS FIRST").
int CompareText(bool a_null, std::string_view a, bool b_null, std::string_view b) {
  if (a_null || b_null) return a_null == b_null ? 0 : (a_null ? 1 : -1);
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

template <typename T>
int Three(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

// A substring in any kind of text column; only the custom ids' column folds case.
bool Check(const TextColumn& c, uint32_t row, std::string_view needle, bool fold) {
  return c.Contains(row, needle, fold);
}
template <typename Column>
bool Check(const Column& c, uint32_t row, std::string_view needle, bool /*fold*/) {
  return c.Contains(row, needle);
}
Roaring Find(const TextColumn& c, std::string_view needle, bool fold) {
  return c.Search(needle, fold);
}
template <typename Column>
Roaring Find(const Column& c, std::string_view needle, bool /*fold*/) {
  return c.Search(needle);
}

// CompareText's NULL order around a comparison of two values.
template <typename Values>
int CompareNullable(bool a_null, bool b_null, Values values) {
  if (a_null || b_null) return a_null == b_null ? 0 : (a_null ? 1 : -1);
  return values();
}

}  // namespace

std::optional<AccountIndex::Row> AccountIndex::RowOf(ClientId id) const {
  auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (it == ids_.end() || *it != id) return std::nullopt;
  auto row = static_cast<Row>(it - ids_.begin());
  if (!live_.contains(row)) return std::nullopt;
  return row;
}

AccountIndex::ProductColumn& AccountIndex::Product(const std::string& code) {
  auto it = products_.find(code);
  if (it == products_.end()) {
    it = products_.emplace(code, ProductColumn{}).first;
    it->second.state.assign(ids_.size(), kNoService);
  }
  return it->second;
}

namespace {
std::optional<std::string_view> View(const std::optional<std::string>& s) {
  return s ? std::optional<std::string_view>(*s) : std::nullopt;
}
}  // namespace

AccountIndex::Row AccountIndex::Append(const IndexedAccount& a) {
  auto row = static_cast<Row>(ids_.size());
  ids_.push_back(a.id);
  status_.push_back(0);
  created_.push_back(0);
  for (auto& [code, column] : products_) column.state.push_back(kNoService);
  email_.Append(a.email_key);
  name_.Append(View(a.name_key));
  company_.Append(a.company_key);
  custom_id_.Append(View(a.custom_id));
  return row;
}

void AccountIndex::SetTexts(Row row, const IndexedAccount& a) {
  email_.Set(row, a.email_key);
  name_.Set(row, View(a.name_key));
  company_.Set(row, a.company_key);
  custom_id_.Set(row, View(a.custom_id));
}

void AccountIndex::Index(Row row, const IndexedAccount& a) {
  live_.add(row);
  if (!a.deleted && !a.is_test) plain_.add(row);
  if (a.deleted) deleted_.add(row);
  if (a.is_test) is_test_.add(row);
  if (a.is_reseller_account) reseller_account_.add(row);
  status_[row] = static_cast<uint8_t>(a.status);
  by_status_[static_cast<size_t>(a.status)].add(row);
  by_seller_[a.seller ? a.seller->value : 0].add(row);
  by_country_[a.country_code.value_or("")].add(row);
  created_[row] = a.created_at.micros;
  for (const auto& p : a.products) SetProduct(row, p);
}

void AccountIndex::SetProduct(Row row, const IndexedAccount::Product& p) {
  ProductColumn& column = Product(p.product);
  if (column.state[row] != kNoService)
    column.by_status[static_cast<size_t>(ListedProducts::StatusOf(column.state[row]))].remove(row);
  column.state[row] = ListedProducts::Pack(p.status, p.enabled);
  column.by_status[static_cast<size_t>(p.status)].add(row);
  if (p.personal) column.personal.add(row);
}

void AccountIndex::Unindex(Row row) {
  live_.remove(row);
  plain_.remove(row);
  deleted_.remove(row);
  is_test_.remove(row);
  reseller_account_.remove(row);
  by_status_[status_[row]].remove(row);
  for (auto& [seller, rows] : by_seller_) rows.remove(row);
  for (auto& [country, rows] : by_country_) rows.remove(row);
  for (auto& [code, column] : products_) {
    if (column.state[row] != kNoService)
      column.by_status[static_cast<size_t>(ListedProducts::StatusOf(column.state[row]))].remove(row);
    column.state[row] = kNoService;
    column.personal.remove(row);
  }
  if (!orders_stale_) {
    auto [first, last] = std::equal_range(by_created_.begin(), by_created_.end(), row, CreatedLess());
    by_created_.erase(std::find(first, last, row));
    auto [from, to] = std::equal_range(by_email_.begin(), by_email_.end(), row, EmailLess());
    by_email_.erase(std::find(from, to, row));
  }
}

void AccountIndex::Reserve(size_t accounts, const TextBytes& bytes) {
  ids_.reserve(accounts);
  status_.reserve(accounts);
  created_.reserve(accounts);
  // Each value ends with a '\0'. The e-mails' local parts are at most the whole e-mails (the
  // surplus is given back at the end of the batch); names and companies are dictionaries.
  email_.Reserve(accounts, bytes.email + accounts);
  name_.Reserve(accounts);
  company_.Reserve(accounts);
  custom_id_.Reserve(accounts, bytes.custom_id + accounts);
}

void AccountIndex::AddProduct(ClientId id, const IndexedAccount::Product& p) {
  Row row = cursor_;
  if (row >= ids_.size() || ids_[row] != id) {
    if (row + 1 < ids_.size() && ids_[row + 1] == id) {
      ++row;
    } else {
      auto found = RowOf(id);
      if (!found) return;
      row = *found;
    }
  }
  cursor_ = row;
  SetProduct(row, p);
}

void AccountIndex::BeginBatch() {
  orders_stale_ = true;
  email_.BeginBatch();
  name_.BeginBatch();
  company_.BeginBatch();
}

void AccountIndex::EndBatch() {
  if (orders_stale_) SortKeptOrders();
  email_.EndBatch();
  name_.EndBatch();
  company_.EndBatch();
  email_.ShrinkToFit();
  name_.ShrinkToFit();
  company_.ShrinkToFit();
  custom_id_.ShrinkToFit();
  live_.runOptimize();
  plain_.runOptimize();
  for (auto* b : {&deleted_, &is_test_, &reseller_account_}) b->runOptimize();
  for (auto& b : by_status_) b.runOptimize();
  for (auto& [k, b] : by_seller_) b.runOptimize();
  for (auto& [k, b] : by_country_) b.runOptimize();
  for (auto& [k, c] : products_) {
    for (auto& b : c.by_status) b.runOptimize();
    c.personal.runOptimize();
  }
}

void AccountIndex::Load(std::vector<IndexedAccount> accounts) {
  TextBytes bytes;
  for (const auto& a : accounts) {
    bytes.email += a.email_key.size();
    bytes.name += a.name_key ? a.name_key->size() : 0;
    bytes.company += a.company_key.size();
    bytes.custom_id += a.custom_id ? a.custom_id->size() : 0;
  }
  Reserve(accounts.size(), bytes);
  BeginBatch();
  for (auto& a : accounts) {
    Index(Append(a), a);
    a = IndexedAccount{};  // free as we go: the loaded vector is the peak otherwise
  }
  EndBatch();
}

bool AccountIndex::Put(const IndexedAccount& account) {
  Row row;
  if (auto existing = RowOf(account.id)) {
    row = *existing;
    Unindex(row);
    SetTexts(row, account);
  } else {
    auto it = std::lower_bound(ids_.begin(), ids_.end(), account.id);
    if (it != ids_.end()) {
      if (*it != account.id) return false;  // an id below the highest: rows would leave id order
      row = static_cast<Row>(it - ids_.begin());  // a hole left by Remove(): reuse it
      SetTexts(row, account);
    } else {
      row = Append(account);
    }
  }
  Index(row, account);
  if (!orders_stale_) {
    by_created_.insert(std::lower_bound(by_created_.begin(), by_created_.end(), row, CreatedLess()),
                       row);
    by_email_.insert(std::lower_bound(by_email_.begin(), by_email_.end(), row, EmailLess()), row);
  }
  return true;
}

void AccountIndex::Remove(ClientId id) {
  auto row = RowOf(id);
  if (!row) return;
  Unindex(*row);
  email_.Set(*row, std::nullopt);
  name_.Set(*row, std::nullopt);
  company_.Set(*row, std::nullopt);
  custom_id_.Set(*row, std::nullopt);
}

void AccountIndex::SortKeptOrders() {
  by_created_.clear();
  by_created_.reserve(live_.cardinality());
  for (Row r : live_) by_created_.push_back(r);
  std::sort(by_created_.begin(), by_created_.end(), CreatedLess());
  // E-mails by their first eight bytes first, which settles nearly every comparison.
  std::vector<std::pair<uint64_t, Row>> keyed;
  keyed.reserve(live_.cardinality());
  for (Row r : live_) keyed.emplace_back(email_.IsNull(r) ? UINT64_MAX : email_.Prefix(r), r);
  auto email_less = EmailLess();
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : email_less(a.second, b.second);
  });
  by_email_.clear();
  by_email_.reserve(keyed.size());
  for (const auto& k : keyed) by_email_.push_back(k.second);
  orders_stale_ = false;
}

Roaring AccountIndex::RowsOf(const std::vector<ClientId>& ids) const {
  Roaring rows;
  for (ClientId id : ids)
    if (auto row = RowOf(id)) rows.add(*row);
  return rows;
}

Roaring AccountIndex::CreatedBetween(std::optional<Timestamp> gte,
                                     std::optional<Timestamp> lte) const {
  // by_created_ is kept sorted unless stale; Query() is const, so scan when it is stale.
  Roaring rows;
  int64_t lo = gte ? gte->micros : INT64_MIN;
  int64_t hi = lte ? lte->micros : INT64_MAX;
  if (orders_stale_) {
    for (Row r : live_)
      if (created_[r] >= lo && created_[r] <= hi) rows.add(r);
    return rows;
  }
  auto first = std::lower_bound(by_created_.begin(), by_created_.end(), lo,
                                [&](Row r, int64_t v) { return created_[r] < v; });
  auto last = std::upper_bound(by_created_.begin(), by_created_.end(), hi,
                               [&](int64_t v, Row r) { return v < created_[r]; });
  std::vector<Row> in(first, last < first ? first : last);
  std::sort(in.begin(), in.end());
  return Roaring(in.size(), in.data());
}

Roaring AccountIndex::Filter(const ClientQuery& q, const std::vector<ClientId>* only) const {
  auto flag = [](Roaring& into, FlagFilter f, const Roaring& set) {
    if (f == FlagFilter::kOnlyTrue) into &= set;
    if (f == FlagFilter::kOnlyFalse) into -= set;
  };
  // Most queries keep the list's defaults (neither deleted nor test accounts): start from the
  // kept set of those instead of subtracting both from every account.
  const bool plain = q.deleted == FlagFilter::kOnlyFalse && q.is_test == FlagFilter::kOnlyFalse;
  Roaring rows = plain ? plain_ : live_;
  if (!plain) {
    flag(rows, q.deleted, deleted_);
    flag(rows, q.is_test, is_test_);
  }
  if (only) rows &= RowsOf(*only);
  if (!q.ids.empty()) rows &= RowsOf(q.ids);
  if (!q.exclude_ids.empty()) rows -= RowsOf(q.exclude_ids);
  if (!q.statuses.empty()) {
    Roaring any;
    for (AccountStatus s : q.statuses) any |= by_status_[static_cast<size_t>(s)];
    rows &= any;
  }
  if (q.filter_seller) {
    auto it = by_seller_.find(q.seller ? q.seller->value : 0);
    rows &= it == by_seller_.end() ? Roaring() : it->second;
  }
  if (q.filter_country) {
    auto it = by_country_.find(q.country_code.value_or(""));
    rows &= it == by_country_.end() ? Roaring() : it->second;
  }
  if (q.reseller_account)
    flag(rows, *q.reseller_account ? FlagFilter::kOnlyTrue : FlagFilter::kOnlyFalse,
         reseller_account_);
  if (q.created_gte || q.created_lte) rows &= CreatedBetween(q.created_gte, q.created_lte);
  for (const auto& [product, statuses] : q.product_statuses) {
    auto it = products_.find(product);
    Roaring any;
    if (it != products_.end())
      for (ProductStatus s : statuses) any |= it->second.by_status[static_cast<size_t>(s)];
    rows &= any;
  }
  for (const auto& product : q.personal_availability) {
    auto it = products_.find(product);
    rows &= it == products_.end() ? Roaring() : it->second.personal;
  }
  // Substrings last, on what is left: a few candidates are checked one by one, many by one
  // pass over the column.
  auto contains = [&](const std::optional<std::string>& value, const auto& column,
                      bool fold = false) {
    if (!value || rows.isEmpty()) return;
    std::string needle = FoldAscii(*value);
    if (needle.find('\0') != std::string::npos) {
      rows = Roaring();
      return;
    }
    if (rows.cardinality() * 64 < column.size()) {
      Roaring kept;
      for (Row r : rows)
        if (Check(column, r, needle, fold)) kept.add(r);
      rows = std::move(kept);
    } else {
      rows &= Find(column, needle, fold);
    }
  };
  contains(q.email_contains, email_);
  contains(q.name_contains, name_);
  contains(q.company_contains, company_);
  contains(q.custom_id_contains, custom_id_, /*fold=*/true);
  return rows;
}

uint64_t AccountIndex::SortKey(Row r, const ClientOrder& o) const {
  // NULL sorts last ascending: above every value (no text starts with eight 0xff bytes, and
  // ties are settled by Compare anyway).
  constexpr uint64_t kNullKey = UINT64_MAX;
  uint64_t key = 0;
  switch (o.field) {
    case ClientOrderField::kId:
      key = r;
      break;
    case ClientOrderField::kEmail:
      key = email_.IsNull(r) ? kNullKey : email_.Prefix(r);
      break;
    case ClientOrderField::kName:
      key = name_.IsNull(r) ? kNullKey : name_.Rank(r);
      break;
    case ClientOrderField::kCompanyName:
      key = company_.IsNull(r) ? kNullKey : company_.Rank(r);
      break;
    case ClientOrderField::kCustomId:
      key = custom_id_.IsNull(r) ? kNullKey : Prefix8(custom_id_.Get(r), {});
      break;
    case ClientOrderField::kStatus:
      key = static_cast<uint64_t>(StatusRank(status_[r]));
      break;
    case ClientOrderField::kCreatedAt:
      key = static_cast<uint64_t>(created_[r]) ^ (uint64_t{1} << 63);  // signed order
      break;
  }
  return o.descending ? ~key : key;
}

int AccountIndex::Compare(Row a, Row b, const std::vector<ClientOrder>& ordering) const {
  for (const auto& o : ordering) {
    int c = 0;
    switch (o.field) {
      case ClientOrderField::kId:
        c = Three(a, b);
        break;
      case ClientOrderField::kEmail:
        c = CompareNullable(email_.IsNull(a), email_.IsNull(b),
                            [&] { return email_.Compare(a, b); });
        break;
      case ClientOrderField::kName:
        c = CompareNullable(name_.IsNull(a), name_.IsNull(b),
                            [&] { return Three(name_.Rank(a), name_.Rank(b)); });
        break;
      case ClientOrderField::kCompanyName:
        c = CompareNullable(company_.IsNull(a), company_.IsNull(b),
                            [&] { return Three(company_.Rank(a), company_.Rank(b)); });
        break;
      case ClientOrderField::kCustomId:
        c = CompareText(custom_id_.IsNull(a), custom_id_.Get(a), custom_id_.IsNull(b),
                        custom_id_.Get(b));
        break;
      case ClientOrderField::kStatus:
        c = Three(StatusRank(status_[a]), StatusRank(status_[b]));
        break;
      case ClientOrderField::kCreatedAt:
        c = Three(created_[a], created_[b]);
        break;
    }
    if (c != 0) return o.descending ? -c : c;
  }
  return Three(a, b);  // id ascending breaks every tie; rows are in id order
}

std::vector<AccountIndex::Row> AccountIndex::Walk(const std::vector<Row>& order,
                                                  const Roaring& rows, bool descending,
                                                  size_t want, const auto& same) const {
  // Walk the kept order and keep members; ties keep id order both ways, as the SQL's trailing
  // "id ASC" does.
  std::vector<Row> out;
  out.reserve(want);
  auto take = [&](auto begin, auto end) {
    for (auto it = begin; it != end && out.size() < want; ++it)
      if (rows.contains(*it)) out.push_back(*it);
  };
  if (!descending) {
    take(order.begin(), order.end());
    return out;
  }
  // Descending with ascending ids inside equal values: walk groups of equal values backwards.
  size_t end = order.size();
  while (end > 0 && out.size() < want) {
    size_t begin = end - 1;
    while (begin > 0 && same(order[begin - 1], order[end - 1])) --begin;
    take(order.begin() + static_cast<std::ptrdiff_t>(begin),
         order.begin() + static_cast<std::ptrdiff_t>(end));
    end = begin;
  }
  return out;
}

std::vector<AccountIndex::Row> AccountIndex::Order(const Roaring& rows, const ClientQuery& q,
                                                   size_t want) const {
  std::vector<ClientOrder> ordering;
  for (const auto& o : q.ordering) {
    ordering.push_back(o);
    if (o.field == ClientOrderField::kId) break;  // nothing after the id can matter
  }
  std::vector<Row> out;
  const uint64_t count = rows.cardinality();
  if (ordering.empty() || (ordering[0].field == ClientOrderField::kId && !ordering[0].descending)) {
    // Id order is row order: jump straight to the page.
    out.reserve(want);
    for (Row r : rows) {
      if (out.size() >= want) break;
      out.push_back(r);
    }
    return out;
  }
  if (ordering[0].field == ClientOrderField::kId) {  // id descending
    for (uint64_t i = 0; i < std::min<uint64_t>(want, count); ++i) {
      uint32_t r = 0;
      rows.select(static_cast<uint32_t>(count - 1 - i), &r);
      out.push_back(r);
    }
    return out;
  }
  // A large match set in created_at or e-mail order: walk the kept order rather than sort.
  if (ordering.size() == 1 && !orders_stale_ && count > 4096) {
    bool descending = ordering[0].descending;
    if (ordering[0].field == ClientOrderField::kCreatedAt)
      return Walk(by_created_, rows, descending, want,
                  [&](Row a, Row b) { return created_[a] == created_[b]; });
    if (ordering[0].field == ClientOrderField::kEmail)
      return Walk(by_email_, rows, descending, want,
                  [&](Row a, Row b) { return email_.Compare(a, b) == 0; });
  }
  // Each row with an integer that orders it by the first field wherever two differ, read once:
  // most comparisons then compare two integers instead of reading two texts.
  std::vector<std::pair<uint64_t, Row>> keyed;
  keyed.reserve(count);
  for (Row r : rows) keyed.emplace_back(SortKey(r, ordering[0]), r);
  auto less = [&](const std::pair<uint64_t, Row>& a, const std::pair<uint64_t, Row>& b) {
    return a.first != b.first ? a.first < b.first : Compare(a.second, b.second, ordering) < 0;
  };
  const size_t take = std::min(want, keyed.size());
  if (take < keyed.size())
    std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(take),
                      keyed.end(), less);
  else
    std::sort(keyed.begin(), keyed.end(), less);
  out.reserve(take);
  for (size_t i = 0; i < take; ++i) out.push_back(keyed[i].second);
  return out;
}

IndexedPage AccountIndex::Query(const ClientQuery& q, const std::vector<ClientId>* only) const {
  IndexedPage page;
  if (q.match_nothing) return page;
  Roaring rows = Filter(q, only);
  page.count = static_cast<int64_t>(rows.cardinality());
  size_t want = q.limit ? static_cast<size_t>(std::min<int64_t>(q.offset + *q.limit, page.count))
                        : static_cast<size_t>(page.count);
  size_t skip = q.limit ? static_cast<size_t>(std::min<int64_t>(q.offset, page.count)) : 0;
  std::vector<Row> ordered;
  bool by_id = q.ordering.empty() ||
               (q.ordering[0].field == ClientOrderField::kId && !q.ordering[0].descending);
  if (by_id && skip > 0) {
    // Jump to the page by rank instead of walking the members before it.
    uint32_t first = 0;
    if (rows.select(static_cast<uint32_t>(skip), &first)) {
      auto it = rows.begin();
      it.equalorlarger(first);
      for (; it != rows.end() && ordered.size() < want - skip; ++it) ordered.push_back(*it);
    }
    skip = 0;
    want = ordered.size();
  } else {
    ordered = Order(rows, q, want);
  }
  ListedProducts& listed = page.products;
  listed.known = true;
  std::vector<const std::vector<uint8_t>*> columns;
  for (const auto& [code, column] : products_) {
    listed.products.push_back(code);
    columns.push_back(&column.state);
  }
  for (size_t i = skip; i < ordered.size() && i < want; ++i) {
    page.ids.push_back(ids_[ordered[i]]);
    for (const auto* state : columns) listed.states.push_back((*state)[ordered[i]]);
  }
  return page;
}

std::string AccountIndex::Memory() const {
  auto mb = [](size_t b) { return std::to_string((b + (1 << 19)) >> 20); };
  size_t bitmaps = live_.getSizeInBytes() + plain_.getSizeInBytes() + deleted_.getSizeInBytes() +
                   is_test_.getSizeInBytes() + reseller_account_.getSizeInBytes();
  for (const auto& b : by_status_) bitmaps += b.getSizeInBytes();
  size_t sellers = 0, countries = 0, products = 0;
  for (const auto& [k, b] : by_seller_) sellers += b.getSizeInBytes();
  for (const auto& [k, b] : by_country_) countries += b.getSizeInBytes();
  for (const auto& [k, c] : products_) {
    products += c.state.capacity() + c.personal.getSizeInBytes();
    for (const auto& b : c.by_status) products += b.getSizeInBytes();
  }
  return "ids " + mb(ids_.capacity() * sizeof(ClientId)) + ", created " +
         mb(created_.capacity() * 8 + by_created_.capacity() * 4) + ", email order " +
         mb(by_email_.capacity() * 4) + ", email " +
         mb(email_.MemoryBytes()) + ", name " + mb(name_.MemoryBytes()) + ", company " +
         mb(company_.MemoryBytes()) + ", custom_id " + mb(custom_id_.MemoryBytes()) +
         ", flags " + mb(bitmaps) + ", sellers " + mb(sellers) + ", countries " +
         mb(countries) + ", products " + mb(products) + " (MB)";
}

size_t AccountIndex::MemoryBytes() const {
  size_t bytes = ids_.capacity() * sizeof(ClientId) + status_.capacity() +
                 created_.capacity() * sizeof(int64_t) + by_created_.capacity() * sizeof(Row) +
                 by_email_.capacity() * sizeof(Row);
  bytes += email_.MemoryBytes() + name_.MemoryBytes() + company_.MemoryBytes() +
           custom_id_.MemoryBytes();
  bytes += live_.getSizeInBytes() + plain_.getSizeInBytes() + deleted_.getSizeInBytes() +
           is_test_.getSizeInBytes() +
           reseller_account_.getSizeInBytes();
  for (const auto& b : by_status_) bytes += b.getSizeInBytes();
  for (const auto& [k, b] : by_seller_) bytes += b.getSizeInBytes() + 64;
  for (const auto& [k, b] : by_country_) bytes += b.getSizeInBytes() + 64;
  for (const auto& [k, c] : products_) {
    bytes += c.state.capacity() + c.personal.getSizeInBytes();
    for (const auto& b : c.by_status) bytes += b.getSizeInBytes();
  }
  return bytes;
}

}  // namespace clientele::storage::index
