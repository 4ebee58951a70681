#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "domain/storage/unit_of_work.h"
#include "storage/sql/account_indexes.h"
#include "storage/sql/session.h"

// The unit of work of both backends: every storage port implemented once, in SQL that runs on
// SQLite and PostgreSQL alike through a Session. The definitions are split per aggregate, in
// the storage/sql/*.cc file named beside each group. Not thread-safe; one per unit of work.
namespace clientele::storage::sql {

class SqlTx final : public Tx {
 public:
  // `indexes`: the Database's in-memory account indexes; the account list answers from them.
  // Without, it answers with SQL alone.
  SqlTx(Session& session, const OutboxHooks& hooks, AccountIndexes* indexes = nullptr)
      : s_(session), hooks_(hooks), indexes_(indexes) {}

  // Before a write unit commits: writes the account change log of what the unit changed (one
  // new accounts_version per organisation touched), so every instance's index catches up.
  Status Finish();
  // The organisations this unit has changed accounts of so far (Finish writes their log), in
  // ascending order.
  std::vector<OrgId> ChangedOrganisations() const;

  // The account list by SQL alone: the reference the index must agree with (and the answer to
  // the users_* filters' candidates).
  Result<ClientPage> ListClientsBySql(OrgId org, const ClientQuery& query);

  // Whether this unit queued an e-mail (the backend calls OutboxHooks::email_committed after
  // the commit).
  bool queued_email() const { return queued_email_; }

  // OrganisationStore (storage/sql/organisations.cc)
  Result<Organisation> InsertOrganisation(const NewOrganisation& draft, Timestamp now) override;
  Result<Organisation> GetOrganisation(OrgId org) override;
  Status SetResellerClient(OrgId org, ClientId client) override;
  Result<std::vector<Organisation>> ListOrganisations() override;
  Status SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) override;
  Status SetOrganisationLimits(OrgId org, int max_trial_days, int max_days_to_deleted) override;
  Result<Branding> GetBranding(OrgId org) override;
  Status PutBranding(const Branding& branding) override;

  // SettingsStore (storage/sql/settings.cc)
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value) override;
  Result<FilterPreset> InsertPreset(const FilterPreset& draft) override;
  Result<std::vector<FilterPreset>> ListPresets(OrgId org, UserId user) override;
  Status DeletePreset(OrgId org, UserId user, int64_t id) override;
  Result<std::optional<Throttle>> GetThrottle(const std::string& key) override;
  Status PutThrottle(const Throttle& throttle) override;
  Status DeleteThrottle(const std::string& key) override;
  Result<int64_t> DeleteThrottlesBefore(Timestamp before) override;

  // ProductStore (storage/sql/products.cc)
  Result<std::vector<Product>> ListProducts() override;
  Result<std::vector<std::pair<std::string, bool>>> DefaultVisibility(OrgId org) override;
  Status SetDefaultVisibility(OrgId org, const std::string& product, bool available) override;

  // AccountStore (storage/sql/accounts.cc)
  Result<Client> InsertClient(const Client& draft) override;
  Result<Client> GetClient(OrgId org, ClientId id) override;
  Status UpdateClient(const Client& client) override;
  Result<bool> ClientEmailTaken(OrgId org, const std::string& email,
                                std::optional<ClientId> except) override;
  Result<ClientPage> ListClients(OrgId org, const ClientQuery& query) override;
  Result<ClientIdList> ListClientIds(OrgId org, const ClientQuery& query) override;
  Result<std::vector<Client>> GetClients(OrgId org, std::span<const ClientId> ids) override;
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

  // ServiceStore (storage/sql/services.cc)
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

  // PeopleStore (storage/sql/people.cc)
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

  // SessionStore (storage/sql/sessions.cc)
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

  // OutboxStore (storage/sql/outbox.cc)
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

  // DeletionStore (storage/sql/deletion.cc)
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

  // ActivityStore (storage/sql/activity.cc)
  Result<int64_t> InsertActivity(const ActivityEntry& entry) override;
  Result<Page<ActivityEntry>> ListActivity(OrgId org, const ActivityQuery& query) override;
  Result<ActivityEntry> GetActivity(OrgId org, int64_t id) override;

 private:
  // The e-mail keys among `emails` that rows of `table` (restricted by `condition`) of `org`
  // have: the query of ClientEmailsInUse and UserEmailsInUse.
  Result<std::vector<std::string>> EmailsInUse(std::string_view table, std::string_view condition,
                                               OrgId org, std::span<const std::string> emails);
  // The services of `org` due for time-driven work (`condition` on `services s`, with `$1` the
  // time and `$2` the organisation).
  // `after`, when given, is the statement's $4.
  Result<std::vector<Service>> Due(const std::string& condition, OrgId org, Timestamp t, int limit,
                                   std::optional<Timestamp> after = std::nullopt);
  // Seals an outbox text with the seal key, if there is one.
  std::string Seal(const std::string& text) const;

  // The index's answer to `q` (the users_* filters turned into candidates by SQL).
  index::IndexedPage QueryIndex(OrgId org, const ClientQuery& q);

  // Records that this unit changed an account (or its products) of `org`; nullopt: possibly
  // every account of it.
  void Changed(OrgId org, std::optional<ClientId> client);

  Session& s_;
  const OutboxHooks& hooks_;
  AccountIndexes* indexes_;
  bool queued_email_ = false;
  std::map<int64_t, std::set<int64_t>> changed_;  // org -> accounts; 0 = every account
};

}  // namespace clientele::storage::sql
