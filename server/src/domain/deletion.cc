#include "domain/deletion.h"

#include "domain/accounts.h"
#include "domain/email_outbox.h"
#include "domain/lifecycle.h"
#include "domain/products.h"
#include "domain/validation.h"

namespace clientele {
namespace {

constexpr const char* kGraceSetting = "deletion_grace_days";

Status RequireAdministrators(const Caller& caller) {
  if (caller.type != UserType::kCommon || caller.group != Group::kAdministrators)
    return PermissionDenied("Only Administrators can ask to delete the account.");
  return Ok();
}

Status RequireResellerOf(const Caller& caller, OrgId org) {
  if (caller.org != org) return NotFound();
  if (caller.type != UserType::kReseller) return PermissionDenied();
  return Ok();
}

std::optional<DeletionRequest> Open(const std::vector<DeletionRequest>& all) {
  for (const auto& r : all)
    if (r.state == DeletionState::kPending) return r;
  return std::nullopt;
}

Status AlertDeletion(storage::Tx& tx, const Client& c, EmailKind kind, const std::string& key,
                     const std::string& user_email, const std::string& note,
                     std::optional<Timestamp> when, Timestamp now) {
  Alert alert{AlertType::kDeletionRequest, kind, key, {}};
  alert.data.account_company = c.company_name;
  alert.data.account_id = std::to_string(c.id.value);
  alert.data.user_email = user_email;
  alert.data.note = note;
  alert.data.when = when;
  return QueueAlert(tx, c.org, alert, now);
}

// An alert address that already gets these notifications (unique per type) is a field error.
Status AddressTakenAsField(Status st) {
  if (!st.ok() && st.error().code == ErrorCode::kAlreadyExists)
    return FieldError("email", "This address already gets these notifications.");
  return st;
}

void CheckSetting(FieldErrors& errors, const std::optional<std::string>& type,
                  const std::optional<std::string>& email) {
  if (type && *type != AlertTypeName(AlertType::kDeletionRequest) &&
      *type != AlertTypeName(AlertType::kFailedLogin))
    errors.Add("notification_type", "Use deletion_request or failed_login.");
  if (email)
    if (auto bad = validation::CheckEmail(validation::Trim(*email))) errors.Add("email", *bad);
}

}  // namespace

Result<int> GraceDays(storage::Tx& tx) {
  TRY(auto stored, tx.GetSetting(kGraceSetting));
  if (!stored) return kDefaultGraceDays;
  auto v = ParseInt(*stored);
  return v && *v > 0 ? static_cast<int>(*v) : kDefaultGraceDays;
}

Status SetGraceDays(storage::Database& db, int days) {
  if (days < 1 || days > 365) return FieldError("deletion_grace_days", "Must be from 1 to 365 days.");
  return db.Write([&](storage::Tx& tx) { return tx.PutSetting(kGraceSetting, std::to_string(days)); });
}

std::string_view AlertTypeName(AlertType type) {
  return type == AlertType::kFailedLogin ? "failed_login" : "deletion_request";
}

Status QueueAlert(storage::Tx& tx, OrgId org, const Alert& alert, Timestamp now) {
  TRY(auto settings, tx.ListNotificationSettings(org));
  TRY(Brand brand, BrandOf(tx, org));
  for (const auto& s : settings) {
    if (!s.enabled || s.type != AlertTypeName(alert.type)) continue;
    TRY_STATUS(QueueEmail(tx, org, alert.kind, {s.email, "", brand.lang}, alert.data,
                          alert.event_key + ":" + s.email, now));
  }
  return Ok();
}

Status DeleteAccountNow(storage::Tx& tx, OrgId org, ClientId id, const std::string& by,
                        Timestamp now) {
  TRY(Client c, tx.GetClient(org, id));
  if (c.deleted) return MakeError(ErrorCode::kFailedPrecondition, "This account is already deleted.");
  if (c.is_reseller_account)
    return MakeError(ErrorCode::kFailedPrecondition,
                     "The reseller's own account can never be deleted.");
  std::vector<ClientId> ids{id};
  TRY(auto services, tx.ListServices(org, ids));
  TRY(lifecycle::Timing timing, TimingFor(tx, c));
  std::vector<ServiceId> service_ids;
  for (auto s : services) {
    if (s.status != ProductStatus::kDeleted) lifecycle::Apply(s, ProductStatus::kDeleted, now, timing);
    s.enabled = false;
    TRY_STATUS(tx.UpdateService(s));
    service_ids.push_back(s.id);
  }
  // Nothing is left to activate.
  TRY_STATUS(tx.CloseActivationRequests(org, id, service_ids, now));
  c.deleted = true;
  c.deleted_at = now;
  c.updated_at = now;
  TRY_STATUS(tx.UpdateClient(c));
  TRY_STATUS(RecomputeAccountStatus(tx, org, id, now));
  TRY(auto users, tx.ListUsersOfClients(org, ids));
  for (const auto& u : users) TRY_STATUS(tx.RevokeAccess(org, u.id));
  TRY(auto requests, tx.ListDeletionRequests(org, id));
  if (auto open = Open(requests)) {
    open->state = DeletionState::kCompleted;
    open->closed_at = now;
    open->closed_by_email = by;
    TRY_STATUS(tx.UpdateDeletionRequest(*open));
  }
  return AlertDeletion(tx, c, EmailKind::kAccountDeleted, "account_deleted:" + std::to_string(id.value),
               by, "", now, now);
}

Result<DeletionRequest> DeletionService::Request(const Caller& caller, bool confirmed,
                                                 Timestamp now) {
  TRY_STATUS(RequireAdministrators(caller));
  if (!confirmed)
    return FieldError("confirm", "Confirm that the account and all its products are to be deleted.");
  std::optional<DeletionRequest> out;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, *caller.client));
    if (c.deleted) return MakeError(ErrorCode::kFailedPrecondition, "This account is deleted.");
    if (c.is_reseller_account)
      return MakeError(ErrorCode::kFailedPrecondition, "The reseller's own account can never be deleted.");
    TRY(auto existing, tx.ListDeletionRequests(caller.org, c.id));
    if (Open(existing))
      return MakeError(ErrorCode::kFailedPrecondition, "A deletion request is already pending.");
    TRY(int grace, GraceDays(tx));
    DeletionRequest r;
    r.org = caller.org;
    r.client = c.id;
    r.requested_by = caller.user;
    r.requested_email = caller.acting_user ? caller.acting_email : caller.email;
    r.requested_at = now;
    r.due_at = now.PlusDays(grace);
    // Every product stops; what was active is remembered so a cancel restores exactly that.
    std::vector<ClientId> ids{c.id};
    TRY(auto services, tx.ListServices(caller.org, ids));
    for (auto s : services) {
      if (!s.enabled) continue;
      r.stopped_services.push_back(s.id);
      s.enabled = false;
      TRY_STATUS(tx.UpdateService(s));
    }
    TRY(out, tx.InsertDeletionRequest(r));
    return AlertDeletion(tx, c, EmailKind::kDeletionRequested,
                 "deletion_requested:" + std::to_string(out->id), r.requested_email, "", r.due_at, now);
  });
  if (!st.ok()) {
    if (st.error().code == ErrorCode::kAlreadyExists)
      return MakeError(ErrorCode::kFailedPrecondition, "A deletion request is already pending.");
    return std::move(st).error();
  }
  return std::move(*out);
}

Result<std::optional<DeletionRequest>> DeletionService::Current(const Caller& caller) {
  if (!caller.client) return NotFound();
  std::optional<DeletionRequest> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(auto all, tx.ListDeletionRequests(caller.org, *caller.client));
    out = Open(all);
    return Ok();
  }));
  return out;
}

Result<std::vector<DeletionRequest>> DeletionService::OpenRequests(
    const Caller& caller, std::span<const ClientId> clients) {
  TRY_STATUS(RequireStaff(caller));
  std::vector<DeletionRequest> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, tx.OpenDeletionRequests(caller.org, clients));
    return Ok();
  }));
  return out;
}

Result<std::vector<DeletionRequest>> DeletionService::History(const Caller& caller, ClientId client) {
  TRY_STATUS(RequireStaff(caller));
  std::vector<DeletionRequest> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, client));
    TRY(out, tx.ListDeletionRequests(caller.org, c.id));
    return Ok();
  }));
  return out;
}

Result<DeletionRequest> DeletionService::Cancel(const Caller& caller, ClientId client,
                                                const std::string& note, Timestamp now) {
  TRY_STATUS(RequireStaff(caller));
  if (auto bad = validation::CheckText(note, 0, 2000)) return FieldError("note", *bad);
  std::optional<DeletionRequest> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, client));
    TRY(auto all, tx.ListDeletionRequests(caller.org, c.id));
    auto open = Open(all);
    if (!open) return MakeError(ErrorCode::kFailedPrecondition, "No deletion request is pending.");
    for (const auto& id : open->stopped_services) {
      TRY(Service s, tx.GetService(caller.org, c.id, id));
      s.enabled = true;
      TRY_STATUS(tx.UpdateService(s));
    }
    // What is activated again has nothing left to ask for.
    TRY_STATUS(tx.CloseActivationRequests(caller.org, c.id, open->stopped_services, now));
    open->state = DeletionState::kCancelled;
    open->closed_at = now;
    open->closed_by_email = caller.email;
    open->note = validation::Trim(note);
    TRY_STATUS(tx.UpdateDeletionRequest(*open));
    out = open;
    return AlertDeletion(tx, c, EmailKind::kDeletionCancelled,
                 "deletion_cancelled:" + std::to_string(open->id), caller.email, open->note,
                 std::nullopt, now);
  }));
  return std::move(*out);
}

Status DeletionService::DeleteAccount(const Caller& caller, ClientId client, bool confirmed,
                                      Timestamp now) {
  TRY_STATUS(RequireStaff(caller));
  if (!confirmed)
    return FieldError("confirm", "Confirm that the account is to be deleted now: it can't be undone.");
  return db_.Write([&](storage::Tx& tx) { return DeleteAccountNow(tx, caller.org, client, caller.email, now); });
}

Result<std::vector<NotificationSetting>> DeletionService::Settings(const Caller& caller, OrgId org) {
  TRY_STATUS(RequireResellerOf(caller, org));
  std::vector<NotificationSetting> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, tx.ListNotificationSettings(org));
    return Ok();
  }));
  return out;
}

Result<NotificationSetting> DeletionService::Setting(const Caller& caller, OrgId org, int64_t id) {
  TRY_STATUS(RequireResellerOf(caller, org));
  std::optional<NotificationSetting> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, tx.GetNotificationSetting(org, id));
    return Ok();
  }));
  return std::move(*out);
}

Result<NotificationSetting> DeletionService::AddSetting(const Caller& caller, OrgId org,
                                                        const NotificationSetting& d,
                                                        FieldErrors errors) {
  TRY_STATUS(RequireResellerOf(caller, org));
  if (d.type.empty() && !errors.Has("notification_type"))
    errors.Add("notification_type", "This field is required.");
  if (d.email.empty() && !errors.Has("email")) errors.Add("email", "This field is required.");
  CheckSetting(errors, d.type.empty() ? std::nullopt : std::optional(d.type),
               d.email.empty() ? std::nullopt : std::optional(d.email));
  if (!errors.empty()) return errors.ToError();
  NotificationSetting draft = d;
  draft.org = org;
  draft.email = validation::Trim(d.email);
  std::optional<NotificationSetting> out;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    TRY(out, tx.InsertNotificationSetting(draft));
    return Ok();
  });
  TRY_STATUS(AddressTakenAsField(std::move(st)));
  return std::move(*out);
}

Result<NotificationSetting> DeletionService::UpdateSetting(const Caller& caller, OrgId org,
                                                           int64_t id,
                                                           const std::optional<std::string>& type,
                                                           const std::optional<std::string>& email,
                                                           std::optional<bool> enabled,
                                                           FieldErrors errors) {
  TRY_STATUS(RequireResellerOf(caller, org));
  CheckSetting(errors, type, email);
  if (!errors.empty()) return errors.ToError();
  std::optional<NotificationSetting> out;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    TRY(NotificationSetting s, tx.GetNotificationSetting(org, id));
    if (type) s.type = *type;
    if (email) s.email = validation::Trim(*email);
    if (enabled) s.enabled = *enabled;
    TRY_STATUS(tx.UpdateNotificationSetting(s));
    out = s;
    return Ok();
  });
  TRY_STATUS(AddressTakenAsField(std::move(st)));
  return std::move(*out);
}

Status DeletionService::RemoveSetting(const Caller& caller, OrgId org, int64_t id) {
  TRY_STATUS(RequireResellerOf(caller, org));
  return db_.Write([&](storage::Tx& tx) { return tx.DeleteNotificationSetting(org, id); });
}

}  // namespace clientele
