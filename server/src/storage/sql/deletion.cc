#include <string>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// DeletionStore: deletion requests and the alert addresses of an organisation.
namespace clientele::storage::sql {
namespace {

std::string JoinIds(const std::vector<ServiceId>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + std::to_string(id.value);
  return out;
}

NotificationSetting ReadNotificationSetting(const Row& r) {
  return NotificationSetting{r.Int(0), OrgId{r.Int(1)}, r.Text(2), r.Text(3), r.Bool(4)};
}

}  // namespace

Result<DeletionRequest> SqlTx::InsertDeletionRequest(const DeletionRequest& d) {
  return Guard([&]() -> Result<DeletionRequest> {
    DeletionRequest out = d;
    out.id = s_.Int(
        "INSERT INTO deletion_requests (org_id, client_id, state, requested_by, "
        "requested_email, requested_at, due_at, stopped_services) "
        "VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7) RETURNING id",
        {Arg(d.org), Arg(d.client), Arg(d.requested_by), Arg(d.requested_email),
         Arg(d.requested_at), Arg(d.due_at), Arg(JoinIds(d.stopped_services))});
    return out;
  });
}

Status SqlTx::UpdateDeletionRequest(const DeletionRequest& d) {
  return Guard([&]() -> Status {
    const char* state = d.state == DeletionState::kPending     ? "pending"
                        : d.state == DeletionState::kCancelled ? "cancelled"
                                                               : "completed";
    int64_t n = s_.Exec(
        "UPDATE deletion_requests SET state = $3, closed_by_email = $4, closed_at = $5, "
        "note = $6 WHERE id = $1 AND org_id = $2",
        {Arg(d.id), Arg(d.org), Arg(state), Arg(d.closed_by_email), Arg(d.closed_at), Arg(d.note)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Result<std::vector<DeletionRequest>> SqlTx::ListDeletionRequests(OrgId org, ClientId client) {
  return Guard([&]() -> Result<std::vector<DeletionRequest>> {
    return s_.All("SELECT " + std::string(kDeletionColumns) +
                      " FROM deletion_requests WHERE org_id = $1 AND client_id = $2 "
                      "ORDER BY id DESC",
                  {Arg(org), Arg(client)}, ReadDeletion);
  });
}

Result<std::vector<DeletionRequest>> SqlTx::OpenDeletionRequests(
    OrgId org, std::span<const ClientId> clients) {
  return Guard([&]() -> Result<std::vector<DeletionRequest>> {
    // The partial indexes on open requests (deletion_requests_open, deletion_requests_due) hold
    // only those, so this reads a few rows however many accounts and closed requests there are.
    Args arg;
    std::string where = "org_id = " + arg(Arg(org)) + " AND state = 'pending'";
    if (!clients.empty())
      where += " AND " + s_.dialect().InList("client_id", IdList(clients), arg);
    return s_.All("SELECT " + std::string(kDeletionColumns) + " FROM deletion_requests WHERE " +
                      where + " ORDER BY due_at, id",
                  arg.params(), ReadDeletion);
  });
}

Result<std::vector<DeletionRequest>> SqlTx::DeletionRequestsDue(OrgId org, Timestamp now,
                                                                int limit) {
  return Guard([&]() -> Result<std::vector<DeletionRequest>> {
    // Locked like the other due work (services.cc), so two instances never delete one account
    // twice.
    return s_.All("SELECT " + std::string(kDeletionColumns) +
                      " FROM deletion_requests WHERE org_id = $3 AND state = 'pending' "
                      "AND due_at <= $1 ORDER BY due_at, id LIMIT $2" +
                      s_.dialect().SkipLocked(""),
                  {Arg(now), Arg(int64_t{limit}), Arg(org)}, ReadDeletion);
  });
}

Result<std::vector<OrgId>> SqlTx::OrganisationsWithDeletionRequestsDue(Timestamp now) {
  return Guard([&]() -> Result<std::vector<OrgId>> {
    // One probe of deletion_requests_due per organisation.
    return s_.All(
        "SELECT o.id FROM organisations o WHERE EXISTS (SELECT 1 FROM deletion_requests d "
        "WHERE d.org_id = o.id AND d.state = 'pending' AND d.due_at <= $1) ORDER BY o.id",
        {Arg(now)}, [](const Row& r) { return OrgId{r.Int(0)}; });
  });
}

Result<NotificationSetting> SqlTx::InsertNotificationSetting(const NotificationSetting& n) {
  return Guard([&]() -> Result<NotificationSetting> {
    NotificationSetting out = n;
    out.id = s_.Int(
        "INSERT INTO notification_settings (org_id, notification_type, email, enabled) "
        "VALUES ($1, $2, $3, $4) RETURNING id",
        {Arg(n.org), Arg(n.type), Arg(n.email), Arg(n.enabled)});
    return out;
  });
}

Status SqlTx::UpdateNotificationSetting(const NotificationSetting& n) {
  return Guard([&]() -> Status {
    int64_t changed = s_.Exec(
        "UPDATE notification_settings SET notification_type = $3, email = $4, enabled = $5 "
        "WHERE id = $1 AND org_id = $2",
        {Arg(n.id), Arg(n.org), Arg(n.type), Arg(n.email), Arg(n.enabled)});
    return changed == 1 ? Ok() : Status(NotFound());
  });
}

Status SqlTx::DeleteNotificationSetting(OrgId org, int64_t id) {
  return Guard([&]() -> Status {
    int64_t n = s_.Exec("DELETE FROM notification_settings WHERE id = $1 AND org_id = $2",
                        {Arg(id), Arg(org)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Result<NotificationSetting> SqlTx::GetNotificationSetting(OrgId org, int64_t id) {
  return Guard([&]() -> Result<NotificationSetting> {
    auto n = s_.First(
        "SELECT id, org_id, notification_type, email, enabled FROM notification_settings "
        "WHERE id = $1 AND org_id = $2",
        {Arg(id), Arg(org)}, ReadNotificationSetting);
    if (!n) return NotFound();
    return *n;
  });
}

Result<std::vector<NotificationSetting>> SqlTx::ListNotificationSettings(OrgId org) {
  return Guard([&]() -> Result<std::vector<NotificationSetting>> {
    return s_.All(
        "SELECT id, org_id, notification_type, email, enabled FROM notification_settings "
        "WHERE org_id = $1 ORDER BY id",
        {Arg(org)}, ReadNotificationSetting);
  });
}

}  // namespace clientele::storage::sql
