#include "storage/sql/locking_tx.h"

#include <spdlog/spdlog.h>

// Which lock each method takes: the organisation it names (most of them), or, where it is not
// one organisation's data, why it needs none or which narrow lock it takes. The rule and the
// order are in locking_tx.h.
namespace clientele::storage::sql {

Status UnitLocks::Take(LockKey key) {
  if (held_.contains(key)) return Ok();
  // In ascending order a unit may wait: every unit that waits, waits for a key above all it
  // holds, so no cycle of waiting units can form. Below what it holds it only tries.
  const bool in_order = held_.empty() || *held_.rbegin() < key;
  return Guard([&]() -> Status {
    if (!session_.Lock(key, in_order)) {
      spdlog::info(
          "a write unit needed lock {}:{} out of order while another held it; failed "
          "it instead of risking a deadlock",
          key.space, key.key);
      return MakeError(ErrorCode::kUnavailable, "The database is busy; try again.");
    }
    held_.insert(key);
    return Ok();
  });
}

Status LockingTx::Finish() {
  for (OrgId org : tx_.ChangedOrganisations()) TRY_STATUS(locks_.Take(Org(org)));
  return tx_.Finish();
}

// A new organisation: nobody else knows its id yet. The rest of the unit locks it as it fills
// it in.
Result<Organisation> LockingTx::InsertOrganisation(const NewOrganisation& draft, Timestamp now) {
  return tx_.InsertOrganisation(draft, now);
}

Result<Organisation> LockingTx::GetOrganisation(OrgId org) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetOrganisation(org);
}

Status LockingTx::SetResellerClient(OrgId org, ClientId client) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SetResellerClient(org, client);
}

// Reads the list of organisations only; what is done with one takes its lock.
Result<std::vector<Organisation>> LockingTx::ListOrganisations() { return tx_.ListOrganisations(); }

Status LockingTx::SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SetOrganisationTiming(org, trial_days, days_to_deleted);
}

Status LockingTx::SetOrganisationLimits(OrgId org, int max_trial_days, int max_days_to_deleted) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SetOrganisationLimits(org, max_trial_days, max_days_to_deleted);
}

Result<Branding> LockingTx::GetBranding(OrgId org) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetBranding(org);
}

Status LockingTx::PutBranding(const Branding& branding) {
  TRY_STATUS(locks_.Take(Org(branding.org)));
  return tx_.PutBranding(branding);
}

// Settings are global: each key has its own lock, so that "read it, create it if missing" (the
// token signing key, the secret key check) happens once when instances start together.
Result<std::optional<std::string>> LockingTx::GetSetting(const std::string& key) {
  TRY_STATUS(locks_.Take(LockKey::Setting(key)));
  return tx_.GetSetting(key);
}

Status LockingTx::PutSetting(const std::string& key, const std::string& value) {
  TRY_STATUS(locks_.Take(LockKey::Setting(key)));
  return tx_.PutSetting(key, value);
}

Result<FilterPreset> LockingTx::InsertPreset(const FilterPreset& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertPreset(draft);
}

Result<std::vector<FilterPreset>> LockingTx::ListPresets(OrgId org, UserId user) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListPresets(org, user);
}

Status LockingTx::DeletePreset(OrgId org, UserId user, int64_t id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.DeletePreset(org, user, id);
}

// Throttles are counted read-then-write by key (CountInWindow, the sign-in back-off); each key
// has its own lock, so that two instances never count the same event window from one reading.
Result<std::optional<Throttle>> LockingTx::GetThrottle(const std::string& key) {
  TRY_STATUS(locks_.Take(LockKey::Throttle(key)));
  return tx_.GetThrottle(key);
}

Status LockingTx::PutThrottle(const Throttle& throttle) {
  TRY_STATUS(locks_.Take(LockKey::Throttle(throttle.key)));
  return tx_.PutThrottle(throttle);
}

Status LockingTx::DeleteThrottle(const std::string& key) {
  TRY_STATUS(locks_.Take(LockKey::Throttle(key)));
  return tx_.DeleteThrottle(key);
}

// The jobs' purge: one statement; a row being counted meanwhile is updated (row lock) and
// then no longer matches.
Result<int64_t> LockingTx::DeleteThrottlesBefore(Timestamp before) {
  return tx_.DeleteThrottlesBefore(before);
}

// The catalog: written by migrations only.
Result<std::vector<Product>> LockingTx::ListProducts() { return tx_.ListProducts(); }

Result<std::vector<std::pair<std::string, bool>>> LockingTx::DefaultVisibility(OrgId org) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.DefaultVisibility(org);
}

Status LockingTx::SetDefaultVisibility(OrgId org, const std::string& product, bool available) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SetDefaultVisibility(org, product, available);
}

Result<Client> LockingTx::InsertClient(const Client& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertClient(draft);
}

Result<Client> LockingTx::GetClient(OrgId org, ClientId id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetClient(org, id);
}

Result<std::vector<Client>> LockingTx::GetClients(OrgId org, std::span<const ClientId> ids) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetClients(org, ids);
}

Status LockingTx::UpdateClient(const Client& client) {
  TRY_STATUS(locks_.Take(Org(client.org)));
  return tx_.UpdateClient(client);
}

Result<bool> LockingTx::ClientEmailTaken(OrgId org, const std::string& email,
                                         std::optional<ClientId> except) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ClientEmailTaken(org, email, except);
}

Result<ClientPage> LockingTx::ListClients(OrgId org, const ClientQuery& query) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListClients(org, query);
}

Result<ClientIdList> LockingTx::ListClientIds(OrgId org, const ClientQuery& query) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListClientIds(org, query);
}

Result<std::vector<ClientId>> LockingTx::InsertClients(OrgId org, std::span<const Client> drafts) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.InsertClients(org, drafts);
}

Result<std::vector<std::string>> LockingTx::ClientEmailsInUse(OrgId org,
                                                              std::span<const std::string> emails) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ClientEmailsInUse(org, emails);
}

Status LockingTx::SetClientStatus(OrgId org, ClientId client, AccountStatus status, Timestamp now) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SetClientStatus(org, client, status, now);
}

Status LockingTx::SetClientTrialDays(OrgId org, ClientId client, std::optional<int> days) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SetClientTrialDays(org, client, days);
}

Status LockingTx::SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SetClientDaysToDeleted(org, client, days);
}

Status LockingTx::InsertStatusChange(OrgId org, const AccountStatusChange& change) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.InsertStatusChange(org, change);
}

Status LockingTx::SetClientStatuses(OrgId org, std::span<const AccountStatusChange> changes) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SetClientStatuses(org, changes);
}

Status LockingTx::InsertStatusChanges(OrgId org, std::span<const AccountStatusChange> changes) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.InsertStatusChanges(org, changes);
}

Result<Page<AccountStatusChange>> LockingTx::ListStatusChanges(OrgId org,
                                                               const StatusChangeQuery& query) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListStatusChanges(org, query);
}

Status LockingTx::InsertServices(OrgId org, ClientId client, std::span<const Service> services) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.InsertServices(org, client, services);
}

Status LockingTx::InsertServiceRows(OrgId org, std::span<const Service> services) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.InsertServiceRows(org, services);
}

Result<std::vector<Service>> LockingTx::ListServices(OrgId org, std::span<const ClientId> clients) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListServices(org, clients);
}

Result<std::vector<LockingTx::ServiceState>> LockingTx::ServiceStates(
    OrgId org, std::span<const ClientId> clients) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ServiceStates(org, clients);
}

Result<Service> LockingTx::GetService(OrgId org, ClientId client, ServiceId id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetService(org, client, id);
}

Status LockingTx::UpdateService(const Service& service) {
  TRY_STATUS(locks_.Take(Org(service.org)));
  return tx_.UpdateService(service);
}

Status LockingTx::UpdateServices(OrgId org, std::span<const Service> services) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UpdateServices(org, services);
}

Result<int64_t> LockingTx::ClearPersonalVisibility(OrgId org, const std::string& product) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ClearPersonalVisibility(org, product);
}

Result<std::vector<LockingTx::StatusCount>> LockingTx::CountServices(
    OrgId org, const std::string& product, std::span<const ProductStatus> statuses,
    std::optional<bool> personal) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.CountServices(org, product, statuses, personal);
}

Result<std::vector<Service>> LockingTx::TrialsEnded(OrgId org, Timestamp now, int limit) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.TrialsEnded(org, now, limit);
}

Result<std::vector<Service>> LockingTx::TrialsEndingSoon(OrgId org, Timestamp now, Timestamp soon,
                                                         int limit) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.TrialsEndingSoon(org, now, soon, limit);
}

Result<std::vector<Service>> LockingTx::DeletionsDue(OrgId org, Timestamp now, int limit) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.DeletionsDue(org, now, limit);
}

// Reads which organisations have due work; each is then worked on under its own lock.
Result<std::vector<OrgId>> LockingTx::OrganisationsWithDueServices(Timestamp now, Timestamp soon) {
  return tx_.OrganisationsWithDueServices(now, soon);
}

Result<std::vector<Service>> LockingTx::UpcomingTrialEnds(OrgId org, Timestamp until,
                                                         std::optional<UserId> seller,
                                                         int64_t limit) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UpcomingTrialEnds(org, until, seller, limit);
}

Result<std::vector<Service>> LockingTx::UpcomingDeletions(OrgId org, Timestamp until,
                                                         std::optional<UserId> seller,
                                                         int64_t limit) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UpcomingDeletions(org, until, seller, limit);
}

Result<std::vector<Service>> LockingTx::UpcomingTrialNotices(OrgId org, Timestamp until,
                                                            std::optional<UserId> seller,
                                                            int64_t limit) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UpcomingTrialNotices(org, until, seller, limit);
}

// Reads index entries only, no row of the organisation's to keep from another writer.
Result<std::vector<ClientId>> LockingTx::AccountsWithDueWork(OrgId org, bool deletions,
                                                            Timestamp until) {
  return tx_.AccountsWithDueWork(org, deletions, until);
}

Result<int64_t> LockingTx::RescheduleTrials(OrgId org, ClientId client, int days) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.RescheduleTrials(org, client, days);
}

Result<int64_t> LockingTx::RescheduleDeletions(OrgId org, std::optional<ClientId> client,
                                               int days) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.RescheduleDeletions(org, client, days);
}

Result<ActivationRequest> LockingTx::InsertActivationRequest(const ActivationRequest& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertActivationRequest(draft);
}

Result<std::vector<ActivationRequest>> LockingTx::OpenActivationRequests(OrgId org,
                                                                         ClientId client) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.OpenActivationRequests(org, client);
}

Status LockingTx::CloseActivationRequests(OrgId org, ClientId client,
                                          std::span<const ServiceId> services, Timestamp now) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.CloseActivationRequests(org, client, services, now);
}

Result<User> LockingTx::InsertUser(const User& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertUser(draft);
}

Result<User> LockingTx::GetUser(OrgId org, UserId id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetUser(org, id);
}

Status LockingTx::UpdateUser(const User& user) {
  TRY_STATUS(locks_.Take(Org(user.org)));
  return tx_.UpdateUser(user);
}

Result<bool> LockingTx::UserEmailTaken(OrgId org, const std::string& email) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UserEmailTaken(org, email);
}

Result<std::vector<std::string>> LockingTx::UserEmailsInUse(OrgId org,
                                                            std::span<const std::string> emails) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UserEmailsInUse(org, emails);
}

Status LockingTx::InsertUsers(OrgId org, std::span<const User> drafts) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.InsertUsers(org, drafts);
}

// A read across organisations (sign-in, forgotten password); whatever the unit then reads or
// writes of a person goes through methods that lock the person's organisation.
Result<std::vector<User>> LockingTx::FindUsersForSignIn(const std::string& email) {
  return tx_.FindUsersForSignIn(email);
}

Result<std::vector<User>> LockingTx::ListUsersOfClients(OrgId org,
                                                        std::span<const ClientId> clients) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListUsersOfClients(org, clients);
}

Result<bool> LockingTx::SellerExists(OrgId org, UserId seller) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SellerExists(org, seller);
}

Result<std::optional<User>> LockingTx::FindUserByEmail(OrgId org, const std::string& email) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.FindUserByEmail(org, email);
}

Result<Page<User>> LockingTx::ListSellers(OrgId org, const SellerQuery& query) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListSellers(org, query);
}

Result<int64_t> LockingTx::UnassignSeller(OrgId org, UserId seller) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UnassignSeller(org, seller);
}

Result<OneTimeToken> LockingTx::InsertOneTimeToken(const OneTimeToken& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertOneTimeToken(draft);
}

// Reads one row by its secret; using it is UseOneTimeToken, which locks.
Result<OneTimeToken> LockingTx::FindOneTimeToken(const std::string& token_hash) {
  return tx_.FindOneTimeToken(token_hash);
}

Result<bool> LockingTx::UseOneTimeToken(OrgId org, int64_t id, Timestamp now) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UseOneTimeToken(org, id, now);
}

Status LockingTx::ExpireOneTimeTokens(OrgId org, UserId user, LinkPurpose purpose, Timestamp now) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ExpireOneTimeTokens(org, user, purpose, now);
}

Result<RefreshSession> LockingTx::InsertRefreshSession(const RefreshSession& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertRefreshSession(draft);
}

// Reads one row by its secret; using it is UseRefreshSession, which locks.
Result<RefreshSession> LockingTx::FindRefreshSession(const std::string& token_hash) {
  return tx_.FindRefreshSession(token_hash);
}

Result<bool> LockingTx::UseRefreshSession(OrgId org, SessionId id, Timestamp now) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.UseRefreshSession(org, id, now);
}

// The jobs' purge of expired rows: one statement, nothing decided on a read; a row renewed
// meanwhile no longer matches.
Result<int64_t> LockingTx::DeleteExpiredRefreshSessions(Timestamp now) {
  return tx_.DeleteExpiredRefreshSessions(now);
}

Result<WebSession> LockingTx::InsertWebSession(const WebSession& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertWebSession(draft);
}

// Reads one row by its secret.
Result<WebSession> LockingTx::FindWebSession(const std::string& token_hash) {
  return tx_.FindWebSession(token_hash);
}

// One row by id, set to values that do not depend on what it held (the last writer wins, and
// either is right); its unit takes no other lock afterwards.
Status LockingTx::ExtendWebSession(SessionId id, Timestamp last_seen, Timestamp expires_at) {
  return tx_.ExtendWebSession(id, last_seen, expires_at);
}

// Signing out: one row by id; deleting it twice is harmless.
Status LockingTx::DeleteWebSession(SessionId id) { return tx_.DeleteWebSession(id); }

// The jobs' purge, as DeleteExpiredRefreshSessions.
Result<int64_t> LockingTx::DeleteExpiredWebSessions(Timestamp now) {
  return tx_.DeleteExpiredWebSessions(now);
}

Status LockingTx::EndSessions(OrgId org, UserId user, std::optional<SessionId> keep) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.EndSessions(org, user, keep);
}

Status LockingTx::RevokeAccess(OrgId org, UserId user) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.RevokeAccess(org, user);
}

Result<ApiToken> LockingTx::InsertApiToken(const ApiToken& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertApiToken(draft);
}

// Reads one row by id.
Result<ApiToken> LockingTx::FindApiToken(TokenId id) { return tx_.FindApiToken(id); }

Result<ApiToken> LockingTx::GetApiToken(OrgId org, ClientId client, TokenId id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetApiToken(org, client, id);
}

Result<std::vector<ApiToken>> LockingTx::ListApiTokens(OrgId org, ClientId client,
                                                       bool include_deleted) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListApiTokens(org, client, include_deleted);
}

Status LockingTx::DeleteApiToken(OrgId org, ClientId client, TokenId id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.DeleteApiToken(org, client, id);
}

// "Last used": one row by id, in a unit of its own; the last writer wins.
Status LockingTx::TouchApiToken(TokenId id, Timestamp now) { return tx_.TouchApiToken(id, now); }

Result<bool> LockingTx::EnqueueEmail(const OutboxEmail& email) {
  TRY_STATUS(locks_.Take(Org(email.org)));
  return tx_.EnqueueEmail(email);
}

Result<int64_t> LockingTx::EnqueueEmails(std::span<const OutboxEmail> emails) {
  // The e-mails of a batch: each organisation among them, in ascending order.
  std::set<int64_t> orgs;
  for (const auto& e : emails) orgs.insert(e.org.value);
  for (int64_t org : orgs) TRY_STATUS(locks_.Take(Org(OrgId{org})));
  return tx_.EnqueueEmails(emails);
}

// Across organisations by design: rows are taken FOR UPDATE SKIP LOCKED and leased in the same
// statement pair, so no two runs take one; the unit waits for no other lock.
Result<std::vector<OutboxEmail>> LockingTx::ClaimDueEmails(Timestamp now, Timestamp lease_until,
                                                           int limit,
                                                           const std::vector<OrgId>& skip_orgs) {
  return tx_.ClaimDueEmails(now, lease_until, limit, skip_orgs);
}

// Rows this run leased (ClaimDueEmails): nobody else writes them until the lease ends.
Status LockingTx::RecordEmailResults(std::span<const EmailResult> results) {
  return tx_.RecordEmailResults(results);
}

Result<std::vector<OutboxEmail>> LockingTx::ListOutbox(OrgId org, int limit) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListOutbox(org, limit);
}

Result<MailTest> LockingTx::InsertMailTest(const MailTest& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertMailTest(draft);
}

Status LockingTx::FinishMailTest(OrgId org, int64_t id, MailTestState state,
                                 const std::string& failure, int reply_code, Timestamp now) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.FinishMailTest(org, id, state, failure, reply_code, now);
}

Result<MailTest> LockingTx::GetMailTest(OrgId org, int64_t id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetMailTest(org, id);
}

Result<std::optional<MailTest>> LockingTx::SendingMailTest(OrgId org, Timestamp since) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.SendingMailTest(org, since);
}

Status LockingTx::DeleteMailTests(OrgId org, Timestamp before) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.DeleteMailTests(org, before);
}

Result<DeletionRequest> LockingTx::InsertDeletionRequest(const DeletionRequest& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertDeletionRequest(draft);
}

Status LockingTx::UpdateDeletionRequest(const DeletionRequest& request) {
  TRY_STATUS(locks_.Take(Org(request.org)));
  return tx_.UpdateDeletionRequest(request);
}

Result<std::vector<DeletionRequest>> LockingTx::ListDeletionRequests(OrgId org, ClientId client) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListDeletionRequests(org, client);
}

Result<std::vector<DeletionRequest>> LockingTx::OpenDeletionRequests(
    OrgId org, std::span<const ClientId> clients) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.OpenDeletionRequests(org, clients);
}

Result<std::vector<DeletionRequest>> LockingTx::DeletionRequestsDue(OrgId org, Timestamp now,
                                                                    int limit) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.DeletionRequestsDue(org, now, limit);
}

// As OrganisationsWithDueServices.
Result<std::vector<OrgId>> LockingTx::OrganisationsWithDeletionRequestsDue(Timestamp now) {
  return tx_.OrganisationsWithDeletionRequestsDue(now);
}

Result<NotificationSetting> LockingTx::InsertNotificationSetting(const NotificationSetting& draft) {
  TRY_STATUS(locks_.Take(Org(draft.org)));
  return tx_.InsertNotificationSetting(draft);
}

Status LockingTx::UpdateNotificationSetting(const NotificationSetting& setting) {
  TRY_STATUS(locks_.Take(Org(setting.org)));
  return tx_.UpdateNotificationSetting(setting);
}

Status LockingTx::DeleteNotificationSetting(OrgId org, int64_t id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.DeleteNotificationSetting(org, id);
}

Result<NotificationSetting> LockingTx::GetNotificationSetting(OrgId org, int64_t id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetNotificationSetting(org, id);
}

Result<std::vector<NotificationSetting>> LockingTx::ListNotificationSettings(OrgId org) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListNotificationSettings(org);
}

// The activity log is append-only and nothing is decided on reading it, so logging a request
// does not wait for its organisation's writers.
Result<int64_t> LockingTx::InsertActivity(const ActivityEntry& entry) {
  return tx_.InsertActivity(entry);
}

Result<Page<ActivityEntry>> LockingTx::ListActivity(OrgId org, const ActivityQuery& query) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.ListActivity(org, query);
}

Result<ActivityEntry> LockingTx::GetActivity(OrgId org, int64_t id) {
  TRY_STATUS(locks_.Take(Org(org)));
  return tx_.GetActivity(org, id);
}

}  // namespace clientele::storage::sql
