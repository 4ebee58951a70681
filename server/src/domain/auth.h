#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/rate_limiter.h"
#include "core/result.h"
#include "domain/model.h"
#include "domain/sign_in_backoff.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

struct TokenPair {
  std::string access;
  std::string refresh;
};

struct SignIn {
  TokenPair tokens;
  Caller caller;  // who signed in, for the activity log
};

// Who is signed in: the person and, for a customer user, the account's company name.
struct SignedInPerson {
  User user;
  std::string company;
};

// A browser session: the cookie value and the CSRF token, both shown only now.
struct WebSignIn {
  std::string session_token;
  std::string csrf_token;
  Caller caller;
};

// The caller behind a session cookie, and the hash its state-changing requests must match.
struct SessionCaller {
  Caller caller;
  std::string csrf_hash;
};

// Sign-in policy (documented in docs/api.md; the back-off is in domain/sign_in_backoff.h):
inline constexpr int64_t kAccessTokenSeconds = 3600;
inline constexpr int64_t kRefreshTokenSeconds = 86400;
inline constexpr int64_t kWebSessionIdleSeconds = 12 * 3600;  // sliding
inline constexpr int64_t kImpersonationAccessSeconds = 15 * 60;
inline constexpr int64_t kImpersonationMaxSeconds = 3600;

// Sign-in, tokens and the check of every request's credentials.
class AuthService {
 public:
  // `signing_key`: secret for access tokens, shared by every instance (kept in the database,
  // sealed with the secret key file).
  AuthService(storage::Database& db, std::string signing_key);

  // kInvalidArgument (missing fields; ambiguous organisation), kUnauthenticated (wrong
  // credentials, unknown e-mail, blocked, deleted: one message for all), kTooManyRequests (this
  // e-mail is locked for this client address `ip` for a while: see sign_in_backoff.h),
  // kUnavailable with Retry-After (every password-check slot busy). A wrong password is also
  // reported to the organisation's failed_login addresses, with `ip` (throttled: throttles.h).
  Result<SignIn> Login(std::string_view email, std::string_view password,
                       std::optional<OrgId> organisation, Timestamp now, std::string_view ip = "");
  // The same checks as Login, for a browser: a session cookie instead of tokens. `portal` must
  // suit the person (customers: kCustomer; resellers and sellers: kAdmin), else kUnauthenticated.
  Result<WebSignIn> StartWebSession(std::string_view email, std::string_view password,
                                    std::optional<OrgId> organisation, storage::Portal portal,
                                    Timestamp now, std::string_view ip = "");
  // kUnauthenticated if unknown or expired. Extends the session's idle expiry.
  Result<SessionCaller> AuthenticateWebSession(std::string_view session_token,
                                               storage::Portal portal, Timestamp now);
  // Ends the session; returns who it belonged to (nullopt if unknown or expired), for the log.
  Result<std::optional<Caller>> EndWebSession(std::string_view session_token, Timestamp now);
  // Where a session ends early (password change or reset, blocking): access tokens issued
  // before `now` are refused, and every browser session but `keep` and every refresh token end.
  static Status EndSessionsOf(storage::Tx& tx, User& user, std::optional<SessionId> keep,
                              Timestamp now);
  // The person behind a caller, as stored now, with their account's company (empty for staff).
  Result<SignedInPerson> Whoami(const Caller& caller);
  // A session for `user` opened by `acting` (impersonation), for the customer portal.
  Result<WebSignIn> CreateWebSession(storage::Tx& tx, const User& user,
                                     const std::optional<User>& acting, storage::Portal portal,
                                     Timestamp now);

  // kUnauthenticated if the refresh token is unknown, expired or was already used.
  Result<TokenPair> Refresh(std::string_view refresh_token, Timestamp now);
  // The caller behind an Authorization header value ("Bearer …" or "APIKey …", any case).
  Result<Caller> Authenticate(std::string_view authorization, Timestamp now);

  // Tokens for a person; `acting` is the staff member acting as that person, if any.
  // Acting sessions are short: the access token lives kImpersonationAccessSeconds and the
  // refresh token can't outlive `acting_until` (default: one hour from now).
  Result<TokenPair> IssueTokens(storage::Tx& tx, const User& user,
                                const std::optional<User>& acting, Timestamp now,
                                std::optional<Timestamp> acting_until = std::nullopt);

  // How many password hashes or checks may run at once (default 3); the rest are refused at
  // once, so they never occupy every request worker. Call before serving.
  void LimitPasswordChecks(int slots) { password_checks_.Resize(slots); }
  // Holds a password-check slot in `slot`, or kUnavailable (Retry-After 1) if none is free.
  Status EnterPasswordCheck(std::optional<ConcurrencyLimit::Slot>& slot);

  // The key for access tokens: kept in the database sealed with `secret_key` (the secret key
  // file's), created on first use; one stored in plain is sealed in place and kept.
  // kFailedPrecondition if `secret_key` does not open the stored key.
  static Result<std::string> LoadSigningKey(storage::Database& db, std::string_view secret_key);

 private:
  // Checks the credentials, with the lock and failure bookkeeping, and calls `signed_in` with
  // the one person they sign in, in the transaction that records the sign-in: what it issues
  // (tokens, a session) and the record stand or fall together.
  using SignedIn = std::function<Status(storage::Tx&, const User&)>;
  Status SignInWith(std::string_view email, std::string_view password,
                    std::optional<OrgId> organisation, Timestamp now, std::string_view ip,
                    const SignedIn& signed_in);
  Result<Caller> CallerFor(storage::Tx& tx, const User& user, Timestamp now);
  Result<Caller> AuthenticateAccess(std::string_view token, Timestamp now);
  Result<Caller> AuthenticateApiKey(std::string_view token, Timestamp now);

  storage::Database& db_;
  std::string signing_key_;
  ConcurrencyLimit password_checks_{3};
};

// Access tokens: compact JWS (HS256) carrying the caller's identity. Exposed for tests.
struct AccessClaims {
  UserId user;
  OrgId org;
  UserType type = UserType::kCommon;
  std::optional<ClientId> client;
  std::optional<Group> group;
  std::string email;
  std::optional<UserId> acting_user;
  std::string acting_email;
  Timestamp issued_at;
  Timestamp expires_at;
  std::string jti;
};
std::string SignAccessToken(const AccessClaims& claims, std::string_view key);
// kUnauthenticated if malformed, wrongly signed or expired at `now`.
Result<AccessClaims> VerifyAccessToken(std::string_view token, std::string_view key, Timestamp now);

}  // namespace clientele
