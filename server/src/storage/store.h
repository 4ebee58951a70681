#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/client_query.h"
#include "domain/model.h"

// The storage interface. Every backend (SQLite, PostgreSQL) implements it with the same
// behaviour; store_conformance_test.cc checks that. Each method of Tx that touches an
// organisation's data takes its OrgId, so tenant scoping can't be forgotten: an id of another
// organisation answers kNotFound exactly like an unknown id.
//
// Errors: kNotFound (no such row in this org), kAlreadyExists (a unique rule, e.g. e-mail taken),
// kFailedPrecondition (a reference to a missing row), kUnavailable (database unreachable or busy
// beyond the timeout), kInternal (anything else; details are logged by the backend).
namespace clientele::storage {

struct NewOrganisation {
  std::string name;
  int trial_days = 14;
  int days_to_deleted = 30;
};

struct ClientPage {
  std::vector<Client> items;
  std::optional<int64_t> count;  // set when the query asked for a page (limit)
};

struct ActivityQuery {
  std::optional<ClientId> client;
  std::optional<UserId> user;
  std::optional<std::string> method;
  std::optional<std::string> path_contains;
  std::optional<int> status_code;
  std::optional<Timestamp> from, to;
  int64_t limit = 20;
  int64_t offset = 0;
};

struct StatusChangeQuery {
  std::optional<ClientId> client;
  std::optional<Timestamp> from, to;
  int64_t limit = 20;
  int64_t offset = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t count = 0;
};

struct RefreshSession {
  SessionId id;
  OrgId org;
  UserId user;
  std::optional<UserId> acting_user;
  std::string token_hash;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
};

enum class Portal { kAdmin, kCustomer };

struct WebSession {
  SessionId id;
  OrgId org;
  UserId user;
  std::optional<UserId> acting_user;
  Portal portal = Portal::kAdmin;
  std::string token_hash;
  std::string csrf_hash;
  Timestamp created_at;
  Timestamp expires_at;
  Timestamp last_seen_at;
};

// A counter behind a limit that every instance must see the same: sign-in failures of an
// (e-mail, address) pair, e-mails of a kind sent in a window (domain/throttles.h). Platform
// data, not an organisation's: `key` is built by the domain from hashes or ids.
struct Throttle {
  std::string key;
  int64_t count = 0;
  Timestamp window_start;                   // when the current count began
  std::optional<Timestamp> blocked_until;   // refused until then (sign-in back-off)
  Timestamp updated_at;                     // last change; rows idle for long are purged
};

// One unit of work. Everything done through one Tx commits or rolls back together.
class Tx {
 public:
  virtual ~Tx() = default;

  // Platform settings (e.g. the token signing key). Not organisation data.
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;

  // Organisations.
  virtual Result<Organisation> InsertOrganisation(const NewOrganisation& draft, Timestamp now) = 0;
  virtual Result<Organisation> GetOrganisation(OrgId org) = 0;
  virtual Status SetResellerClient(OrgId org, ClientId client) = 0;
  virtual Result<std::vector<Organisation>> ListOrganisations() = 0;

  // The product catalog, in display order.
  virtual Result<std::vector<Product>> ListProducts() = 0;

  // Accounts. `draft.id` is ignored; the stored account is returned.
  virtual Result<Client> InsertClient(const Client& draft) = 0;
  virtual Result<Client> GetClient(OrgId org, ClientId id) = 0;
  virtual Status UpdateClient(const Client& client) = 0;  // by client.org + client.id
  // Whether a live (not deleted) account of `org` uses this e-mail (compared case-insensitively).
  virtual Result<bool> ClientEmailTaken(OrgId org, const std::string& email,
                                        std::optional<ClientId> except) = 0;
  virtual Result<ClientPage> ListClients(OrgId org, const ClientQuery& query) = 0;

  // Services (an account's products). One row per catalog product, created with the account.
  virtual Status InsertServices(OrgId org, ClientId client, std::span<const Service> services) = 0;
  // The services of several accounts in one query, ordered by account then catalog position.
  virtual Result<std::vector<Service>> ListServices(OrgId org, std::span<const ClientId> clients) = 0;

  virtual Result<Service> GetService(OrgId org, ClientId client, ServiceId id) = 0;
  // Writes status, dates, enabled and personal visibility of the service (by org, client, id).
  virtual Status UpdateService(const Service& service) = 0;
  // Sets or clears (nullopt) the personal visibility of one product for every account of `org`
  // that has one; returns how many changed.
  virtual Result<int64_t> ClearPersonalVisibility(OrgId org, const std::string& product) = 0;

  // Organisation default visibility of every catalog product, in catalog order.
  virtual Result<std::vector<std::pair<std::string, bool>>> DefaultVisibility(OrgId org) = 0;
  virtual Status SetDefaultVisibility(OrgId org, const std::string& product, bool available) = 0;

  // Live accounts of `org` with `product` in one of `statuses`, grouped by status.
  // `personal`: nullopt = any; false = only accounts inheriting the default; true = only
  // accounts with a personal "visible" value.
  struct StatusCount {
    std::string product;
    ProductStatus status;
    int64_t count;
  };
  virtual Result<std::vector<StatusCount>> CountServices(OrgId org, const std::string& product,
                                                         std::span<const ProductStatus> statuses,
                                                         std::optional<bool> personal) = 0;

  // Time-driven work, across organisations: services whose trial ended by `now`, whose trial
  // ends by `soon` without its notice sent, and whose deleted_date passed. At most `limit`.
  virtual Result<std::vector<Service>> TrialsEnded(Timestamp now, int limit) = 0;
  virtual Result<std::vector<Service>> TrialsEndingSoon(Timestamp soon, int limit) = 0;
  virtual Result<std::vector<Service>> DeletionsDue(Timestamp now, int limit) = 0;
  // Writes the account status (already recomputed by the caller).
  virtual Status SetClientStatus(OrgId org, ClientId client, AccountStatus status, Timestamp now) = 0;
  virtual Status SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) = 0;
  virtual Status SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) = 0;
  // Re-derives deleted_date = status_changed_at + days for products in trialend or paused: of
  // one account, or (client nullopt) of every account of `org` without its own override.
  virtual Result<int64_t> RescheduleDeletions(OrgId org, std::optional<ClientId> client,
                                              int days) = 0;

  // Branding and mail server of an organisation (defaults when never saved).
  virtual Result<Branding> GetBranding(OrgId org) = 0;
  virtual Status PutBranding(const Branding& branding) = 0;

  // The e-mail outbox. Enqueue returns false when an e-mail with the same dedupe_key exists.
  // With a seal key (Database::SetOutboxHooks) the data and bodies are stored sealed with it
  // (crypto::SealText); whoever sends them opens them. The other methods return them as stored.
  virtual Result<bool> EnqueueEmail(const OutboxEmail& email) = 0;
  // Pending e-mails due by `now`, oldest due first, except those of `skip_orgs` (organisations
  // whose e-mails the caller is still sending), leased until `lease_until` so no other run
  // takes them. They are returned as they were before the lease (next_attempt_at: when due).
  virtual Result<std::vector<OutboxEmail>> ClaimDueEmails(Timestamp now, Timestamp lease_until,
                                                          int limit,
                                                          const std::vector<OrgId>& skip_orgs) = 0;
  // Sent, or (give_up) failed for good: the data and bodies are cleared, since they may hold
  // one-time links; subject, kind, recipient and state stay for the record.
  virtual Status MarkEmailSent(int64_t id, Timestamp now) = 0;
  virtual Status MarkEmailFailed(int64_t id, int attempts, Timestamp next_attempt_at,
                                 const std::string& error, bool give_up) = 0;
  virtual Result<std::vector<OutboxEmail>> ListOutbox(OrgId org, int limit) = 0;

  // Test e-mails of the vendor settings. Insert returns the row with its id.
  virtual Result<MailTest> InsertMailTest(const MailTest& draft) = 0;
  virtual Status FinishMailTest(OrgId org, int64_t id, MailTestState state,
                                const std::string& failure, int reply_code, Timestamp now) = 0;
  virtual Result<MailTest> GetMailTest(OrgId org, int64_t id) = 0;  // kNotFound: not in `org`
  // The organisation's test e-mail still being sent that was started after `since`, if any.
  virtual Result<std::optional<MailTest>> SendingMailTest(OrgId org, Timestamp since) = 0;
  // Forgets the organisation's test e-mails started before `before`.
  virtual Status DeleteMailTests(OrgId org, Timestamp before) = 0;

  virtual Status InsertStatusChange(OrgId org, const AccountStatusChange& change) = 0;
  virtual Result<Page<AccountStatusChange>> ListStatusChanges(OrgId org,
                                                              const StatusChangeQuery& query) = 0;

  // People.
  virtual Result<User> InsertUser(const User& draft) = 0;
  virtual Result<User> GetUser(OrgId org, UserId id) = 0;
  virtual Status UpdateUser(const User& user) = 0;
  virtual Result<bool> UserEmailTaken(OrgId org, const std::string& email) = 0;
  // Live users with this e-mail in any organisation: sign-in does not name the organisation.
  virtual Result<std::vector<User>> FindUsersForSignIn(const std::string& email) = 0;
  virtual Result<std::vector<User>> ListUsersOfClients(OrgId org,
                                                       std::span<const ClientId> clients) = 0;
  virtual Result<bool> SellerExists(OrgId org, UserId seller) = 0;

  // The live person of `org` with this e-mail (case-insensitive), if any.
  virtual Result<std::optional<User>> FindUserByEmail(OrgId org, const std::string& email) = 0;
  struct SellerQuery {
    std::vector<UserId> ids;
    std::optional<std::string> id_contains, email_contains, name_contains;
    std::optional<bool> activated;
    std::optional<bool> deleted;  // nullopt: only live sellers
    std::vector<std::pair<std::string, bool>> ordering;  // column key, descending
    std::optional<int64_t> limit;
    int64_t offset = 0;
  };
  virtual Result<Page<User>> ListSellers(OrgId org, const SellerQuery& query) = 0;
  // Accounts assigned to `seller` lose it; returns how many.
  virtual Result<int64_t> UnassignSeller(OrgId org, UserId seller) = 0;
  // Ends every browser session (but `keep`) and refresh token of a person: after a password
  // change or reset, and when the person is blocked. API tokens are left alone.
  virtual Status EndSessions(OrgId org, UserId user, std::optional<SessionId> keep) = 0;
  // Ends every browser session and API token of a person (removed, deleted).
  virtual Status RevokeAccess(OrgId org, UserId user) = 0;

  // Deletion requests. Insert fails with kAlreadyExists when the account has an open one.
  virtual Result<DeletionRequest> InsertDeletionRequest(const DeletionRequest& draft) = 0;
  virtual Status UpdateDeletionRequest(const DeletionRequest& request) = 0;
  // Newest first.
  virtual Result<std::vector<DeletionRequest>> ListDeletionRequests(OrgId org, ClientId client) = 0;
  // Open requests whose grace period ended by `now`, across organisations.
  virtual Result<std::vector<DeletionRequest>> DeletionRequestsDue(Timestamp now, int limit) = 0;

  // Alert addresses of an organisation.
  virtual Result<NotificationSetting> InsertNotificationSetting(const NotificationSetting& draft) = 0;
  virtual Status UpdateNotificationSetting(const NotificationSetting& setting) = 0;
  virtual Status DeleteNotificationSetting(OrgId org, int64_t id) = 0;
  virtual Result<NotificationSetting> GetNotificationSetting(OrgId org, int64_t id) = 0;
  virtual Result<std::vector<NotificationSetting>> ListNotificationSettings(OrgId org) = 0;

  // One-time links.
  virtual Result<OneTimeToken> InsertOneTimeToken(const OneTimeToken& draft) = 0;
  virtual Result<OneTimeToken> FindOneTimeToken(const std::string& token_hash) = 0;
  // Marks it used; false if it already was.
  virtual Result<bool> UseOneTimeToken(int64_t id, Timestamp now) = 0;
  // Earlier links of the same purpose stop working when a new one is sent.
  virtual Status ExpireOneTimeTokens(UserId user, LinkPurpose purpose, Timestamp now) = 0;

  // Refresh tokens (stored hashed, single use).
  virtual Result<RefreshSession> InsertRefreshSession(const RefreshSession& draft) = 0;
  virtual Result<RefreshSession> FindRefreshSession(const std::string& token_hash) = 0;
  // Marks the session used; false if it already was (a replay).
  virtual Result<bool> UseRefreshSession(SessionId id, Timestamp now) = 0;
  virtual Result<int64_t> DeleteExpiredRefreshSessions(Timestamp now) = 0;

  // Browser sessions (cookie token and CSRF token stored hashed).
  virtual Result<WebSession> InsertWebSession(const WebSession& draft) = 0;
  virtual Result<WebSession> FindWebSession(const std::string& token_hash) = 0;
  virtual Status ExtendWebSession(SessionId id, Timestamp last_seen, Timestamp expires_at) = 0;
  virtual Status DeleteWebSession(SessionId id) = 0;
  virtual Result<int64_t> DeleteExpiredWebSessions(Timestamp now) = 0;

  // API tokens.
  virtual Result<ApiToken> InsertApiToken(const ApiToken& draft) = 0;
  // Any organisation: the token's own id comes from the presented secret.
  virtual Result<ApiToken> FindApiToken(TokenId id) = 0;
  virtual Result<ApiToken> GetApiToken(OrgId org, ClientId client, TokenId id) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens(OrgId org, ClientId client,
                                                      bool include_deleted) = 0;
  virtual Status DeleteApiToken(OrgId org, ClientId client, TokenId id) = 0;
  virtual Status TouchApiToken(TokenId id, Timestamp now) = 0;

  // Saved filter presets, per person.
  virtual Result<FilterPreset> InsertPreset(const FilterPreset& draft) = 0;  // kAlreadyExists: name
  virtual Result<std::vector<FilterPreset>> ListPresets(OrgId org, UserId user) = 0;
  virtual Status DeletePreset(OrgId org, UserId user, int64_t id) = 0;

  // Throttles. Put inserts or replaces by key.
  virtual Result<std::optional<Throttle>> GetThrottle(const std::string& key) = 0;
  virtual Status PutThrottle(const Throttle& throttle) = 0;
  virtual Status DeleteThrottle(const std::string& key) = 0;
  // Deletes the rows last changed before `before`; returns how many.
  virtual Result<int64_t> DeleteThrottlesBefore(Timestamp before) = 0;

  // Activity log.
  virtual Result<int64_t> InsertActivity(const ActivityEntry& entry) = 0;
  virtual Result<Page<ActivityEntry>> ListActivity(OrgId org, const ActivityQuery& query) = 0;
  virtual Result<ActivityEntry> GetActivity(OrgId org, int64_t id) = 0;
};

// A database: runs units of work. Write() retries nothing; a failed unit rolls back whole.
// How the outbox is tied to the rest of the process; app/ sets it once, before the first unit of
// work. Both parts are optional.
struct OutboxHooks {
  // The 32-byte secret key: EnqueueEmail stores bodies sealed with it, so a one-time link in a
  // pending e-mail is not readable in the database. Empty: bodies are stored as given.
  std::string seal_key;
  // Called after a write unit that queued an e-mail has committed (never after a rollback), on
  // that unit's thread, so delivery can start at once rather than at the next timer tick. Must
  // be quick and thread-safe, and must not run a unit of work itself.
  std::function<void()> email_committed;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Status Read(const std::function<Status(Tx&)>& work) = 0;
  virtual Status Write(const std::function<Status(Tx&)>& work) = 0;
  // Not thread-safe: call before any unit of work runs.
  virtual void SetOutboxHooks(OutboxHooks hooks) = 0;
  // Applies pending migrations; returns how many were applied.
  virtual Result<int> Migrate() = 0;
};

}  // namespace clientele::storage
