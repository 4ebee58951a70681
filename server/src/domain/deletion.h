#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/email.h"
#include "domain/email_outbox.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

inline constexpr int kDefaultGraceDays = 10;

// Account deletion (SPEC §7): a customer's request stops its products and waits out a grace
// period; staff cancel it (restoring what it stopped) or delete the account at once; the jobs
// delete it when the grace period ends. The reseller's own account is never deleted.
class DeletionService {
 public:
  explicit DeletionService(storage::Database& db) : db_(db) {}

  // Customer side (Administrators; `confirmed` must be true).
  Result<DeletionRequest> Request(const Caller& caller, bool confirmed, Timestamp now);
  // The open request; nullopt when none is. kNotFound for a caller without an account.
  Result<std::optional<DeletionRequest>> Current(const Caller& caller);

  // Staff side.
  Result<std::vector<DeletionRequest>> History(const Caller& caller, ClientId client);
  // The organisation's open requests, soonest deletion first: of these accounts, or of all
  // when `clients` is empty (an account list's page asks for its rows' at once).
  Result<std::vector<DeletionRequest>> OpenRequests(const Caller& caller,
                                                    std::span<const ClientId> clients);
  Result<DeletionRequest> Cancel(const Caller& caller, ClientId client, const std::string& note,
                                 Timestamp now);
  Status DeleteAccount(const Caller& caller, ClientId client, bool confirmed, Timestamp now);

  // Alert addresses (reseller only). `org` comes from the path and must be the caller's.
  Result<std::vector<NotificationSetting>> Settings(const Caller& caller, OrgId org);
  Result<NotificationSetting> Setting(const Caller& caller, OrgId org, int64_t id);
  Result<NotificationSetting> AddSetting(const Caller& caller, OrgId org,
                                         const NotificationSetting& draft, FieldErrors errors);
  Result<NotificationSetting> UpdateSetting(const Caller& caller, OrgId org, int64_t id,
                                            const std::optional<std::string>& type,
                                            const std::optional<std::string>& email,
                                            std::optional<bool> enabled, FieldErrors errors);
  Status RemoveSetting(const Caller& caller, OrgId org, int64_t id);

 private:
  storage::Database& db_;
};

// The grace period in days: a platform setting (`clientele platform set`).
Result<int> GraceDays(storage::Tx& tx);
Status SetGraceDays(storage::Database& db, int days);

// Deletes an account inside the caller's transaction: every product deleted, the account
// deleted, its people's sessions and API tokens ended, its open request completed, alerts queued.
Status DeleteAccountNow(storage::Tx& tx, OrgId org, ClientId client, const std::string& by,
                        Timestamp now);

// The kinds of alert address an organisation keeps (its notification settings).
enum class AlertType { kDeletionRequest, kFailedLogin };
// "deletion_request", "failed_login": NotificationSetting::type.
std::string_view AlertTypeName(AlertType type);

// An event the alert addresses of `type` are told of, with e-mail `kind`.
struct Alert {
  AlertType type;
  EmailKind kind;
  std::string event_key;  // one e-mail per address and event, however often it is queued
  EmailData data;         // what the e-mail says; its language is the reseller's
};

// Queues the alert's e-mail for every enabled alert address of its type.
Status QueueAlert(storage::Tx& tx, OrgId org, const Alert& alert, Timestamp now);

}  // namespace clientele
