#include "storage/sql/account_indexes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace clientele::storage::sql {
namespace {

using index::IndexedAccount;

// The columns of an IndexedAccount, from `clients c`, lower-cased by the database itself so that
// the index orders as the SQL's case-insensitive ordering does.
std::string AccountColumns(const Dialect& d) {
  return "c.id, c.email_key, " + d.LowerKey("c.name") + ", " + d.LowerKey("c.company_name") +
         ", c.custom_id, c.seller_id, c.country_code, c.status, c.is_test, c.deleted, "
         "c.is_reseller_account, c.created_at";
}

IndexedAccount ReadAccount(const Row& r) {
  IndexedAccount a;
  a.id = ClientId{r.Int(0)};
  a.email_key = r.Text(1);
  if (!r.IsNull(2)) a.name_key = r.Text(2);
  a.company_key = r.Text(3);
  if (!r.IsNull(4)) a.custom_id = r.Text(4);
  if (!r.IsNull(5)) a.seller = UserId{r.Int(5)};
  if (!r.IsNull(6)) a.country_code = r.Text(6);
  a.status = ParseAccountStatus(r.Text(7)).value_or(AccountStatus::kPreparation);
  a.is_test = r.Bool(8);
  a.deleted = r.Bool(9);
  a.is_reseller_account = r.Bool(10);
  a.created_at = Timestamp{r.Int(11)};
  return a;
}

constexpr std::string_view kProductColumns =
    "s.client_id, s.product, s.status, s.available IS NOT NULL, s.enabled";

IndexedAccount::Product ReadProduct(const Row& r) {
  return {r.Text(1), ParseProductStatus(r.Text(2)).value_or(ProductStatus::kNew), r.Bool(3),
          r.Bool(4)};
}

}  // namespace

AccountIndexes::Entry& AccountIndexes::EntryOf(OrgId org) {
  std::lock_guard lock(mu_);
  auto& entry = orgs_[org.value];
  if (!entry) entry = std::make_unique<Entry>();
  return *entry;
}

std::unique_ptr<index::AccountIndex> AccountIndexes::Load(Session& s, OrgId org) {
  auto started = std::chrono::steady_clock::now();
  auto index = std::make_unique<index::AccountIndex>();
  // Sized first: growing columns of a million rows by doubling would hold twice the memory.
  // (length() counts characters: bytes of non-ASCII text may need a little more.)
  int64_t first_id = 0, last_id = -1;
  s.Run("SELECT count(*), coalesce(sum(length(email_key)), 0), coalesce(sum(length(name)), 0), "
        "coalesce(sum(length(company_name)), 0), coalesce(sum(length(custom_id)), 0), "
        "coalesce(min(id), 0), coalesce(max(id), -1) FROM clients WHERE org_id = $1",
        std::vector<Param>{Arg(org)}, [&](const Row& r) {
          auto n = [&](int col) { return static_cast<size_t>(r.Int(col)); };
          index->Reserve(n(0), {n(1), n(2), n(3), n(4)});
          first_id = r.Int(5);
          last_id = r.Int(6);
        });
  index->BeginBatch();
  bool ordered = true;
  // Streamed: a million accounts and their products must not be held as one result.
  s.Stream("SELECT " + AccountColumns(s.dialect()) +
               " FROM clients c WHERE c.org_id = $1 ORDER BY c.id",
           std::vector<Param>{Arg(org)},
           [&](const Row& r) { ordered = index->Put(ReadAccount(r)) && ordered; });
  // Within the organisation's range of account ids, which the services' (client_id, product)
  // key serves: no index of services leads with the organisation (migration 0015).
  s.Stream("SELECT " + std::string(kProductColumns) +
               " FROM services s WHERE s.client_id BETWEEN $2 AND $3 AND s.org_id = $1 "
               "ORDER BY s.client_id",
           std::vector<Param>{Arg(org), Arg(first_id), Arg(last_id)},
           [&](const Row& r) { index->AddProduct(ClientId{r.Int(0)}, ReadProduct(r)); });
  index->EndBatch();
  if (!ordered) throw Failure{Internal("account index: ids came out of order")};
  spdlog::info("account index of organisation {}: {} accounts loaded in {} ms, {} MB: {}",
               org.value, index->size(),
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count(),
               index->MemoryBytes() >> 20, index->Memory());
  return index;
}

bool AccountIndexes::CatchUp(Session& s, OrgId org, index::AccountIndex& index, int64_t from,
                             int64_t to) {
  std::vector<int64_t> changed;
  bool everything = false;
  s.Run("SELECT DISTINCT client_id FROM account_changes WHERE org_id = $1 AND version > $2 "
        "AND version <= $3",
        std::vector<Param>{Arg(org), Arg(from), Arg(to)}, [&](const Row& r) {
          if (r.Int(0) == 0) everything = true;
          changed.push_back(r.Int(0));
        });
  if (everything || changed.size() > kMaxListedChanges) return false;
  if (changed.empty()) return true;
  // Ascending, so that new accounts are appended in id order (Put refuses to go backwards).
  std::sort(changed.begin(), changed.end());
  const Dialect& d = s.dialect();
  Args arg;
  // "+": by the ids, not by an index on org_id (see GetClients).
  std::string where = "+c.org_id = " + arg(Arg(org)) + " AND " +
                      d.InList("c.id", Param{.type = Param::Type::kIntList, .ints = changed}, arg);
  std::map<int64_t, IndexedAccount> fresh;
  s.Run("SELECT " + AccountColumns(d) + " FROM clients c WHERE " + where, arg.params(),
        [&](const Row& r) {
          IndexedAccount a = ReadAccount(r);
          fresh.emplace(a.id.value, std::move(a));
        });
  Args sarg;
  std::string swhere = "s.org_id = " + sarg(Arg(org)) + " AND " +
                       d.InList("s.client_id",
                                Param{.type = Param::Type::kIntList, .ints = changed}, sarg);
  s.Run("SELECT " + std::string(kProductColumns) + " FROM services s WHERE " + swhere,
        sarg.params(), [&](const Row& r) {
          auto it = fresh.find(r.Int(0));
          if (it != fresh.end()) it->second.products.push_back(ReadProduct(r));
        });
  bool many = changed.size() > 64;
  if (many) index.BeginBatch();
  bool placed = true;
  for (int64_t id : changed) {
    auto it = fresh.find(id);
    if (it == fresh.end()) {
      index.Remove(ClientId{id});
    } else {
      placed = index.Put(it->second) && placed;
    }
  }
  if (many) index.EndBatch();
  return placed;
}

index::IndexedPage AccountIndexes::Query(Session& s, OrgId org, const ClientQuery& query,
                                         const std::vector<ClientId>* only) {
  int64_t version = -1, floor = 0;
  s.Run("SELECT accounts_version, accounts_log_floor FROM organisations WHERE id = $1",
        std::vector<Param>{Arg(org)}, [&](const Row& r) {
          version = r.Int(0);
          floor = r.Int(1);
        });
  if (version < 0) return {};  // no such organisation
  Entry& entry = EntryOf(org);
  auto answer = [&] {
    index::IndexedPage page = entry.index->Query(query, only);
    // Product statuses newer than this unit's snapshot would not go with the rows it reads:
    // then the caller reads the services instead.
    if (entry.version != version) page.products = {};
    return page;
  };
  {
    std::shared_lock shared(entry.mu);
    if (entry.index && entry.version >= version) return answer();
  }
  std::unique_lock lock(entry.mu);
  // An index ahead of this unit's snapshot (another unit caught it up since) is used as it is:
  // it can only be newer, never older, than what this unit sees.
  if (!entry.index || entry.version < version) {
    bool current = entry.index && entry.version >= floor &&
                   CatchUp(s, org, *entry.index, entry.version, version);
    if (!current) {
      entry.index.reset();  // free the old one before building the new
      entry.index = Load(s, org);
    }
    entry.version = version;
  }
  return answer();
}

size_t AccountIndexes::MemoryBytes() {
  std::lock_guard lock(mu_);
  size_t bytes = 0;
  for (auto& [org, entry] : orgs_) {
    std::shared_lock entry_lock(entry->mu);
    if (entry->index) bytes += entry->index->MemoryBytes();
  }
  return bytes;
}

}  // namespace clientele::storage::sql
