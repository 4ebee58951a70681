#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "domain/storage/unit_of_work.h"
#include "storage/sql/session.h"
#include "storage/sql/tx.h"

// What a write unit locks, so that several instances on one PostgreSQL database can write at
// once: each unit locks what it reads and writes, not the whole database. SQLite has one writer
// at a time and uses none of this.
//
// The rule: a write unit takes an organisation's lock (LockKey::Organisation, a transaction-
// scoped advisory lock) the first time it touches that organisation's data through any method
// that names the organisation (an OrgId argument, or the `org` of the row it writes), before the
// method runs. So every read-modify-write of an organisation's data (an account's status
// recomputed from its products, an e-mail address checked then taken, a due row chosen then
// changed) sees no other writer's change to that organisation between its read and its commit,
// and units of different organisations never wait for each other. The time-driven jobs work one
// organisation at a time for the same reason. Methods that are not the data of one organisation
// are made safe otherwise, each said beside it in locking_tx.cc: a narrow lock of their own
// (one key of `settings` or of `throttles`), a single atomic statement (a one-time link or a
// refresh token used once: "... WHERE used_at IS NULL"), FOR UPDATE SKIP LOCKED with a lease
// (the outbox claims), or nothing to decide (an append-only insert, a read of global rows).
//
// Deadlocks: a unit takes its locks in ascending LockKey order (settings, then throttles, then
// organisations by id) and waits for each as long as the lock timeout allows. A lock below one it
// already holds can't be waited for without risking a cycle, so it is only tried: if another unit
// holds it, this unit fails with kUnavailable (HTTP 503, "try again") instead of waiting. Units
// that touch one organisation, which is nearly all of them, never meet that case. Row locks are
// taken only after the lock of the organisation the rows belong to, or by statements that wait
// for nothing else afterwards (see locking_tx.cc).
namespace clientele::storage::sql {

// The locks one write unit holds. Not thread-safe; one per unit of work.
class UnitLocks {
 public:
  explicit UnitLocks(Session& session) : session_(session) {}

  // Takes `key` for the rest of the unit (see above); kUnavailable when it can't.
  Status Take(LockKey key);

  const std::set<LockKey>& held() const { return held_; }

 private:
  Session& session_;
  std::set<LockKey> held_;
};

// The unit of work of a PostgreSQL write: SqlTx, with each method taking its locks first.
class LockingTx final : public Tx {
 public:
  LockingTx(SqlTx& tx, UnitLocks& locks) : tx_(tx), locks_(locks) {}

  // SqlTx::Finish under the locks of the organisations whose account change log it writes: it
  // updates their `organisations` rows (accounts_version), so that row lock, too, is only ever
  // taken by the holder of the organisation's lock and never waited for. The unit has taken
  // them already (Changed is only called by methods that lock the organisation they name); this
  // makes sure of it.
  Status Finish();

  // OrganisationStore
  Result<Organisation> InsertOrganisation(const NewOrganisation& draft, Timestamp now) override;
  Result<Organisation> GetOrganisation(OrgId org) override;
  Status SetResellerClient(OrgId org, ClientId client) override;
  Result<std::vector<Organisation>> ListOrganisations() override;
  Status SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) override;
  Status SetOrganisationLimits(OrgId org, int max_trial_days, int max_days_to_deleted) override;
  Result<Branding> GetBranding(OrgId org) override;
  Status PutBranding(const Branding& branding) override;
  // SettingsStore
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value) override;
  Result<FilterPreset> InsertPreset(const FilterPreset& draft) override;
  Result<std::vector<FilterPreset>> ListPresets(OrgId org, UserId user) override;
  Status DeletePreset(OrgId org, UserId user, int64_t id) override;
  Result<std::optional<Throttle>> GetThrottle(const std::string& key) override;
  Status PutThrottle(const Throttle& throttle) override;
  Status DeleteThrottle(const std::string& key) override;
  Result<int64_t> DeleteThrottlesBefore(Timestamp before) override;
  // ProductStore
  Result<std::vector<Product>> ListProducts() override;
  Result<std::vector<std::pair<std::string, bool>>> DefaultVisibility(OrgId org) override;
  Status SetDefaultVisibility(OrgId org, const std::string& product, bool available) override;
  // AccountStore
  Result<Client> InsertClient(const Client& draft) override;
  Result<Client> GetClient(OrgId org, ClientId id) override;
  Result<std::vector<Client>> GetClients(OrgId org, std::span<const ClientId> ids) override;
  Status UpdateClient(const Client& client) override;
  Result<bool> ClientEmailTaken(OrgId org, const std::string& email,
                                std::optional<ClientId> except) override;
  Result<ClientPage> ListClients(OrgId org, const ClientQuery& query) override;
  Result<ClientIdList> ListClientIds(OrgId org, const ClientQuery& query) override;
  Result<std::vector<ClientId>> InsertClients(OrgId org, std::span<const Client> drafts) override;
  Result<std::vector<std::string>> ClientEmailsInUse(OrgId org,
                                                     std::span<const std::string> emails) override;
  Status SetClientStatus(OrgId org, ClientId client, AccountStatus status, Timestamp now) override;
  Status SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) override;
  Status SetClientTrialDays(OrgId org, ClientId client, std::optional<int> days) override;
  Status InsertStatusChange(OrgId org, const AccountStatusChange& change) override;
  Status SetClientStatuses(OrgId org, std::span<const AccountStatusChange> changes) override;
  Status InsertStatusChanges(OrgId org, std::span<const AccountStatusChange> changes) override;
  Result<Page<AccountStatusChange>> ListStatusChanges(OrgId org,
                                                      const StatusChangeQuery& query) override;
  // ServiceStore
  Status InsertServices(OrgId org, ClientId client, std::span<const Service> services) override;
  Status InsertServiceRows(OrgId org, std::span<const Service> services) override;
  Result<std::vector<Service>> ListServices(OrgId org, std::span<const ClientId> clients) override;
  Result<std::vector<ServiceState>> ServiceStates(OrgId org,
                                                  std::span<const ClientId> clients) override;
  Result<Service> GetService(OrgId org, ClientId client, ServiceId id) override;
  Status UpdateService(const Service& service) override;
  Status UpdateServices(OrgId org, std::span<const Service> services) override;
  Result<int64_t> ClearPersonalVisibility(OrgId org, const std::string& product) override;
  Result<std::vector<StatusCount>> CountServices(OrgId org, const std::string& product,
                                                 std::span<const ProductStatus> statuses,
                                                 std::optional<bool> personal) override;
  Result<std::vector<Service>> TrialsEnded(OrgId org, Timestamp now, int limit) override;
  Result<std::vector<Service>> TrialsEndingSoon(OrgId org, Timestamp now, Timestamp soon,
                                                int limit) override;
  Result<std::vector<Service>> DeletionsDue(OrgId org, Timestamp now, int limit) override;
  Result<std::vector<OrgId>> OrganisationsWithDueServices(Timestamp now, Timestamp soon) override;
  Result<int64_t> RescheduleDeletions(OrgId org, std::optional<ClientId> client, int days) override;
  Result<std::vector<Service>> UpcomingTrialEnds(OrgId org, Timestamp until,
                                                 std::optional<UserId> seller,
                                                 int64_t limit) override;
  Result<std::vector<Service>> UpcomingDeletions(OrgId org, Timestamp until,
                                                 std::optional<UserId> seller,
                                                 int64_t limit) override;
  Result<std::vector<Service>> UpcomingTrialNotices(OrgId org, Timestamp until,
                                                    std::optional<UserId> seller,
                                                    int64_t limit) override;
  Result<std::vector<ClientId>> AccountsWithDueWork(OrgId org, bool deletions,
                                                    Timestamp until) override;
  Result<int64_t> RescheduleTrials(OrgId org, ClientId client, int days) override;
  Result<ActivationRequest> InsertActivationRequest(const ActivationRequest& draft) override;
  Result<std::vector<ActivationRequest>> OpenActivationRequests(OrgId org,
                                                                ClientId client) override;
  Status CloseActivationRequests(OrgId org, ClientId client, std::span<const ServiceId> services,
                                 Timestamp now) override;
  // PeopleStore
  Result<User> InsertUser(const User& draft) override;
  Result<User> GetUser(OrgId org, UserId id) override;
  Status UpdateUser(const User& user) override;
  Result<bool> UserEmailTaken(OrgId org, const std::string& email) override;
  Result<std::vector<std::string>> UserEmailsInUse(OrgId org,
                                                   std::span<const std::string> emails) override;
  Status InsertUsers(OrgId org, std::span<const User> drafts) override;
  Result<std::vector<User>> FindUsersForSignIn(const std::string& email) override;
  Result<std::vector<User>> ListUsersOfClients(OrgId org,
                                               std::span<const ClientId> clients) override;
  Result<bool> SellerExists(OrgId org, UserId seller) override;
  Result<std::optional<User>> FindUserByEmail(OrgId org, const std::string& email) override;
  Result<Page<User>> ListSellers(OrgId org, const SellerQuery& query) override;
  Result<int64_t> UnassignSeller(OrgId org, UserId seller) override;
  // SessionStore
  Result<OneTimeToken> InsertOneTimeToken(const OneTimeToken& draft) override;
  Result<OneTimeToken> FindOneTimeToken(const std::string& token_hash) override;
  Result<bool> UseOneTimeToken(OrgId org, int64_t id, Timestamp now) override;
  Status ExpireOneTimeTokens(OrgId org, UserId user, LinkPurpose purpose, Timestamp now) override;
  Result<RefreshSession> InsertRefreshSession(const RefreshSession& draft) override;
  Result<RefreshSession> FindRefreshSession(const std::string& token_hash) override;
  Result<bool> UseRefreshSession(OrgId org, SessionId id, Timestamp now) override;
  Result<int64_t> DeleteExpiredRefreshSessions(Timestamp now) override;
  Result<WebSession> InsertWebSession(const WebSession& draft) override;
  Result<WebSession> FindWebSession(const std::string& token_hash) override;
  Status ExtendWebSession(SessionId id, Timestamp last_seen, Timestamp expires_at) override;
  Status DeleteWebSession(SessionId id) override;
  Result<int64_t> DeleteExpiredWebSessions(Timestamp now) override;
  Status EndSessions(OrgId org, UserId user, std::optional<SessionId> keep) override;
  Status RevokeAccess(OrgId org, UserId user) override;
  Result<ApiToken> InsertApiToken(const ApiToken& draft) override;
  Result<ApiToken> FindApiToken(TokenId id) override;
  Result<ApiToken> GetApiToken(OrgId org, ClientId client, TokenId id) override;
  Result<std::vector<ApiToken>> ListApiTokens(OrgId org, ClientId client,
                                              bool include_deleted) override;
  Status DeleteApiToken(OrgId org, ClientId client, TokenId id) override;
  Status TouchApiToken(TokenId id, Timestamp now) override;
  // OutboxStore
  Result<bool> EnqueueEmail(const OutboxEmail& email) override;
  Result<int64_t> EnqueueEmails(std::span<const OutboxEmail> emails) override;
  Result<std::vector<OutboxEmail>> ClaimDueEmails(Timestamp now, Timestamp lease_until, int limit,
                                                  const std::vector<OrgId>& skip_orgs) override;
  Status RecordEmailResults(std::span<const EmailResult> results) override;
  Result<std::vector<OutboxEmail>> ListOutbox(OrgId org, int limit) override;
  Result<MailTest> InsertMailTest(const MailTest& draft) override;
  Status FinishMailTest(OrgId org, int64_t id, MailTestState state, const std::string& failure,
                        int reply_code, Timestamp now) override;
  Result<MailTest> GetMailTest(OrgId org, int64_t id) override;
  Result<std::optional<MailTest>> SendingMailTest(OrgId org, Timestamp since) override;
  Status DeleteMailTests(OrgId org, Timestamp before) override;
  // DeletionStore
  Result<DeletionRequest> InsertDeletionRequest(const DeletionRequest& draft) override;
  Status UpdateDeletionRequest(const DeletionRequest& request) override;
  Result<std::vector<DeletionRequest>> ListDeletionRequests(OrgId org, ClientId client) override;
  Result<std::vector<DeletionRequest>> OpenDeletionRequests(
      OrgId org, std::span<const ClientId> clients) override;
  Result<std::vector<DeletionRequest>> DeletionRequestsDue(OrgId org, Timestamp now,
                                                           int limit) override;
  Result<std::vector<OrgId>> OrganisationsWithDeletionRequestsDue(Timestamp now) override;
  Result<NotificationSetting> InsertNotificationSetting(const NotificationSetting& draft) override;
  Status UpdateNotificationSetting(const NotificationSetting& setting) override;
  Status DeleteNotificationSetting(OrgId org, int64_t id) override;
  Result<NotificationSetting> GetNotificationSetting(OrgId org, int64_t id) override;
  Result<std::vector<NotificationSetting>> ListNotificationSettings(OrgId org) override;
  // ActivityStore
  Result<int64_t> InsertActivity(const ActivityEntry& entry) override;
  Result<Page<ActivityEntry>> ListActivity(OrgId org, const ActivityQuery& query) override;
  Result<ActivityEntry> GetActivity(OrgId org, int64_t id) override;

 private:
  static LockKey Org(OrgId org) { return LockKey::Organisation(org); }

  SqlTx& tx_;
  UnitLocks& locks_;
};

}  // namespace clientele::storage::sql
