#include <algorithm>
#include <iterator>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// ServiceStore: an account's products, their visibility, and the time-driven work on them.
namespace clientele::storage::sql {
namespace {

Param StatusArg(const std::optional<ProductStatus>& s) {
  return s ? Arg(ToString(*s)) : Null(Param::Type::kText);
}

// The statuses as SQL literals (names of the enum, never input), so that both planners see that
// the query lies within a partial index (services_blocking, migration 0015).
std::string StatusLiterals(std::span<const ProductStatus> statuses) {
  std::string out;
  for (auto st : statuses) out += (out.empty() ? "'" : ", '") + std::string(ToString(st)) + "'";
  return out;
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
    InsertInSlices(s_, "services", kColumns, services.size(),
                   [&](std::vector<Param>& values, size_t i) {
                     const Service& v = services[i];
                     AppendRow(values, Arg(org), Arg(v.client), Arg(v.product),
                               Arg(ToString(v.status)), StatusArg(v.previous_status),
                               Arg(v.status_changed_at), Arg(v.start), Arg(v.trial_end),
                               Arg(v.deleted_date), Arg(v.enabled), Arg(v.available));
                   });
    for (const auto& v : services) Changed(org, v.client);
    return Ok();
  });
}

Result<std::vector<Service>> SqlTx::ListServices(OrgId org, std::span<const ClientId> clients) {
  return Guard([&]() -> Result<std::vector<Service>> {
    if (clients.empty()) return std::vector<Service>();
    // Ordered here rather than by the SQL, which would join the catalogue for its positions (a
    // look-up per service row and a sort in a temporary table). A handful of products: found
    // by comparing names.
    std::vector<std::pair<std::string, int64_t>> positions;
    s_.Run("SELECT name, position FROM products", {},
           [&](const Row& r) { positions.emplace_back(r.Text(0), r.Int(1)); });
    Args arg;
    std::string sql = "SELECT " + std::string(kServiceColumns) +
                      " FROM services s WHERE s.org_id = " + arg(Arg(org)) + " AND " +
                      s_.dialect().InList("s.client_id", IdList(clients), arg);
    std::vector<Service> services = s_.All(sql, arg.params(), ReadService);
    // Each service's sort key worked out once, then the services put in its order.
    std::vector<std::pair<std::pair<int64_t, int64_t>, uint32_t>> keys;
    keys.reserve(services.size());
    for (size_t i = 0; i < services.size(); ++i) {
      int64_t position = INT64_MAX;
      for (const auto& [name, at] : positions)
        if (name == services[i].product) position = at;
      keys.push_back({{services[i].client.value, position}, static_cast<uint32_t>(i)});
    }
    std::sort(keys.begin(), keys.end());
    std::vector<Service> ordered;
    ordered.reserve(services.size());
    for (const auto& key : keys) ordered.push_back(std::move(services[key.second]));
    services = std::move(ordered);
    return services;
  });
}

Result<std::vector<ServiceStore::ServiceState>> SqlTx::ServiceStates(
    OrgId org, std::span<const ClientId> clients) {
  return Guard([&]() -> Result<std::vector<ServiceState>> {
    if (clients.empty()) return std::vector<ServiceState>();
    Args arg;
    std::string sql =
        "SELECT s.id, s.client_id, s.status FROM services s WHERE s.org_id = " + arg(Arg(org)) +
        " AND " + s_.dialect().InList("s.client_id", IdList(clients), arg);
    return s_.All(sql, arg.params(), [](const Row& r) {
      return ServiceState{ServiceId{r.Int(0)}, ClientId{r.Int(1)},
                          ParseProductStatus(r.Text(2)).value_or(ProductStatus::kNew)};
    });
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

Status SqlTx::UpdateServices(OrgId org, std::span<const Service> services) {
  return Guard([&]() -> Status {
    if (services.empty()) return Ok();
    using T = Param::Type;
    static constexpr RowSetColumn kColumns[] = {
        {"id", T::kInt},
        {"client_id", T::kInt},
        {"status", T::kText},
        {"previous_status", T::kText},
        {"status_changed_at", T::kInt},
        {"trial_start", T::kInt},
        {"trial_end", T::kInt},
        {"deleted_date", T::kInt},
        {"enabled", T::kBool},
        {"available", T::kBool},
        {"ends_soon_sent_for", T::kInt},
    };
    RowSet rows;
    for (const auto& v : services) {
      rows.Row().Add(v.id.value).Add(v.client.value).Add(ToString(v.status));
      if (v.previous_status)
        rows.Add(ToString(*v.previous_status));
      else
        rows.AddNull();
      rows.Add(v.status_changed_at).Add(v.start).Add(v.trial_end).Add(v.deleted_date);
      rows.Add(v.enabled).Add(v.available).Add(v.ends_soon_sent_for);
    }
    Param json = rows.Take();
    auto n = s_.Exec(
        "UPDATE services SET status = v.status, previous_status = v.previous_status, "
        "status_changed_at = v.status_changed_at, trial_start = v.trial_start, "
        "trial_end = v.trial_end, deleted_date = v.deleted_date, enabled = v.enabled, "
        "available = v.available, ends_soon_sent_for = v.ends_soon_sent_for FROM " +
            s_.dialect().FromRowSet("$2", kColumns) +
            " v WHERE services.id = v.id AND services.org_id = $1 "
            "AND services.client_id = v.client_id",
        {Arg(org), json});
    for (const auto& v : services) Changed(org, v.client);
    return n == static_cast<int64_t>(services.size()) ? Ok() : Status(NotFound());
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
    if (statuses.empty()) return std::vector<StatusCount>();
    const Dialect& d = s_.dialect();
    std::string personal_cond = !personal   ? ""
                                : *personal ? " AND " + d.Is("s.available", true)
                                            : " AND s.available IS NULL";
    Args arg;
    std::string sql =
        "SELECT s.status, count(*) FROM services s JOIN clients c ON c.id = s.client_id "
        "WHERE s.org_id = " +
        arg(Arg(org)) + " AND s.product = " + arg(Arg(product)) + " AND " +
        d.Is("c.deleted", false) + " AND s.status IN (" + StatusLiterals(statuses) + ")" +
        personal_cond + " GROUP BY s.status ORDER BY s.status";
    return s_.All(sql, arg.params(), [&](const Row& r) {
      return StatusCount{product, ParseProductStatus(r.Text(0)).value_or(ProductStatus::kNew),
                         r.Int(1)};
    });
  });
}

// The due-work queries are per organisation, so that a PostgreSQL write unit takes the
// organisation's lock (UnitLocks, locking_tx.h) before any of its rows: a second runner for the
// same organisation waits for the first one's batch to commit and then finds those rows no longer
// due (READ COMMITTED reads the newest committed versions). They also take their rows with the
// dialect's SkipLocked (FOR UPDATE SKIP LOCKED): the row locks alone keep each due row to one
// runner, whatever the other locks. A runner that dies mid-batch releases its locks with its
// transaction, and its rows are taken by the next run. SQLite has one writer at a time, so it
// needs neither.
Result<std::vector<Service>> SqlTx::TrialsEnded(OrgId org, Timestamp now, int limit) {
  return Due("s.status = 'trial' AND s.trial_end <= $1 ORDER BY s.trial_end, s.id", org, now,
             limit);
}

Result<std::vector<Service>> SqlTx::TrialsEndingSoon(OrgId org, Timestamp now, Timestamp soon,
                                                     int limit) {
  return Due(
      "s.status = 'trial' AND s.trial_end <= $1 AND s.trial_end > $4 AND "
      "(s.ends_soon_sent_for IS NULL OR s.ends_soon_sent_for <> s.trial_end) "
      "ORDER BY s.trial_end, s.id",
      org, soon, limit, now);
}

Result<std::vector<Service>> SqlTx::DeletionsDue(OrgId org, Timestamp now, int limit) {
  return Due(
      "s.status IN ('trialend', 'paused') AND s.deleted_date <= $1 "
      "ORDER BY s.deleted_date, s.id",
      org, now, limit);
}

Result<std::vector<Service>> SqlTx::Due(const std::string& condition, OrgId org, Timestamp t,
                                        int limit, std::optional<Timestamp> after) {
  return Guard([&]() -> Result<std::vector<Service>> {
    std::vector<Param> params{Arg(t), Arg(org), Arg(int64_t{limit})};
    if (after) params.push_back(Arg(*after));
    return s_.All("SELECT " + std::string(kServiceColumns) +
                      " FROM services s WHERE s.org_id = $2 AND " + condition + " LIMIT $3" +
                      s_.dialect().SkipLocked("s"),
                  params, ReadService);
  });
}

Result<std::vector<OrgId>> SqlTx::OrganisationsWithDueServices(Timestamp now, Timestamp soon) {
  return Guard([&]() -> Result<std::vector<OrgId>> {
    // One probe of each due index per organisation (both start with org_id).
    return s_.All(
        "SELECT o.id FROM organisations o WHERE EXISTS (SELECT 1 FROM services s "
        "WHERE s.org_id = o.id AND s.status = 'trial' AND s.trial_end <= $2) "
        "OR EXISTS (SELECT 1 FROM services s WHERE s.org_id = o.id "
        "AND s.status IN ('trialend', 'paused') AND s.deleted_date <= $1) ORDER BY o.id",
        {Arg(now), Arg(soon)}, [](const Row& r) { return OrgId{r.Int(0)}; });
  });
}

namespace {

// The upcoming rows of one due index (services_trial_due_by_org or _deletion_due_by_org): a
// range of (org_id, time) under its own condition, so the rows read are the rows returned.
Result<std::vector<Service>> Upcoming(Session& s, const std::string& condition,
                                      const char* time_column, OrgId org, Timestamp until,
                                      std::optional<UserId> seller, int64_t limit) {
  Args arg;
  std::string sql = "SELECT " + std::string(kServiceColumns) +
                    " FROM services s WHERE s.org_id = " + arg(Arg(org)) + " AND " + condition +
                    " AND s." + time_column + " <= " + arg(Arg(until));
  if (seller)
    sql += " AND s.client_id IN (SELECT c.id FROM clients c WHERE c.org_id = " + arg(Arg(org)) +
           " AND c.seller_id = " + arg(Arg(*seller)) + ")";
  sql += " ORDER BY s." + std::string(time_column) + ", s.id LIMIT " + arg(Arg(limit));
  return s.All(sql, arg.params(), ReadService);
}

}  // namespace

Result<std::vector<Service>> SqlTx::UpcomingTrialEnds(OrgId org, Timestamp until,
                                                      std::optional<UserId> seller,
                                                      int64_t limit) {
  return Guard([&]() -> Result<std::vector<Service>> {
    return Upcoming(s_, "s.status = 'trial'", "trial_end", org, until, seller, limit);
  });
}

Result<std::vector<Service>> SqlTx::UpcomingDeletions(OrgId org, Timestamp until,
                                                      std::optional<UserId> seller,
                                                      int64_t limit) {
  return Guard([&]() -> Result<std::vector<Service>> {
    return Upcoming(s_, "s.status IN ('trialend', 'paused')", "deleted_date", org, until, seller,
                    limit);
  });
}

Result<std::vector<Service>> SqlTx::UpcomingTrialNotices(OrgId org, Timestamp until,
                                                         std::optional<UserId> seller,
                                                         int64_t limit) {
  return Guard([&]() -> Result<std::vector<Service>> {
    return Upcoming(s_,
                    "s.status = 'trial' AND "
                    "(s.ends_soon_sent_for IS NULL OR s.ends_soon_sent_for <> s.trial_end)",
                    "trial_end", org, until, seller, limit);
  });
}

Result<std::vector<ClientId>> SqlTx::AccountsWithDueWork(OrgId org, bool deletions,
                                                         Timestamp until) {
  return Guard([&]() -> Result<std::vector<ClientId>> {
    // The same conditions as the due indexes', which carry client_id (migration 0019): an
    // index-only range.
    std::string sql = deletions ? "SELECT client_id FROM services WHERE org_id = $1 AND "
                                  "status IN ('trialend', 'paused') AND deleted_date <= $2"
                                : "SELECT client_id FROM services WHERE org_id = $1 AND "
                                  "status = 'trial' AND trial_end <= $2";
    auto ids = s_.All(sql, {Arg(org), Arg(until)}, [](const Row& r) { return ClientId{r.Int(0)}; });
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  });
}

Result<int64_t> SqlTx::RescheduleTrials(OrgId org, ClientId client, int days) {
  return Guard([&]() -> Result<int64_t> {
    return s_.Exec(
        "UPDATE services SET trial_end = trial_start + $3 * 86400000000 "
        "WHERE org_id = $1 AND client_id = $2 AND status = 'trial' AND trial_start IS NOT NULL",
        {Arg(org), Arg(client), Arg(days)});
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

// --- Activation requests ----------------------------------------------------------------------

namespace clientele::storage::sql {
namespace {

constexpr std::string_view kActivationColumns =
    "a.id, a.org_id, a.client_id, a.service_id, a.requested_by, a.requested_email, a.message, "
    "a.requested_at, a.closed_at, s.product";

ActivationRequest ReadActivationRequest(const Row& r) {
  ActivationRequest a;
  a.id = r.Int(0);
  a.org = OrgId{r.Int(1)};
  a.client = ClientId{r.Int(2)};
  a.service = ServiceId{r.Int(3)};
  if (auto v = r.OptInt(4)) a.requested_by = UserId{*v};
  a.requested_email = r.Text(5);
  a.message = r.Text(6);
  a.requested_at = r.Time(7);
  a.closed_at = r.OptTime(8);
  a.product = r.Text(9);
  return a;
}

}  // namespace

Result<ActivationRequest> SqlTx::InsertActivationRequest(const ActivationRequest& d) {
  return Guard([&]() -> Result<ActivationRequest> {
    ActivationRequest out = d;
    out.closed_at.reset();
    out.id = s_.Int(
        "INSERT INTO activation_requests (org_id, client_id, service_id, requested_by, "
        "requested_email, message, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "RETURNING id",
        {Arg(d.org), Arg(d.client), Arg(d.service), Arg(d.requested_by), Arg(d.requested_email),
         Arg(d.message), Arg(d.requested_at)});
    return out;
  });
}

Result<std::vector<ActivationRequest>> SqlTx::OpenActivationRequests(OrgId org, ClientId client) {
  return Guard([&]() -> Result<std::vector<ActivationRequest>> {
    return s_.All("SELECT " + std::string(kActivationColumns) +
                      " FROM activation_requests a JOIN services s ON s.id = a.service_id "
                      "WHERE a.org_id = $1 AND a.client_id = $2 AND a.closed_at IS NULL "
                      "ORDER BY a.service_id",
                  {Arg(org), Arg(client)}, ReadActivationRequest);
  });
}

Status SqlTx::CloseActivationRequests(OrgId org, ClientId client,
                                      std::span<const ServiceId> services, Timestamp now) {
  return Guard([&]() -> Status {
    if (services.empty()) return Ok();
    Args arg;
    std::string sql = "UPDATE activation_requests SET closed_at = " + arg(Arg(now)) +
                      " WHERE org_id = " + arg(Arg(org)) + " AND client_id = " +
                      arg(Arg(client)) + " AND closed_at IS NULL AND " +
                      s_.dialect().InList("service_id", IdList(services), arg);
    s_.Exec(sql, arg.params());
    return Ok();
  });
}

}  // namespace clientele::storage::sql
