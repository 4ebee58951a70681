#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "domain/storage/unit_of_work.h"

// A Database that fails on a chosen call, to prove that a multi-step change rolls back whole and
// that running it again converges (the way LevelDB's SpecialEnv or Beast's fail_count test theirs).
// It wraps a real database: every call of a unit of work is counted and passed through, except
// the n-th, which answers an injected kUnavailable without reaching the store. Since that is what
// a dropped connection or a busy database looks like to the caller, the code under test cannot
// tell it from the real thing.
namespace clientele::testing {

class FailingDatabase final : public storage::Database {
 public:
  explicit FailingDatabase(storage::Database& inner) : inner_(inner) {}

  // Fails the n-th call (1-based) from now on, counting across units of work; 0 fails nothing.
  void FailAt(int64_t n) {
    fail_at_ = n;
    calls_ = 0;
    failed_call_.clear();
  }
  int64_t calls() const { return calls_; }
  bool failed() const { return !failed_call_.empty(); }
  const std::string& failed_call() const { return failed_call_; }  // the method that failed

  Status Read(const std::function<Status(storage::Tx&)>& work) override {
    return inner_.Read([&](storage::Tx& tx) {
      Tx failing(tx, *this);
      return work(failing);
    });
  }
  Status Write(const std::function<Status(storage::Tx&)>& work) override {
    return inner_.Write([&](storage::Tx& tx) {
      Tx failing(tx, *this);
      return work(failing);
    });
  }
  void SetOutboxHooks(storage::OutboxHooks hooks) override {
    inner_.SetOutboxHooks(std::move(hooks));
  }
  Result<int> Migrate() override { return inner_.Migrate(); }
  Status RefreshStatistics() override { return inner_.RefreshStatistics(); }

 private:
  // Counts one call; the injected error when it is the chosen one.
  std::optional<Error> Tick(const char* method) {
    if (++calls_ != fail_at_) return std::nullopt;
    failed_call_ = method;
    return MakeError(ErrorCode::kUnavailable, std::string("injected failure in ") + method);
  }

  class Tx final : public storage::Tx {
    using ActivityQuery = storage::ActivityQuery;
    using ClientPage = storage::ClientPage;
    using NewOrganisation = storage::NewOrganisation;
    using RefreshSession = storage::RefreshSession;
    using StatusChangeQuery = storage::StatusChangeQuery;
    using Throttle = storage::Throttle;
    using WebSession = storage::WebSession;
    template <typename T>
    using Page = storage::Page<T>;

   public:
    Tx(storage::Tx& tx, FailingDatabase& db) : tx_(tx), db_(db) {}

    Result<std::optional<std::string>> GetSetting(const std::string& key) override {
      return Call("GetSetting", [&] { return tx_.GetSetting(key); });
    }
    Status PutSetting(const std::string& key, const std::string& value) override {
      return Call("PutSetting", [&] { return tx_.PutSetting(key, value); });
    }
    Result<Organisation> InsertOrganisation(const NewOrganisation& draft, Timestamp now) override {
      return Call("InsertOrganisation", [&] { return tx_.InsertOrganisation(draft, now); });
    }
    Result<Organisation> GetOrganisation(OrgId org) override {
      return Call("GetOrganisation", [&] { return tx_.GetOrganisation(org); });
    }
    Status SetResellerClient(OrgId org, ClientId client) override {
      return Call("SetResellerClient", [&] { return tx_.SetResellerClient(org, client); });
    }
    Result<std::vector<Organisation>> ListOrganisations() override {
      return Call("ListOrganisations", [&] { return tx_.ListOrganisations(); });
    }
    Result<std::vector<Product>> ListProducts() override {
      return Call("ListProducts", [&] { return tx_.ListProducts(); });
    }
    Result<Client> InsertClient(const Client& draft) override {
      return Call("InsertClient", [&] { return tx_.InsertClient(draft); });
    }
    Result<Client> GetClient(OrgId org, ClientId id) override {
      return Call("GetClient", [&] { return tx_.GetClient(org, id); });
    }
    Status UpdateClient(const Client& client) override {
      return Call("UpdateClient", [&] { return tx_.UpdateClient(client); });
    }
    Result<bool> ClientEmailTaken(OrgId org, const std::string& email,
                                  std::optional<ClientId> except) override {
      return Call("ClientEmailTaken", [&] { return tx_.ClientEmailTaken(org, email, except); });
    }
    Result<ClientPage> ListClients(OrgId org, const ClientQuery& query) override {
      return Call("ListClients", [&] { return tx_.ListClients(org, query); });
    }
    Result<storage::ClientIdList> ListClientIds(OrgId org, const ClientQuery& query) override {
      return Call("ListClientIds", [&] { return tx_.ListClientIds(org, query); });
    }
    Result<std::vector<Client>> GetClients(OrgId org, std::span<const ClientId> ids) override {
      return Call("GetClients", [&] { return tx_.GetClients(org, ids); });
    }
    Status InsertServices(OrgId org, ClientId client, std::span<const Service> services) override {
      return Call("InsertServices", [&] { return tx_.InsertServices(org, client, services); });
    }
    Status InsertServiceRows(OrgId org, std::span<const Service> services) override {
      return Call("InsertServiceRows", [&] { return tx_.InsertServiceRows(org, services); });
    }
    Result<std::vector<ClientId>> InsertClients(OrgId org, std::span<const Client> drafts) override {
      return Call("InsertClients", [&] { return tx_.InsertClients(org, drafts); });
    }
    Result<std::vector<std::string>> ClientEmailsInUse(
        OrgId org, std::span<const std::string> emails) override {
      return Call("ClientEmailsInUse", [&] { return tx_.ClientEmailsInUse(org, emails); });
    }
    Result<std::vector<Service>> ListServices(OrgId org,
                                              std::span<const ClientId> clients) override {
      return Call("ListServices", [&] { return tx_.ListServices(org, clients); });
    }
    Result<std::vector<ServiceState>> ServiceStates(OrgId org,
                                                    std::span<const ClientId> clients) override {
      return Call("ServiceStates", [&] { return tx_.ServiceStates(org, clients); });
    }
    Result<Service> GetService(OrgId org, ClientId client, ServiceId id) override {
      return Call("GetService", [&] { return tx_.GetService(org, client, id); });
    }
    Status UpdateService(const Service& service) override {
      return Call("UpdateService", [&] { return tx_.UpdateService(service); });
    }
    Result<int64_t> ClearPersonalVisibility(OrgId org, const std::string& product) override {
      return Call("ClearPersonalVisibility",
                  [&] { return tx_.ClearPersonalVisibility(org, product); });
    }
    Result<std::vector<std::pair<std::string, bool>>> DefaultVisibility(OrgId org) override {
      return Call("DefaultVisibility", [&] { return tx_.DefaultVisibility(org); });
    }
    Status SetDefaultVisibility(OrgId org, const std::string& product, bool available) override {
      return Call("SetDefaultVisibility",
                  [&] { return tx_.SetDefaultVisibility(org, product, available); });
    }
    Result<std::vector<StatusCount>> CountServices(OrgId org, const std::string& product,
                                                   std::span<const ProductStatus> statuses,
                                                   std::optional<bool> personal) override {
      return Call("CountServices",
                  [&] { return tx_.CountServices(org, product, statuses, personal); });
    }
    Status UpdateServices(OrgId org, std::span<const Service> services) override {
      return Call("UpdateServices", [&] { return tx_.UpdateServices(org, services); });
    }
    Result<std::vector<Service>> TrialsEnded(OrgId org, Timestamp now, int limit) override {
      return Call("TrialsEnded", [&] { return tx_.TrialsEnded(org, now, limit); });
    }
    Result<std::vector<Service>> TrialsEndingSoon(OrgId org, Timestamp now, Timestamp soon,
                                                  int limit) override {
      return Call("TrialsEndingSoon",
                  [&] { return tx_.TrialsEndingSoon(org, now, soon, limit); });
    }
    Result<std::vector<Service>> DeletionsDue(OrgId org, Timestamp now, int limit) override {
      return Call("DeletionsDue", [&] { return tx_.DeletionsDue(org, now, limit); });
    }
    Result<std::vector<OrgId>> OrganisationsWithDueServices(Timestamp now,
                                                            Timestamp soon) override {
      return Call("OrganisationsWithDueServices",
                  [&] { return tx_.OrganisationsWithDueServices(now, soon); });
    }
    Status SetClientStatus(OrgId org, ClientId client, AccountStatus status,
                           Timestamp now) override {
      return Call("SetClientStatus", [&] { return tx_.SetClientStatus(org, client, status, now); });
    }
    Status SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) override {
      return Call("SetClientDaysToDeleted",
                  [&] { return tx_.SetClientDaysToDeleted(org, client, days); });
    }
    Status SetClientTrialDays(OrgId org, ClientId client, std::optional<int> days) override {
      return Call("SetClientTrialDays", [&] { return tx_.SetClientTrialDays(org, client, days); });
    }
    Status SetOrganisationLimits(OrgId org, int max_trial, int max_days) override {
      return Call("SetOrganisationLimits",
                  [&] { return tx_.SetOrganisationLimits(org, max_trial, max_days); });
    }
    Result<std::vector<Service>> UpcomingTrialEnds(OrgId org, Timestamp until,
                                                   std::optional<UserId> seller,
                                                   int64_t limit) override {
      return Call("UpcomingTrialEnds",
                  [&] { return tx_.UpcomingTrialEnds(org, until, seller, limit); });
    }
    Result<std::vector<Service>> UpcomingDeletions(OrgId org, Timestamp until,
                                                   std::optional<UserId> seller,
                                                   int64_t limit) override {
      return Call("UpcomingDeletions",
                  [&] { return tx_.UpcomingDeletions(org, until, seller, limit); });
    }
    Result<std::vector<Service>> UpcomingTrialNotices(OrgId org, Timestamp until,
                                                      std::optional<UserId> seller,
                                                      int64_t limit) override {
      return Call("UpcomingTrialNotices",
                  [&] { return tx_.UpcomingTrialNotices(org, until, seller, limit); });
    }
    Result<std::vector<ClientId>> AccountsWithDueWork(OrgId org, bool deletions,
                                                      Timestamp until) override {
      return Call("AccountsWithDueWork",
                  [&] { return tx_.AccountsWithDueWork(org, deletions, until); });
    }
    Result<int64_t> RescheduleTrials(OrgId org, ClientId client, int days) override {
      return Call("RescheduleTrials", [&] { return tx_.RescheduleTrials(org, client, days); });
    }
    Status SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) override {
      return Call("SetOrganisationTiming",
                  [&] { return tx_.SetOrganisationTiming(org, trial_days, days_to_deleted); });
    }
    Result<int64_t> RescheduleDeletions(OrgId org, std::optional<ClientId> client,
                                        int days) override {
      return Call("RescheduleDeletions",
                  [&] { return tx_.RescheduleDeletions(org, client, days); });
    }
    Result<ActivationRequest> InsertActivationRequest(const ActivationRequest& draft) override {
      return Call("InsertActivationRequest", [&] { return tx_.InsertActivationRequest(draft); });
    }
    Result<std::vector<ActivationRequest>> OpenActivationRequests(OrgId org,
                                                                  ClientId client) override {
      return Call("OpenActivationRequests", [&] { return tx_.OpenActivationRequests(org, client); });
    }
    Status CloseActivationRequests(OrgId org, ClientId client, std::span<const ServiceId> services,
                                   Timestamp now) override {
      return Call("CloseActivationRequests",
                  [&] { return tx_.CloseActivationRequests(org, client, services, now); });
    }
    Result<Branding> GetBranding(OrgId org) override {
      return Call("GetBranding", [&] { return tx_.GetBranding(org); });
    }
    Status PutBranding(const Branding& branding) override {
      return Call("PutBranding", [&] { return tx_.PutBranding(branding); });
    }
    Result<bool> EnqueueEmail(const OutboxEmail& email) override {
      return Call("EnqueueEmail", [&] { return tx_.EnqueueEmail(email); });
    }
    Result<int64_t> EnqueueEmails(std::span<const OutboxEmail> emails) override {
      return Call("EnqueueEmails", [&] { return tx_.EnqueueEmails(emails); });
    }
    Result<std::vector<OutboxEmail>> ClaimDueEmails(Timestamp now, Timestamp lease_until, int limit,
                                                    const std::vector<OrgId>& skip_orgs) override {
      return Call("ClaimDueEmails",
                  [&] { return tx_.ClaimDueEmails(now, lease_until, limit, skip_orgs); });
    }
    Status RecordEmailResults(std::span<const EmailResult> results) override {
      return Call("RecordEmailResults", [&] { return tx_.RecordEmailResults(results); });
    }
    Result<std::vector<OutboxEmail>> ListOutbox(OrgId org, int limit) override {
      return Call("ListOutbox", [&] { return tx_.ListOutbox(org, limit); });
    }
    Result<MailTest> InsertMailTest(const MailTest& draft) override {
      return Call("InsertMailTest", [&] { return tx_.InsertMailTest(draft); });
    }
    Status FinishMailTest(OrgId org, int64_t id, MailTestState state, const std::string& failure,
                          int reply_code, Timestamp now) override {
      return Call("FinishMailTest",
                  [&] { return tx_.FinishMailTest(org, id, state, failure, reply_code, now); });
    }
    Result<MailTest> GetMailTest(OrgId org, int64_t id) override {
      return Call("GetMailTest", [&] { return tx_.GetMailTest(org, id); });
    }
    Result<std::optional<MailTest>> SendingMailTest(OrgId org, Timestamp since) override {
      return Call("SendingMailTest", [&] { return tx_.SendingMailTest(org, since); });
    }
    Status DeleteMailTests(OrgId org, Timestamp before) override {
      return Call("DeleteMailTests", [&] { return tx_.DeleteMailTests(org, before); });
    }
    Status InsertStatusChange(OrgId org, const AccountStatusChange& change) override {
      return Call("InsertStatusChange", [&] { return tx_.InsertStatusChange(org, change); });
    }
    Status SetClientStatuses(OrgId org, std::span<const AccountStatusChange> changes) override {
      return Call("SetClientStatuses", [&] { return tx_.SetClientStatuses(org, changes); });
    }
    Status InsertStatusChanges(OrgId org, std::span<const AccountStatusChange> changes) override {
      return Call("InsertStatusChanges", [&] { return tx_.InsertStatusChanges(org, changes); });
    }
    Result<Page<AccountStatusChange>> ListStatusChanges(OrgId org,
                                                        const StatusChangeQuery& query) override {
      return Call("ListStatusChanges", [&] { return tx_.ListStatusChanges(org, query); });
    }
    Result<User> InsertUser(const User& draft) override {
      return Call("InsertUser", [&] { return tx_.InsertUser(draft); });
    }
    Result<User> GetUser(OrgId org, UserId id) override {
      return Call("GetUser", [&] { return tx_.GetUser(org, id); });
    }
    Status UpdateUser(const User& user) override {
      return Call("UpdateUser", [&] { return tx_.UpdateUser(user); });
    }
    Result<bool> UserEmailTaken(OrgId org, const std::string& email) override {
      return Call("UserEmailTaken", [&] { return tx_.UserEmailTaken(org, email); });
    }
    Result<std::vector<std::string>> UserEmailsInUse(OrgId org,
                                                     std::span<const std::string> emails) override {
      return Call("UserEmailsInUse", [&] { return tx_.UserEmailsInUse(org, emails); });
    }
    Status InsertUsers(OrgId org, std::span<const User> drafts) override {
      return Call("InsertUsers", [&] { return tx_.InsertUsers(org, drafts); });
    }
    Result<std::vector<User>> FindUsersForSignIn(const std::string& email) override {
      return Call("FindUsersForSignIn", [&] { return tx_.FindUsersForSignIn(email); });
    }
    Result<std::vector<User>> ListUsersOfClients(OrgId org,
                                                 std::span<const ClientId> clients) override {
      return Call("ListUsersOfClients", [&] { return tx_.ListUsersOfClients(org, clients); });
    }
    Result<bool> SellerExists(OrgId org, UserId seller) override {
      return Call("SellerExists", [&] { return tx_.SellerExists(org, seller); });
    }
    Result<std::optional<User>> FindUserByEmail(OrgId org, const std::string& email) override {
      return Call("FindUserByEmail", [&] { return tx_.FindUserByEmail(org, email); });
    }
    Result<Page<User>> ListSellers(OrgId org, const SellerQuery& query) override {
      return Call("ListSellers", [&] { return tx_.ListSellers(org, query); });
    }
    Result<int64_t> UnassignSeller(OrgId org, UserId seller) override {
      return Call("UnassignSeller", [&] { return tx_.UnassignSeller(org, seller); });
    }
    Status EndSessions(OrgId org, UserId user, std::optional<SessionId> keep) override {
      return Call("EndSessions", [&] { return tx_.EndSessions(org, user, keep); });
    }
    Status RevokeAccess(OrgId org, UserId user) override {
      return Call("RevokeAccess", [&] { return tx_.RevokeAccess(org, user); });
    }
    Result<DeletionRequest> InsertDeletionRequest(const DeletionRequest& draft) override {
      return Call("InsertDeletionRequest", [&] { return tx_.InsertDeletionRequest(draft); });
    }
    Status UpdateDeletionRequest(const DeletionRequest& request) override {
      return Call("UpdateDeletionRequest", [&] { return tx_.UpdateDeletionRequest(request); });
    }
    Result<std::vector<DeletionRequest>> ListDeletionRequests(OrgId org, ClientId client) override {
      return Call("ListDeletionRequests", [&] { return tx_.ListDeletionRequests(org, client); });
    }
    Result<std::vector<DeletionRequest>> OpenDeletionRequests(
        OrgId org, std::span<const ClientId> clients) override {
      return Call("OpenDeletionRequests", [&] { return tx_.OpenDeletionRequests(org, clients); });
    }
    Result<std::vector<DeletionRequest>> DeletionRequestsDue(OrgId org, Timestamp now,
                                                             int limit) override {
      return Call("DeletionRequestsDue", [&] { return tx_.DeletionRequestsDue(org, now, limit); });
    }
    Result<std::vector<OrgId>> OrganisationsWithDeletionRequestsDue(Timestamp now) override {
      return Call("OrganisationsWithDeletionRequestsDue",
                  [&] { return tx_.OrganisationsWithDeletionRequestsDue(now); });
    }
    Result<NotificationSetting> InsertNotificationSetting(
        const NotificationSetting& draft) override {
      return Call("InsertNotificationSetting",
                  [&] { return tx_.InsertNotificationSetting(draft); });
    }
    Status UpdateNotificationSetting(const NotificationSetting& setting) override {
      return Call("UpdateNotificationSetting",
                  [&] { return tx_.UpdateNotificationSetting(setting); });
    }
    Status DeleteNotificationSetting(OrgId org, int64_t id) override {
      return Call("DeleteNotificationSetting",
                  [&] { return tx_.DeleteNotificationSetting(org, id); });
    }
    Result<NotificationSetting> GetNotificationSetting(OrgId org, int64_t id) override {
      return Call("GetNotificationSetting", [&] { return tx_.GetNotificationSetting(org, id); });
    }
    Result<std::vector<NotificationSetting>> ListNotificationSettings(OrgId org) override {
      return Call("ListNotificationSettings", [&] { return tx_.ListNotificationSettings(org); });
    }
    Result<OneTimeToken> InsertOneTimeToken(const OneTimeToken& draft) override {
      return Call("InsertOneTimeToken", [&] { return tx_.InsertOneTimeToken(draft); });
    }
    Result<OneTimeToken> FindOneTimeToken(const std::string& token_hash) override {
      return Call("FindOneTimeToken", [&] { return tx_.FindOneTimeToken(token_hash); });
    }
    Result<bool> UseOneTimeToken(OrgId org, int64_t id, Timestamp now) override {
      return Call("UseOneTimeToken", [&] { return tx_.UseOneTimeToken(org, id, now); });
    }
    Status ExpireOneTimeTokens(OrgId org, UserId user, LinkPurpose purpose,
                               Timestamp now) override {
      return Call("ExpireOneTimeTokens",
                  [&] { return tx_.ExpireOneTimeTokens(org, user, purpose, now); });
    }
    Result<RefreshSession> InsertRefreshSession(const RefreshSession& draft) override {
      return Call("InsertRefreshSession", [&] { return tx_.InsertRefreshSession(draft); });
    }
    Result<RefreshSession> FindRefreshSession(const std::string& token_hash) override {
      return Call("FindRefreshSession", [&] { return tx_.FindRefreshSession(token_hash); });
    }
    Result<bool> UseRefreshSession(OrgId org, SessionId id, Timestamp now) override {
      return Call("UseRefreshSession", [&] { return tx_.UseRefreshSession(org, id, now); });
    }
    Result<int64_t> DeleteExpiredRefreshSessions(Timestamp now) override {
      return Call("DeleteExpiredRefreshSessions",
                  [&] { return tx_.DeleteExpiredRefreshSessions(now); });
    }
    Result<WebSession> InsertWebSession(const WebSession& draft) override {
      return Call("InsertWebSession", [&] { return tx_.InsertWebSession(draft); });
    }
    Result<WebSession> FindWebSession(const std::string& token_hash) override {
      return Call("FindWebSession", [&] { return tx_.FindWebSession(token_hash); });
    }
    Status ExtendWebSession(SessionId id, Timestamp last_seen, Timestamp expires_at) override {
      return Call("ExtendWebSession",
                  [&] { return tx_.ExtendWebSession(id, last_seen, expires_at); });
    }
    Status DeleteWebSession(SessionId id) override {
      return Call("DeleteWebSession", [&] { return tx_.DeleteWebSession(id); });
    }
    Result<int64_t> DeleteExpiredWebSessions(Timestamp now) override {
      return Call("DeleteExpiredWebSessions", [&] { return tx_.DeleteExpiredWebSessions(now); });
    }
    Result<ApiToken> InsertApiToken(const ApiToken& draft) override {
      return Call("InsertApiToken", [&] { return tx_.InsertApiToken(draft); });
    }
    Result<ApiToken> FindApiToken(TokenId id) override {
      return Call("FindApiToken", [&] { return tx_.FindApiToken(id); });
    }
    Result<ApiToken> GetApiToken(OrgId org, ClientId client, TokenId id) override {
      return Call("GetApiToken", [&] { return tx_.GetApiToken(org, client, id); });
    }
    Result<std::vector<ApiToken>> ListApiTokens(OrgId org, ClientId client,
                                                bool include_deleted) override {
      return Call("ListApiTokens", [&] { return tx_.ListApiTokens(org, client, include_deleted); });
    }
    Status DeleteApiToken(OrgId org, ClientId client, TokenId id) override {
      return Call("DeleteApiToken", [&] { return tx_.DeleteApiToken(org, client, id); });
    }
    Status TouchApiToken(TokenId id, Timestamp now) override {
      return Call("TouchApiToken", [&] { return tx_.TouchApiToken(id, now); });
    }
    Result<FilterPreset> InsertPreset(const FilterPreset& draft) override {
      return Call("InsertPreset", [&] { return tx_.InsertPreset(draft); });
    }
    Result<std::vector<FilterPreset>> ListPresets(OrgId org, UserId user) override {
      return Call("ListPresets", [&] { return tx_.ListPresets(org, user); });
    }
    Status DeletePreset(OrgId org, UserId user, int64_t id) override {
      return Call("DeletePreset", [&] { return tx_.DeletePreset(org, user, id); });
    }
    Result<std::optional<Throttle>> GetThrottle(const std::string& key) override {
      return Call("GetThrottle", [&] { return tx_.GetThrottle(key); });
    }
    Status PutThrottle(const Throttle& throttle) override {
      return Call("PutThrottle", [&] { return tx_.PutThrottle(throttle); });
    }
    Status DeleteThrottle(const std::string& key) override {
      return Call("DeleteThrottle", [&] { return tx_.DeleteThrottle(key); });
    }
    Result<int64_t> DeleteThrottlesBefore(Timestamp before) override {
      return Call("DeleteThrottlesBefore", [&] { return tx_.DeleteThrottlesBefore(before); });
    }
    Result<int64_t> InsertActivity(const ActivityEntry& entry) override {
      return Call("InsertActivity", [&] { return tx_.InsertActivity(entry); });
    }
    Result<Page<ActivityEntry>> ListActivity(OrgId org, const ActivityQuery& query) override {
      return Call("ListActivity", [&] { return tx_.ListActivity(org, query); });
    }
    Result<ActivityEntry> GetActivity(OrgId org, int64_t id) override {
      return Call("GetActivity", [&] { return tx_.GetActivity(org, id); });
    }

   private:
    template <typename F>
    auto Call(const char* method, F&& forward) -> decltype(forward()) {
      if (auto injected = db_.Tick(method)) return *std::move(injected);
      return forward();
    }

    storage::Tx& tx_;
    FailingDatabase& db_;
  };

  storage::Database& inner_;
  int64_t fail_at_ = 0;
  int64_t calls_ = 0;
  std::string failed_call_;
};

}  // namespace clientele::testing
