#include <algorithm>
#include <map>
#include <string>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// AccountStore::ListClients: the filtered, ordered account list and its count, from the in-memory
// account index (storage/index) when the Database keeps one, and by SQL alone otherwise. The SQL
// is also the reference the index is tested against (storage/conformance/account_list_differential).
namespace clientele::storage::sql {
namespace {

std::string OrderColumn(const Dialect& d, ClientOrderField f) {
  switch (f) {
    case ClientOrderField::kId:
      return "c.id";
    case ClientOrderField::kEmail:
      return "c.email_key";
    case ClientOrderField::kName:
      return d.FoldCase("c.name");
    case ClientOrderField::kStatus:
      return "c.status";
    case ClientOrderField::kCompanyName:
      return d.FoldCase("c.company_name");
    case ClientOrderField::kCustomId:
      return "c.custom_id";
    case ClientOrderField::kCreatedAt:
      return "c.created_at";
  }
  return "c.id";
}

template <typename Statuses>
Param StatusList(const Statuses& statuses) {
  std::vector<std::string> names;
  for (auto st : statuses) names.emplace_back(ToString(st));
  return TextList(std::move(names));
}

}  // namespace

Result<ClientPage> SqlTx::ListClientsBySql(OrgId org, const ClientQuery& q) {
  return Guard([&]() -> Result<ClientPage> {
    ClientPage page;
    if (q.match_nothing) {
      if (q.limit) page.count = 0;
      return page;
    }
    const Dialect& d = s_.dialect();
    Args arg;
    std::string where = "c.org_id = " + arg(Arg(org));
    if (q.deleted != FlagFilter::kAll)
      where += " AND " + d.Is("c.deleted", q.deleted == FlagFilter::kOnlyTrue);
    if (q.is_test != FlagFilter::kAll)
      where += " AND " + d.Is("c.is_test", q.is_test == FlagFilter::kOnlyTrue);
    if (!q.ids.empty())
      where += " AND " + d.InList("c.id", IdList(std::span<const ClientId>(q.ids)), arg);
    if (!q.exclude_ids.empty())
      where += " AND " + d.NotInList("c.id", IdList(std::span<const ClientId>(q.exclude_ids)), arg);
    if (!q.statuses.empty()) where += " AND " + d.InList("c.status", StatusList(q.statuses), arg);
    if (q.filter_seller)
      where += q.seller ? " AND c.seller_id = " + arg(Arg(*q.seller)) : " AND c.seller_id IS NULL";
    if (q.filter_country)
      where += q.country_code ? " AND c.country_code = " + arg(Arg(*q.country_code))
                              : " AND c.country_code IS NULL";
    if (q.reseller_account) where += " AND " + d.Is("c.is_reseller_account", *q.reseller_account);
    if (q.created_gte) where += " AND c.created_at >= " + arg(Arg(*q.created_gte));
    if (q.created_lte) where += " AND c.created_at <= " + arg(Arg(*q.created_lte));

    std::vector<TextFilter> text;
    auto contains = [&](const std::optional<std::string>& value, std::string_view column) {
      if (value) text.push_back({column, *value});
    };
    contains(q.email_contains, "c.email");
    contains(q.name_contains, "c.name");
    contains(q.company_contains, "c.company_name");
    contains(q.custom_id_contains, "c.custom_id");
    where += d.ClientTextFilters(text, arg);
    if (q.users_email_contains)
      where += " AND EXISTS (SELECT 1 FROM users u WHERE u.client_id = c.id AND " +
               d.Is("u.deleted", false) + " AND " +
               d.Contains("u.email_key", arg(Arg(ContainsPattern(*q.users_email_contains)))) + ")";
    if (q.users_name_contains)
      where += " AND EXISTS (SELECT 1 FROM users u WHERE u.client_id = c.id AND " +
               d.Is("u.deleted", false) + " AND " +
               d.Contains("u.name", arg(Arg(ContainsPattern(*q.users_name_contains)))) + ")";
    for (const auto& [product, statuses] : q.product_statuses)
      where +=
          " AND c.id IN (SELECT s.client_id FROM services s WHERE s.org_id = " + arg(Arg(org)) +
          " AND s.product = " + arg(Arg(product)) + " AND " +
          d.InList("s.status", StatusList(statuses), arg) + ")";
    for (const auto& product : q.personal_availability)
      where +=
          " AND c.id IN (SELECT s.client_id FROM services s WHERE s.org_id = " + arg(Arg(org)) +
          " AND s.product = " + arg(Arg(product)) + " AND s.available IS NOT NULL)";

    if (q.limit) page.count = s_.Int("SELECT count(*) FROM clients c WHERE " + where, arg.params());

    std::string order;
    bool has_id = false;
    for (const auto& o : q.ordering) {
      order += (order.empty() ? "" : ", ") + OrderColumn(d, o.field) +
               (o.descending ? " DESC NULLS FIRST" : " ASC NULLS LAST");
      has_id = has_id || o.field == ClientOrderField::kId;
    }
    if (!has_id) order += std::string(order.empty() ? "" : ", ") + "c.id ASC";
    std::string sql = "SELECT " + std::string(kClientColumns) + " FROM clients c WHERE " + where +
                      " ORDER BY " + order;
    if (q.limit) sql += " LIMIT " + arg(Arg(*q.limit)) + " OFFSET " + arg(Arg(q.offset));
    page.items = s_.All(sql, arg.params(), ReadClient);
    return page;
  });
}

index::IndexedPage SqlTx::QueryIndex(OrgId org, const ClientQuery& q) {
  const Dialect& d = s_.dialect();
  // The users' e-mails and names are not in the index: SQL names the accounts that qualify.
  std::optional<std::vector<ClientId>> only;
  auto users = [&](const std::optional<std::string>& value, std::string_view column) {
    if (!value) return;
    Args arg;
    std::string sql = "SELECT DISTINCT u.client_id FROM users u WHERE u.org_id = " +
                      arg(Arg(org)) + " AND u.client_id IS NOT NULL AND " +
                      d.Is("u.deleted", false) + " AND " +
                      d.Contains(column, arg(Arg(ContainsPattern(*value))));
    std::vector<ClientId> ids =
        s_.All(sql, arg.params(), [](const Row& r) { return ClientId{r.Int(0)}; });
    std::sort(ids.begin(), ids.end());
    if (only) {
      std::vector<ClientId> both;
      std::set_intersection(only->begin(), only->end(), ids.begin(), ids.end(),
                            std::back_inserter(both));
      ids = std::move(both);
    }
    only = std::move(ids);
  };
  users(q.users_email_contains, "u.email_key");
  users(q.users_name_contains, "u.name");
  return indexes_->Query(s_, org, q, only ? &*only : nullptr);
}

Result<std::vector<Client>> SqlTx::GetClients(OrgId org, std::span<const ClientId> ids) {
  return Guard([&]() -> Result<std::vector<Client>> {
    // A bounded number of ids per statement: SQLite caps bound parameters.
    constexpr size_t kSlice = 1000;
    std::vector<Client> out;
    out.reserve(ids.size());
    for (size_t from = 0; from < ids.size(); from += kSlice) {
      auto slice = ids.subspan(from, std::min(kSlice, ids.size() - from));
      Args arg;
      // The ids lead (primary-key look-ups); the organisation is checked on each row found.
      // The unary plus keeps SQLite from planning by an index on org_id instead, which it does
      // on a database without planner statistics, scanning the whole organisation.
      std::string sql = "SELECT " + std::string(kClientColumns) +
                        " FROM clients c WHERE +c.org_id = " + arg(Arg(org)) + " AND " +
                        s_.dialect().InList("c.id", IdList(slice), arg);
      std::map<int64_t, Client> rows;
      s_.Run(sql, arg.params(), [&](const Row& r) {
        Client c = ReadClient(r);
        rows.emplace(c.id.value, std::move(c));
      });
      for (ClientId id : slice) {
        auto it = rows.find(id.value);
        if (it != rows.end()) out.push_back(std::move(it->second));
      }
    }
    return out;
  });
}

Result<ClientIdList> SqlTx::ListClientIds(OrgId org, const ClientQuery& query) {
  ClientQuery q = query;
  q.limit.reset();
  q.offset = 0;
  if (indexes_ == nullptr) {
    TRY(auto page, ListClientsBySql(org, q));
    ClientIdList list;
    for (const auto& c : page.items) list.ids.push_back(c.id);
    return list;
  }
  return Guard([&]() -> Result<ClientIdList> {
    if (q.match_nothing) return ClientIdList{.ids = {}, .products = {.known = true}};
    index::IndexedPage found = QueryIndex(org, q);
    return ClientIdList{std::move(found.ids), std::move(found.products)};
  });
}

Result<ClientPage> SqlTx::ListClients(OrgId org, const ClientQuery& q) {
  if (indexes_ == nullptr) return ListClientsBySql(org, q);
  return Guard([&]() -> Result<ClientPage> {
    ClientPage page;
    if (q.match_nothing) {
      if (q.limit) page.count = 0;
      return page;
    }
    index::IndexedPage found = QueryIndex(org, q);
    if (q.limit) page.count = found.count;
    TRY(page.items, GetClients(org, found.ids));
    // An account deleted from the database since the index was caught up is left out by
    // GetClients: then the products no longer line up with the accounts, and are read instead.
    if (page.items.size() == found.ids.size()) page.products = std::move(found.products);
    return page;
  });
}

}  // namespace clientele::storage::sql
