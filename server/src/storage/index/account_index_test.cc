#include "storage/index/account_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

// The index against a plain reading of the same rules over the same accounts: every filter and
// ordering, after loads, updates, removals and re-adds. (The database differential test in
// storage/conformance checks it against the SQL itself.)
namespace clientele::storage::index {
namespace {

const std::vector<std::string> kProducts = {"CDN", "DNS", "CLOUD"};
const std::vector<std::string> kWords = {"anna", "ben", "Berg", "ito", "example", "Lab",
                                         "a.b",  "x1",  "zz",   "ö"};

IndexedAccount Random(std::mt19937& rng, int64_t id) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto word = [&] { return kWords[static_cast<size_t>(pick(static_cast<int>(kWords.size())))]; };
  IndexedAccount a;
  a.id = ClientId{id};
  a.email_key = FoldAscii(word() + "." + word() + std::to_string(pick(50)) + "@" + word() + ".test");
  if (pick(5) != 0) a.name_key = FoldAscii(word() + " " + word());
  a.company_key = FoldAscii(word() + word());
  if (pick(3) != 0) {
    a.custom_id = (pick(2) != 0 ? "C-" : "c-") + std::to_string(pick(30));
  }
  if (pick(4) != 0) a.seller = UserId{1 + pick(3)};
  if (pick(2) != 0) a.country_code = pick(2) != 0 ? "DE" : "FR";
  a.status = static_cast<AccountStatus>(pick(5));
  a.is_test = pick(6) == 0;
  a.deleted = pick(6) == 0;
  a.is_reseller_account = id == 1;
  a.created_at = Timestamp{1'000'000LL * pick(40)};  // many equal times: ties must hold
  for (const auto& p : kProducts)
    if (pick(4) != 0)
      a.products.push_back({p, static_cast<ProductStatus>(pick(6)), pick(5) == 0, pick(2) == 0});
  return a;
}

bool Matches(const IndexedAccount& a, const ClientQuery& q) {
  auto flag = [](FlagFilter f, bool v) { return f == FlagFilter::kAll || v == (f == FlagFilter::kOnlyTrue); };
  if (!flag(q.deleted, a.deleted) || !flag(q.is_test, a.is_test)) return false;
  auto in = [](const std::vector<ClientId>& ids, ClientId id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  if (!q.ids.empty() && !in(q.ids, a.id)) return false;
  if (in(q.exclude_ids, a.id)) return false;
  if (!q.statuses.empty() &&
      std::find(q.statuses.begin(), q.statuses.end(), a.status) == q.statuses.end())
    return false;
  if (q.filter_seller && a.seller != q.seller) return false;
  if (q.filter_country && a.country_code != q.country_code) return false;
  if (q.reseller_account && *q.reseller_account != a.is_reseller_account) return false;
  if (q.created_gte && a.created_at.micros < q.created_gte->micros) return false;
  if (q.created_lte && a.created_at.micros > q.created_lte->micros) return false;
  for (const auto& [product, statuses] : q.product_statuses) {
    bool any = false;
    for (const auto& p : a.products)
      any = any || (p.product == product &&
                    std::find(statuses.begin(), statuses.end(), p.status) != statuses.end());
    if (!any) return false;
  }
  for (const auto& product : q.personal_availability) {
    bool any = false;
    for (const auto& p : a.products) any = any || (p.product == product && p.personal);
    if (!any) return false;
  }
  auto contains = [](const std::optional<std::string>& v, const std::optional<std::string>& needle) {
    return !needle || (v && v->find(FoldAscii(*needle)) != std::string::npos);
  };
  return contains(a.email_key, q.email_contains) && contains(a.name_key, q.name_contains) &&
         contains(a.company_key, q.company_contains) &&
         contains(a.custom_id ? std::optional<std::string>(FoldAscii(*a.custom_id)) : std::nullopt,
                  q.custom_id_contains);
}

int CompareRef(const IndexedAccount& a, const IndexedAccount& b, const ClientQuery& q) {
  static const std::string kStatusNames[] = {"preparation", "trial", "active", "trialend",
                                             "deleted"};
  auto text = [](const std::optional<std::string>& x, const std::optional<std::string>& y) {
    if (!x || !y) return !x == !y ? 0 : (!x ? 1 : -1);
    return x->compare(*y) < 0 ? -1 : (x->compare(*y) > 0 ? 1 : 0);
  };
  for (const auto& o : q.ordering) {
    int c = 0;
    switch (o.field) {
      case ClientOrderField::kId: c = a.id.value < b.id.value ? -1 : (a.id.value > b.id.value); break;
      case ClientOrderField::kEmail: c = text(a.email_key, b.email_key); break;
      case ClientOrderField::kName: c = text(a.name_key, b.name_key); break;
      case ClientOrderField::kCompanyName: c = text(a.company_key, b.company_key); break;
      case ClientOrderField::kCustomId: c = text(a.custom_id, b.custom_id); break;
      case ClientOrderField::kStatus:
        c = text(kStatusNames[static_cast<int>(a.status)], kStatusNames[static_cast<int>(b.status)]);
        break;
      case ClientOrderField::kCreatedAt:
        c = a.created_at.micros < b.created_at.micros ? -1 : (a.created_at.micros > b.created_at.micros);
        break;
    }
    if (c != 0) return o.descending ? -c : c;
  }
  return a.id.value < b.id.value ? -1 : (a.id.value > b.id.value);
}

IndexedPage Reference(const std::map<int64_t, IndexedAccount>& all, const ClientQuery& q) {
  std::vector<const IndexedAccount*> hits;
  for (const auto& [id, a] : all)
    if (Matches(a, q)) hits.push_back(&a);
  std::stable_sort(hits.begin(), hits.end(), [&](auto* a, auto* b) { return CompareRef(*a, *b, q) < 0; });
  IndexedPage page;
  page.count = static_cast<int64_t>(hits.size());
  size_t from = q.limit ? static_cast<size_t>(std::min<int64_t>(q.offset, page.count)) : 0;
  size_t to = q.limit ? static_cast<size_t>(std::min<int64_t>(q.offset + *q.limit, page.count))
                      : hits.size();
  for (size_t i = from; i < to; ++i) page.ids.push_back(hits[i]->id);
  return page;
}

ClientQuery RandomQuery(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  ClientQuery q;
  q.deleted = static_cast<FlagFilter>(pick(3));
  q.is_test = static_cast<FlagFilter>(pick(3));
  auto word = [&] {
    std::string w = kWords[static_cast<size_t>(pick(static_cast<int>(kWords.size())))];
    return w.substr(static_cast<size_t>(pick(2)), 1 + static_cast<size_t>(pick(4)));
  };
  if (pick(4) == 0) q.email_contains = word();
  // Across the '@' of the e-mails Random() writes, and two '@' (no such e-mail).
  static const std::vector<std::string> kAcross = {"0@", "3@an", "@", "@be", "o@ex", "@x1.", "a@@"};
  if (pick(8) == 0) q.email_contains = kAcross[static_cast<size_t>(pick(static_cast<int>(kAcross.size())))];
  if (pick(6) == 0) q.name_contains = word();
  if (pick(6) == 0) q.company_contains = word();
  if (pick(6) == 0) q.custom_id_contains = pick(2) != 0 ? "C-1" : "-2";
  if (pick(5) == 0) q.statuses = {static_cast<AccountStatus>(pick(5)), static_cast<AccountStatus>(pick(5))};
  if (pick(4) == 0) {
    q.filter_seller = true;
    if (pick(4) != 0) q.seller = UserId{1 + pick(4)};
  }
  if (pick(6) == 0) {
    q.filter_country = true;
    if (pick(3) != 0) q.country_code = pick(2) != 0 ? "DE" : "XX";
  }
  if (pick(8) == 0) q.reseller_account = pick(2) != 0;
  if (pick(6) == 0) q.created_gte = Timestamp{1'000'000LL * pick(40)};
  if (pick(6) == 0) q.created_lte = Timestamp{1'000'000LL * pick(40)};
  if (pick(3) == 0)
    q.product_statuses.push_back({pick(5) != 0 ? kProducts[static_cast<size_t>(pick(3))] : "NOPE",
                                  {static_cast<ProductStatus>(pick(6)), static_cast<ProductStatus>(pick(6))}});
  if (pick(8) == 0) q.personal_availability.push_back(kProducts[static_cast<size_t>(pick(3))]);
  if (pick(8) == 0) q.ids = {ClientId{1 + pick(300)}, ClientId{1 + pick(300)}, ClientId{9999}};
  if (pick(8) == 0) q.exclude_ids = {ClientId{1 + pick(300)}};
  for (int n = pick(3); n > 0; --n)
    q.ordering.push_back({static_cast<ClientOrderField>(pick(7)), pick(2) != 0});
  if (pick(5) != 0) {
    q.limit = 1 + pick(25);
    q.offset = pick(3) == 0 ? 0 : pick(200);
  }
  return q;
}

// The page's products are those of its accounts: status and enabled, or none.
void ExpectProductsOf(const std::map<int64_t, IndexedAccount>& all, const IndexedPage& page) {
  const ListedProducts& listed = page.products;
  ASSERT_TRUE(listed.known);
  ASSERT_EQ(listed.states.size(), page.ids.size() * listed.products.size());
  for (size_t i = 0; i < page.ids.size(); ++i) {
    const IndexedAccount& a = all.at(page.ids[i].value);
    for (size_t c = 0; c < listed.products.size(); ++c) {
      uint8_t want = ListedProducts::kNone;
      for (const auto& p : a.products)
        if (p.product == listed.products[c])
          want = ListedProducts::Pack(p.status, p.enabled);
      ASSERT_EQ(static_cast<int>(listed.State(i, c)), static_cast<int>(want))
          << "account " << a.id.value << ", " << listed.products[c];
    }
  }
}

// Small sets take the sorting paths; thousands of accounts take the walks (created_at and
// e-mail orders, whole-column substring scans).
void AgreesThroughChanges(int64_t accounts, int rounds, int queries) {
  std::mt19937 rng(static_cast<unsigned>(accounts));
  std::map<int64_t, IndexedAccount> all;
  std::vector<IndexedAccount> load;
  for (int64_t id = 1; id <= accounts; ++id) {
    if (rng() % 7 == 0) continue;  // gaps in the ids
    all[id] = Random(rng, id);
    load.push_back(all[id]);
  }
  AccountIndex index;
  index.Load(load);
  int64_t next = accounts + 1;
  for (int round = 0; round < rounds; ++round) {
    for (int i = 0; i < queries; ++i) {
      ClientQuery q = RandomQuery(rng);
      if (accounts > 4096 && i % 2 == 0) {  // few filters and one key: the walking paths
        ClientQuery plain;
        plain.deleted = q.deleted;
        plain.is_test = q.is_test;
        plain.email_contains = q.email_contains;
        plain.company_contains = q.company_contains;
        plain.ordering = {{static_cast<ClientOrderField>(rng() % 7), rng() % 2 == 0}};
        plain.limit = q.limit;
        plain.offset = q.offset;
        q = plain;
      }
      IndexedPage got = index.Query(q, nullptr);
      IndexedPage want = Reference(all, q);
      ASSERT_EQ(got.count, want.count) << "round " << round << " query " << i;
      ASSERT_EQ(got.ids, want.ids) << "round " << round << " query " << i;
      ExpectProductsOf(all, got);
    }
    // Changes between rounds: edits, removals, new accounts, holes filled again; some batched.
    bool batch = round % 3 == 0;
    if (batch) index.BeginBatch();
    for (int i = 0; i < 15; ++i) {
      int64_t id = 1 + static_cast<int64_t>(rng() % static_cast<unsigned>(next - 1));
      switch (rng() % 4) {
        case 0:
        case 1:
          if (all.count(id)) {
            all[id] = Random(rng, id);
            ASSERT_TRUE(index.Put(all[id]));
          }
          break;
        case 2:
          all.erase(id);
          index.Remove(ClientId{id});
          break;
        case 3:
          all[next] = Random(rng, next);
          ASSERT_TRUE(index.Put(all[next]));
          ++next;
          break;
      }
    }
    if (batch) index.EndBatch();
    ASSERT_EQ(index.size(), static_cast<int64_t>(all.size()));
  }
}

TEST(AccountIndex, AgreesWithAPlainReadingThroughChanges) { AgreesThroughChanges(300, 60, 40); }

TEST(AccountIndex, AgreesWithAPlainReadingAtThousands) { AgreesThroughChanges(9000, 6, 60); }

TEST(AccountIndex, AnIdBelowTheHighestThatWasNeverHeldAsksForAReload) {
  AccountIndex index;
  std::mt19937 rng(1);
  index.Load({Random(rng, 5), Random(rng, 9)});
  EXPECT_FALSE(index.Put(Random(rng, 7)));
  EXPECT_TRUE(index.Put(Random(rng, 10)));
}

void FindsSubstringsThroughRewritesAndTheTail();

TEST(TextColumn, FindsSubstringsThroughRewritesAndTheTail) {
  const bool avx2 = SearchUsesAvx2();
  SearchUsesAvx2() = false;  // SSE2
  FindsSubstringsThroughRewritesAndTheTail();
  SearchUsesAvx2() = avx2;  // AVX2 when the processor has it
  FindsSubstringsThroughRewritesAndTheTail();
}

void FindsSubstringsThroughRewritesAndTheTail() {
  TextColumn c;
  std::vector<std::optional<std::string>> values;
  std::mt19937 rng(3);
  auto random_text = [&] {
    std::string s;
    for (int n = static_cast<int>(rng() % 40); n > 0; --n) s += "abcdABCD"[rng() % 8];
    return s;
  };
  for (int i = 0; i < 2000; ++i) {
    values.push_back(rng() % 9 == 0 ? std::nullopt : std::optional<std::string>(random_text()));
    c.Append(values.back() ? std::optional<std::string_view>(*values.back()) : std::nullopt);
  }
  for (int round = 0; round < 30; ++round) {
    for (const std::string needle : {"a", "ab", "abc", "dcba", "aaaaa", "bdbd", "c"}) {
      Roaring want;
      for (uint32_t r = 0; r < values.size(); ++r)
        if (values[r] && values[r]->find(needle) != std::string::npos) want.add(r);
      ASSERT_EQ(c.Search(needle), want) << "round " << round << " needle " << needle;
      Roaring folded;
      for (uint32_t r = 0; r < values.size(); ++r)
        if (values[r] && FoldAscii(*values[r]).find(needle) != std::string::npos) folded.add(r);
      ASSERT_EQ(c.Search(needle, /*fold=*/true), folded) << "round " << round << " needle " << needle;
    }
    for (int i = 0; i < 300; ++i) {
      auto r = static_cast<uint32_t>(rng() % values.size());
      values[r] = rng() % 9 == 0 ? std::nullopt : std::optional<std::string>(random_text());
      c.Set(r, values[r] ? std::optional<std::string_view>(*values[r]) : std::nullopt);
      if (i % 50 == 0) {
        values.push_back(random_text());
        c.Append(*values.back());
      }
    }
  }
  for (uint32_t r = 0; r < values.size(); ++r)
    ASSERT_EQ(c.Get(r), values[r].value_or("")) << r;
}

// Random short texts over a small alphabet, with '@' in it: every needle shape occurs, also
// e-mails without an '@' or with two.
std::string RandomText(std::mt19937& rng, const char* alphabet, size_t letters, int longest) {
  std::string s;
  for (int n = static_cast<int>(rng() % static_cast<unsigned>(longest)); n > 0; --n)
    s += alphabet[rng() % letters];
  return s;
}

std::vector<std::string> AllNeedles(const std::vector<std::optional<std::string>>& values) {
  std::vector<std::string> needles = {"", "@", "@@", "zz"};
  for (size_t i = 0; i < values.size(); i += 37)
    if (values[i])
      for (size_t from = 0; from < values[i]->size(); from += 2)
        needles.push_back(values[i]->substr(from, 1 + from % 5));
  return needles;
}

TEST(EmailColumn, FindsAndOrdersLikeTheWholeTextThroughRewrites) {
  EmailColumn c;
  std::vector<std::optional<std::string>> values;
  std::mt19937 rng(5);
  auto email = [&]() -> std::optional<std::string> {
    switch (rng() % 12) {
      case 0: return std::nullopt;
      case 1: return RandomText(rng, "ab@", 3, 8);  // any number of '@'
      default: return RandomText(rng, "ab.", 3, 6) + "@" + RandomText(rng, "ab.", 3, 5);
    }
  };
  auto view = [](const std::optional<std::string>& v) {
    return v ? std::optional<std::string_view>(*v) : std::nullopt;
  };
  c.BeginBatch();
  for (int i = 0; i < 1500; ++i) {
    values.push_back(email());
    c.Append(view(values.back()));
  }
  c.EndBatch();
  for (int round = 0; round < 6; ++round) {
    for (const std::string& needle : AllNeedles(values)) {
      Roaring want;
      for (uint32_t r = 0; r < values.size(); ++r) {
        if (values[r] && values[r]->find(needle) != std::string::npos) want.add(r);
        ASSERT_EQ(c.Contains(r, needle), want.contains(r)) << r << " " << needle;
      }
      ASSERT_EQ(c.Search(needle), want) << "round " << round << " needle " << needle;
    }
    for (uint32_t a = 0; a < values.size(); a += 7)
      for (uint32_t b = 0; b < values.size(); b += 11) {
        if (!values[a] || !values[b]) continue;
        int want = values[a]->compare(*values[b]);
        ASSERT_EQ(c.Compare(a, b), want < 0 ? -1 : (want > 0 ? 1 : 0)) << *values[a] << " " << *values[b];
        if (c.Prefix(a) != c.Prefix(b)) {  // a sort key: must agree wherever it decides
          ASSERT_EQ(c.Prefix(a) < c.Prefix(b), want < 0) << *values[a] << " " << *values[b];
        }
      }
    for (int i = 0; i < 200; ++i) {
      auto r = static_cast<uint32_t>(rng() % values.size());
      values[r] = email();
      c.Set(r, view(values[r]));
      ASSERT_EQ(c.IsNull(r), !values[r]);
    }
  }
}

TEST(DictColumn, FindsAndRanksDistinctValuesThroughRewrites) {
  for (bool batch : {true, false}) {
    DictColumn c;
    std::vector<std::optional<std::string>> values;
    std::mt19937 rng(batch ? 7 : 8);
    auto value = [&]() -> std::optional<std::string> {
      if (rng() % 10 == 0) return std::nullopt;
      return RandomText(rng, "abc d", 5, 6);  // few distinct values: most repeat
    };
    if (batch) c.BeginBatch();
    for (int i = 0; i < 2000; ++i) {
      values.push_back(value());
      c.Append(values.back() ? std::optional<std::string_view>(*values.back()) : std::nullopt);
    }
    if (batch) c.EndBatch();
    for (int round = 0; round < 5; ++round) {
      for (const std::string& needle : AllNeedles(values)) {
        Roaring contains, starts;
        for (uint32_t r = 0; r < values.size(); ++r) {
          if (values[r] && values[r]->find(needle) != std::string::npos) contains.add(r);
          if (values[r] && values[r]->starts_with(needle)) starts.add(r);
        }
        ASSERT_EQ(c.Search(needle), contains) << needle;
        ASSERT_EQ(c.StartsWith(needle), starts) << needle;
      }
      for (uint32_t a = 0; a < values.size(); a += 13)
        for (uint32_t b = 0; b < values.size(); b += 17) {
          ASSERT_EQ(c.IsNull(a), !values[a]);
          if (!values[a] || !values[b]) continue;
          int want = values[a]->compare(*values[b]);
          int got = c.Rank(a) < c.Rank(b) ? -1 : (c.Rank(a) > c.Rank(b) ? 1 : 0);
          ASSERT_EQ(got, want < 0 ? -1 : (want > 0 ? 1 : 0)) << *values[a] << " " << *values[b];
          ASSERT_EQ(c.Get(a), *values[a]);
        }
      for (int i = 0; i < 150; ++i) {  // one at a time: new values ranked as they come
        auto r = static_cast<uint32_t>(rng() % values.size());
        values[r] = value();
        c.Set(r, values[r] ? std::optional<std::string_view>(*values[r]) : std::nullopt);
      }
    }
  }
}

}  // namespace
}  // namespace clientele::storage::index
