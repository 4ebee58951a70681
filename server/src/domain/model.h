#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/time.h"

// The things Clientele is about, as plain values. No I/O, no JSON: only http/json knows the
// wire names, and only storage/ knows the columns.
namespace clientele {

enum class ProductStatus { kNew, kTrial, kTrialEnd, kActive, kPaused, kDeleted };
enum class AccountStatus { kPreparation, kTrial, kActive, kTrialEnd, kDeleted };
enum class UserType { kReseller, kSeller, kCommon };
// Customer user groups; the numbers are the original's group ids.
enum class Group {
  kAdministrators = 1,
  kUsers = 2,
  kEngineers = 5,
  kPurgePrefetchApiWeb = 3009,
  kPurgePrefetchApi = 3022,
};

struct Organisation {
  OrgId id;
  std::string name;
  std::optional<ClientId> reseller_client;  // the reseller's own account; never deletable
  int trial_days = 14;
  int days_to_deleted = 30;
  Timestamp created_at;
  // The operator's limits of what the reseller may set for one account (SPEC §3): its trial
  // length up to max_trial_days, its days to Deleted from 1 to max_days_to_deleted.
  int max_trial_days = 60;
  int max_days_to_deleted = 90;
};

// A product of the catalog (CDN, STORAGE, ...). Data-driven: rows of the `products` table.
struct Product {
  std::string name;
  std::string title;
  int position = 0;
};

// A customer account ("client" in the API).
struct Client {
  ClientId id;
  OrgId org;
  std::string email;
  std::optional<std::string> name;
  std::string company_name;
  std::optional<std::string> phone;
  std::optional<std::string> website;
  std::optional<std::string> custom_id;
  std::optional<UserId> seller;
  std::string lang = "en";
  std::optional<std::string> country_code;
  bool is_test = false;
  bool is_reseller_account = false;
  bool deleted = false;
  AccountStatus status = AccountStatus::kPreparation;
  std::optional<UserId> owner;
  std::optional<int> days_to_deleted;  // this account's own value (operator, or reseller
                                       // within the operator's limit)
  std::optional<int> trial_days;       // this account's own trial length (an extension)
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> deleted_at;
};

// One product of one account: its visibility, activation and lifecycle status.
struct Service {
  ServiceId id;
  OrgId org;
  ClientId client;
  std::string product;
  ProductStatus status = ProductStatus::kNew;
  std::optional<ProductStatus> previous_status;
  std::optional<Timestamp> status_changed_at;
  std::optional<Timestamp> start;      // trial start
  std::optional<Timestamp> trial_end;
  std::optional<Timestamp> deleted_date;
  bool enabled = false;                // "Activate product"
  std::optional<bool> available;       // personal visibility; nullopt = inherit the default
  std::optional<Timestamp> ends_soon_sent_for;  // the trial end the notice was sent for
};

// A customer user's request that a visible, not activated product be activated (SPEC §3). It
// stays open until the product is activated (or the account deleted); one open per service.
struct ActivationRequest {
  int64_t id = 0;
  OrgId org;
  ClientId client;
  ServiceId service;
  std::string product;  // the service's product (its catalog name), read with the request
  std::optional<UserId> requested_by;
  std::string requested_email;  // who asked (the acting staff member's, when one acts)
  std::string message;
  Timestamp requested_at;
  std::optional<Timestamp> closed_at;
};

// Whether the customer can use a product, and if not, why not: the one notion of "activated"
// both portals show (SPEC §3: the "Activate product" checkbox, the service's `enabled`).
enum class Activation {
  kActivated,         // enabled: the customer can use it, whatever its status says of billing
  kNotActivated,      // the customer sees an activation request form
  kRequested,         // not enabled, and a request of the customer's is open
  kDeletionPending,   // not enabled while the account's deletion request is pending (which
                      // stopped it); no request can be made
};

// The organisation's brand and mail server (Vendor settings, SPEC §8). Empty strings are unset.
struct Branding {
  OrgId org;
  std::string brand_name;
  std::string from_email;
  std::string support_email;
  std::string support_phone;
  std::string website_link;
  std::string agreement_link;
  std::string api_docs_link;
  std::string knowledge_base_link;
  std::string status_page_link;
  std::string header_color;
  std::string primary_color;
  std::string logo;
  std::string smtp_host;  // empty: the platform's mail server
  int smtp_port = 0;
  std::string smtp_tls = "starttls";  // none | starttls | tls
  std::string smtp_login;
  std::optional<std::string> smtp_password_sealed;
  Timestamp updated_at;
};

enum class EmailState { kPending, kSent, kFailed };

struct OutboxEmail {
  int64_t id = 0;
  OrgId org;
  std::string kind;
  std::string dedupe_key;
  std::string to_address;
  std::string to_name;
  // What to send: `data` is the e-mail's EmailData as JSON (domain/email_outbox.h), rendered
  // with the organisation's brand when it is sent. E-mails queued by versions before 0011 have
  // no data but a rendered subject and bodies, sent as they are.
  std::string data;
  std::string subject;
  // Data and bodies are sealed at rest (crypto::SealText) while pending when the database has a
  // seal key, and cleared once the e-mail is sent or given up: they may hold one-time links.
  std::string text_body;
  std::string html_body;
  EmailState state = EmailState::kPending;
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string last_error;
  Timestamp created_at;
  std::optional<Timestamp> sent_at;
};

// A "Send test email" of the vendor settings: sent in the background, its result kept for the
// reseller to read. `failure` is a mail::SendFailureName category, never the server's words.
enum class MailTestState { kSending, kSent, kFailed };
struct MailTest {
  int64_t id = 0;
  OrgId org;
  std::string to_address;
  MailTestState state = MailTestState::kSending;
  std::string failure;  // empty unless failed
  int reply_code = 0;   // the SMTP reply code of a refusal, 0 if none
  Timestamp created_at;
  std::optional<Timestamp> finished_at;
};
const char* ToString(MailTestState s);  // "sending", "sent", "failed"
MailTestState ParseMailTestState(std::string_view s);  // unknown: kFailed

struct User {
  UserId id;
  OrgId org;
  std::optional<ClientId> client;  // nullopt for sellers
  std::string email;
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::string lang = "en";
  UserType type = UserType::kCommon;
  std::optional<Group> group;  // customer users only
  std::string password_hash;   // empty until a password is set
  bool activated = false;
  bool blocked = false;
  bool deleted = false;
  int failed_logins = 0;
  std::optional<Timestamp> locked_until;
  Timestamp created_at;
  std::optional<Timestamp> invited_at;  // the last invitation sent
  std::optional<Timestamp> last_login_at;
  // Access tokens issued before this are refused: set when the password changes or the person
  // is blocked, so stolen tokens die with the old password.
  std::optional<Timestamp> sessions_valid_after;
};

enum class DeletionState { kPending, kCancelled, kCompleted };

struct DeletionRequest {
  int64_t id = 0;
  OrgId org;
  ClientId client;
  DeletionState state = DeletionState::kPending;
  std::optional<UserId> requested_by;
  std::string requested_email;
  Timestamp requested_at;
  Timestamp due_at;
  std::vector<ServiceId> stopped_services;  // the ones it deactivated, to restore on cancel
  std::string closed_by_email;
  std::optional<Timestamp> closed_at;
  std::string note;
};

struct NotificationSetting {
  int64_t id = 0;
  OrgId org;
  std::string type;  // deletion_request | failed_login
  std::string email;
  bool enabled = true;
};

enum class LinkPurpose { kInvitation, kPasswordReset };

// A single-purpose link sent by e-mail (invitation, password reset). Only the hash is stored.
struct OneTimeToken {
  int64_t id = 0;
  OrgId org;
  UserId user;
  LinkPurpose purpose = LinkPurpose::kInvitation;
  std::string token_hash;
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
};

// Who is making a request, as established by authentication. Everything is scoped by `org`.
struct Caller {
  OrgId org;
  UserId user;
  UserType type = UserType::kCommon;
  std::optional<ClientId> client;  // the account the caller acts in (reseller: its own)
  std::optional<Group> group;      // effective group (an API token may narrow it)
  std::string email;
  std::optional<TokenId> api_token;
  std::optional<UserId> acting_user;  // the reseller/seller really acting, when impersonating
  std::string acting_email;
  std::optional<ClientId> reseller_account;  // staff only: the organisation's own account
  std::optional<SessionId> web_session;      // the portal session the request came with

  bool IsStaff() const { return type == UserType::kReseller || type == UserType::kSeller; }
};

struct AccountStatusChange {
  int64_t id = 0;
  ClientId client;
  std::optional<AccountStatus> old_status;
  AccountStatus new_status = AccountStatus::kPreparation;
  Timestamp changed_at;
};

struct ApiToken {
  TokenId id;
  OrgId org;
  ClientId client;
  UserId user;
  std::string name;
  std::optional<std::string> description;
  Group role = Group::kAdministrators;
  std::string secret_hash;  // SHA-256 of the secret; the secret itself is never stored
  std::optional<Timestamp> expires_at;
  Timestamp created_at;
  std::optional<Timestamp> last_used_at;
  bool deleted = false;
  // Joined for display.
  std::string user_email;
  std::optional<std::string> user_name;
};

// A saved set of account-list filters. `filters_json` is a JSON object of query parameters,
// checked by the HTTP layer and kept as it came.
struct FilterPreset {
  int64_t id = 0;
  OrgId org;
  UserId user;
  std::string name;
  std::string filters_json;
  Timestamp created_at;
};

struct ActivityEntry {
  int64_t id = 0;
  OrgId org;
  std::optional<UserId> user;
  std::string user_email;
  std::optional<ClientId> client;
  std::optional<TokenId> token;
  std::optional<UserId> acting_user;
  std::string acting_user_email;
  Timestamp requested_at;
  std::string method;
  std::string path;
  std::string query;
  std::string body;  // secrets already removed
  int status_code = 0;
  std::string remote_ip;
  std::string host;
  // The account the request concerns: the one it changed, or its own user's. nullopt when none
  // (the organisation's settings, sellers) or unknown.
  std::optional<ClientId> subject;
  // What it did, for people: a JSON object (http/activity_event.h). Empty in entries recorded
  // before events existed.
  std::string event;
};

// The caller a person is by themselves: before what a credential adds (an API token's role and
// account, the person acting, the organisation's own account).
Caller CallerOf(const User& user);

// Names on the wire and in the database.
const char* ToString(ProductStatus s);
const char* ToString(AccountStatus s);
const char* ToString(UserType t);
// What people read in messages: "Trial end", "Paused". The portals use the same words
// (web/src/lib/displayNames.ts).
const char* DisplayName(ProductStatus s);
const char* GroupName(Group g);
std::optional<ProductStatus> ParseProductStatus(std::string_view s);
std::optional<AccountStatus> ParseAccountStatus(std::string_view s);
std::optional<UserType> ParseUserType(std::string_view s);
std::optional<Group> GroupFromId(int64_t id);
std::optional<Group> GroupFromName(std::string_view name);

}  // namespace clientele
