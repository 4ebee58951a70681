#include <algorithm>
#include <iterator>
#include <tuple>
#include <unordered_map>
#include <string>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// ServiceStore: an account's products, their visibility, and the time-driven work on them.
namespace clientele::storage::sql {
namespace {

Param StatusArg(const std::optional<ProductStatus>& s) {
  return s ? Arg(ToString(*s)) : Null(Param::Type::kText);
}

}  // namespace

Status SqlTx::InsertServices(OrgId org, ClientId client, std::span<const Service> services) {
  return Guard([&]() -> Status {
    for (const auto& v : services) {
      s_.Exec(
          "INSERT INTO services (org_id, client_id, product, status, previous_status, "
          "status_changed_at, trial_start, trial_end, deleted_date, enabled, available) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          {Arg(org), Arg(client), Arg(v.product), Arg(ToString(v.status)),
           StatusArg(v.previous_status), Arg(v.status_changed_at), Arg(v.start), Arg(v.trial_end),
           Arg(v.deleted_date), Arg(v.enabled), Arg(v.available)});
    }
    if (!services.empty()) Changed(org, client);
    return Ok();
  });
}

Status SqlTx::InsertServiceRows(OrgId org, std::span<const Service> services) {
  return Guard([&]() -> Status {
    static constexpr std::string_view kColumns[] = {
        "org_id",     "client_id",  "product",      "status",  "previous_status", "status_changed_at",
        "trial_start", "trial_end", "deleted_date", "enabled", "available"};
    std::vector<Param> values;
    values.reserve(services.size() * std::size(kColumns));
    for (const auto& v : services) {
      AppendRow(values, Arg(org), Arg(v.client), Arg(v.product), Arg(ToString(v.status)),
                       StatusArg(v.previous_status), Arg(v.status_changed_at), Arg(v.start),
                       Arg(v.trial_end), Arg(v.deleted_date), Arg(v.enabled), Arg(v.available));
    }
    s_.InsertRows("services", kColumns, values);
    for (const auto& v : services) Changed(org, v.client);
    return Ok();
  });
}

Result<std::vector<Service>> SqlTx::ListServices(OrgId org, std::span<const ClientId> clients) {
  return Guard([&]() -> Result<std::vector<Service>> {
    if (clients.empty()) return std::vector<Service>();
    // Ordered here rather than by the SQL: joining the catalogue for its positions costs a
    // look-up per service row and a sort in a temporary table, and pages and the streamed list
    // ask for thousands of rows.
    std::unordered_map<std::string, int64_t> position;
    s_.Run("SELECT name, position FROM products", {},
           [&](const Row& r) { position.emplace(r.Text(0), r.Int(1)); });
    Args arg;
    std::string sql = "SELECT " + std::string(kServiceColumns) +
                      " FROM services s WHERE s.org_id = " + arg(Arg(org)) + " AND " +
                      s_.dialect().InList("s.client_id", IdList(clients), arg);
    std::vector<Service> services = s_.All(sql, arg.params(), ReadService);
    auto key = [&](const Service& v) {
      auto it = position.find(v.product);
      return std::make_tuple(v.client.value, it == position.end() ? INT64_MAX : it->second);
    };
    std::sort(services.begin(), services.end(),
              [&](const Service& a, const Service& b) { return key(a) < key(b); });
    return services;
  });
}

Result<Service> SqlTx::GetService(OrgId org, ClientId client, ServiceId id) {
  return Guard([&]() -> Result<Service> {
    auto v = s_.First("SELECT " + std::string(kServiceColumns) +
                          " FROM services s WHERE s.id = $1 AND s.org_id = $2 AND s.client_id = $3",
                      {Arg(id), Arg(org), Arg(client)}, ReadService);
    if (!v) return NotFound();
    return *v;
  });
}

Status SqlTx::UpdateService(const Service& v) {
  return Guard([&]() -> Status {
    auto n = s_.Exec(
        "UPDATE services SET status = $4, previous_status = $5, status_changed_at = $6, "
        "trial_start = $7, trial_end = $8, deleted_date = $9, enabled = $10, available = $11, "
        "ends_soon_sent_for = $12 WHERE id = $1 AND org_id = $2 AND client_id = $3",
        {Arg(v.id), Arg(v.org), Arg(v.client), Arg(ToString(v.status)),
         StatusArg(v.previous_status), Arg(v.status_changed_at), Arg(v.start), Arg(v.trial_end),
         Arg(v.deleted_date), Arg(v.enabled), Arg(v.available), Arg(v.ends_soon_sent_for)});
    if (n == 1) Changed(v.org, v.client);
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Result<int64_t> SqlTx::ClearPersonalVisibility(OrgId org, const std::string& product) {
  return Guard([&]() -> Result<int64_t> {
    int64_t n = s_.Run(
        "UPDATE services SET available = NULL WHERE org_id = $1 AND product = $2 "
        "AND available IS NOT NULL RETURNING client_id",
        std::vector<Param>{Arg(org), Arg(product)},
        [&](const Row& r) { Changed(org, ClientId{r.Int(0)}); });
    return n;
  });
}

Result<std::vector<ServiceStore::StatusCount>> SqlTx::CountServices(
    OrgId org, const std::string& product, std::span<const ProductStatus> statuses,
    std::optional<bool> personal) {
  return Guard([&]() -> Result<std::vector<StatusCount>> {
    std::vector<std::string> names;
    for (auto st : statuses) names.emplace_back(ToString(st));
    const Dialect& d = s_.dialect();
    std::string personal_cond = !personal   ? ""
                                : *personal ? " AND " + d.Is("s.available", true)
                                            : " AND s.available IS NULL";
    Args arg;
    std::string sql =
        "SELECT s.status, count(*) FROM services s JOIN clients c ON c.id = s.client_id "
        "WHERE s.org_id = " +
        arg(Arg(org)) + " AND s.product = " + arg(Arg(product)) + " AND " +
        d.Is("c.deleted", false) + " AND " + d.InList("s.status", TextList(std::move(names)), arg) +
        personal_cond + " GROUP BY s.status ORDER BY s.status";
    return s_.All(sql, arg.params(), [&](const Row& r) {
      return StatusCount{product, ParseProductStatus(r.Text(0)).value_or(ProductStatus::kNew),
                         r.Int(1)};
    });
  });
}

// The due-work queries take their rows with the dialect's SkipLocked. On PostgreSQL that is
// FOR UPDATE SKIP LOCKED: the rows a job takes stay locked until its unit of work commits, and a
// second instance running the same job at the same moment skips them instead of taking them too
// (or waiting). A row another runner already changed and committed no longer matches: under
// READ COMMITTED, PostgreSQL re-checks the WHERE clause on the row's latest version before
// locking it. So each due row is handled by exactly one runner, whatever the number of
// instances; a runner that dies mid-batch releases its locks with its transaction and its rows
// are taken by the next run. SQLite has one writer at a time, so it needs no row locks.
Result<std::vector<Service>> SqlTx::TrialsEnded(Timestamp now, int limit) {
  return Due("s.status = 'trial' AND s.trial_end <= $1 ORDER BY s.trial_end, s.id", now, limit);
}

Result<std::vector<Service>> SqlTx::TrialsEndingSoon(Timestamp soon, int limit) {
  return Due(
      "s.status = 'trial' AND s.trial_end <= $1 AND (s.ends_soon_sent_for IS NULL OR "
      "s.ends_soon_sent_for <> s.trial_end) ORDER BY s.trial_end, s.id",
      soon, limit);
}

Result<std::vector<Service>> SqlTx::DeletionsDue(Timestamp now, int limit) {
  return Due(
      "s.status IN ('trialend', 'paused') AND s.deleted_date <= $1 "
      "ORDER BY s.deleted_date, s.id",
      now, limit);
}

Result<std::vector<Service>> SqlTx::Due(const std::string& condition, Timestamp t, int limit) {
  return Guard([&]() -> Result<std::vector<Service>> {
    return s_.All("SELECT " + std::string(kServiceColumns) + " FROM services s WHERE " + condition +
                      " LIMIT $2" + s_.dialect().SkipLocked("s"),
                  {Arg(t), Arg(int64_t{limit})}, ReadService);
  });
}

Result<int64_t> SqlTx::RescheduleDeletions(OrgId org, std::optional<ClientId> client, int days) {
  return Guard([&]() -> Result<int64_t> {
    return s_.Exec(
        "UPDATE services SET deleted_date = status_changed_at + $3 * 86400000000 "
        "WHERE org_id = $1 AND status IN ('trialend', 'paused') AND status_changed_at IS NOT "
        "NULL "
        "AND (CASE WHEN $2 IS NULL THEN client_id IN (SELECT id FROM clients WHERE org_id = $1 "
        "AND days_to_deleted IS NULL) ELSE client_id = $2 END)",
        {Arg(org), Arg(client), Arg(days)});
  });
}

}  // namespace clientele::storage::sql
