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
    auto contains = [&](const std::optional<std::string>& value, std::string_view search_column,
                        std::string_view column) {
      if (value) text.push_back({search_column, column, *value});
    };
    contains(q.email_contains, "email", "c.email");
    contains(q.name_contains, "name", "c.name");
    contains(q.company_contains, "company_name", "c.company_name");
    contains(q.custom_id_contains, "custom_id", "c.custom_id");
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

Result<ClientPage> SqlTx::ListClients(OrgId org, const ClientQuery& q) {
  if (indexes_ == nullptr) return ListClientsBySql(org, q);
  return Guard([&]() -> Result<ClientPage> {
    ClientPage page;
    if (q.match_nothing) {
      if (q.limit) page.count = 0;
      return page;
    }
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
      if (only) {
        std::sort(ids.begin(), ids.end());
        std::vector<ClientId> both;
        for (ClientId id : *only)
          if (std::binary_search(ids.begin(), ids.end(), id)) both.push_back(id);
        ids = std::move(both);
      }
      std::sort(ids.begin(), ids.end());
      only = std::move(ids);
    };
    users(q.users_email_contains, "u.email_key");
    users(q.users_name_contains, "u.name");
    index::IndexedPage found = indexes_->Query(s_, org, q, only ? &*only : nullptr);
    if (q.limit) page.count = found.count;
    // The rows themselves, in the index's order, a bounded number of ids per statement.
    constexpr size_t kChunk = 1000;
    page.items.reserve(found.ids.size());
    for (size_t from = 0; from < found.ids.size(); from += kChunk) {
      std::span<const ClientId> ids(found.ids.data() + from,
                                    std::min(kChunk, found.ids.size() - from));
      Args arg;
      std::string sql = "SELECT " + std::string(kClientColumns) +
                        " FROM clients c WHERE c.org_id = " + arg(Arg(org)) + " AND " +
                        d.InList("c.id", IdList(ids), arg);
      std::map<int64_t, Client> rows;
      s_.Run(sql, arg.params(), [&](const Row& r) {
        Client c = ReadClient(r);
        rows.emplace(c.id.value, std::move(c));
      });
      for (ClientId id : ids) {
        auto it = rows.find(id.value);
        if (it != rows.end()) page.items.push_back(std::move(it->second));
      }
    }
    return page;
  });
}

}  // namespace clientele::storage::sql
