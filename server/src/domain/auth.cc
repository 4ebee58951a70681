#include "domain/auth.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "crypto/crypto.h"
#include "domain/client_query.h"
#include "domain/deletion.h"
#include "domain/roles.h"
#include "domain/throttles.h"
#include "domain/validation.h"

namespace clientele {
namespace json = boost::json;
namespace {

constexpr const char* kBadCredentials = "No active account found with the given credentials.";
constexpr const char* kNotAuthenticated =
    "Authentication credentials were not provided or are not valid.";
constexpr const char* kSigningKeySetting = "access_token_signing_key";
constexpr int64_t kTouchEverySeconds = 60;

Error Unauthenticated(const char* message = kNotAuthenticated) {
  return MakeError(ErrorCode::kUnauthenticated, message);
}

// A hash to verify against when no person matches, so an unknown e-mail takes as long as a
// wrong password and timing does not tell which e-mails exist.
const std::string& DummyHash() {
  static const std::string hash = crypto::HashPassword("clientele-timing-equaliser").value();
  return hash;
}

std::string EqualsIgnoreCasePrefix(std::string_view header, std::string_view scheme) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ') return {};
  for (size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return {};
  return validation::Trim(header.substr(scheme.size() + 1));
}

bool CanSignIn(const User& u) { return !u.deleted && !u.blocked && u.activated && !u.password_hash.empty(); }

// A wrong password for a real person is e-mailed to the organisation's failed_login addresses,
// but at most once per person per kFailedLoginAlertsPerPerson window and kFailedLoginAlertsPerOrg
// per organisation: a guessing stranger must not turn the alert addresses into a mail flood.
Status AlertFailedLogin(storage::Tx& tx, const User& u, std::string_view ip, Timestamp now) {
  TRY(bool for_person, CountInWindow(tx, "mail:failed_login:user:" + std::to_string(u.id.value),
                                     kFailedLoginAlertsPerPerson, now));
  if (!for_person) return Ok();
  TRY(bool for_org, CountInWindow(tx, "mail:failed_login:org:" + std::to_string(u.org.value),
                                  kFailedLoginAlertsPerOrg, now));
  if (!for_org) return Ok();
  Alert alert{AlertType::kFailedLogin, EmailKind::kFailedLogin,
              "failed_login:" + std::to_string(u.id.value) + ":" + std::to_string(now.micros),
              {}};
  alert.data.user_email = u.email;
  alert.data.ip = std::string(ip);
  alert.data.when = now;
  return QueueAlert(tx, u.org, alert, now);
}

}  // namespace

std::string SignAccessToken(const AccessClaims& c, std::string_view key) {
  json::object payload;
  payload["token_type"] = "access";
  payload["exp"] = c.expires_at.seconds();
  payload["iat"] = c.issued_at.seconds();
  // The exact issue time, so a password change refuses tokens issued even a moment before it.
  payload["iat_us"] = c.issued_at.micros;
  payload["jti"] = c.jti;
  payload["user_id"] = c.user.value;
  payload["user_type"] = ToString(c.type);
  payload["reseller_id"] = c.org.value;
  if (c.client) payload["client_id"] = c.client->value;
  json::array groups;
  if (c.group) groups.emplace_back(GroupName(*c.group));
  payload["user_groups"] = std::move(groups);
  payload["email"] = c.email;
  if (c.acting_user) {
    payload["acting_user_id"] = c.acting_user->value;
    payload["acting_user_email"] = c.acting_email;
  }
  std::string signing_input = crypto::Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                              crypto::Base64UrlEncode(json::serialize(payload));
  return signing_input + "." + crypto::Base64UrlEncode(crypto::HmacSha256(key, signing_input));
}

Result<AccessClaims> VerifyAccessToken(std::string_view token, std::string_view key,
                                       Timestamp now) {
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.size() > 4096) return Unauthenticated();
  std::string_view signing_input = token.substr(0, dot2);
  std::string signature;
  if (!crypto::Base64UrlDecode(token.substr(dot2 + 1), signature) ||
      !crypto::ConstantTimeEquals(signature, crypto::HmacSha256(key, signing_input)))
    return Unauthenticated();
  std::string header, payload_text;
  if (!crypto::Base64UrlDecode(token.substr(0, dot1), header) ||
      !crypto::Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1), payload_text))
    return Unauthenticated();
  try {
    json::object p = json::parse(payload_text).as_object();
    if (p.at("token_type").as_string() != "access") return Unauthenticated();
    AccessClaims c;
    c.expires_at = Timestamp::FromSeconds(p.at("exp").as_int64());
    c.issued_at = Timestamp::FromSeconds(p.at("iat").as_int64());
    if (auto* us = p.if_contains("iat_us")) c.issued_at = Timestamp{us->as_int64()};
    if (now >= c.expires_at) return Unauthenticated();
    c.jti = p.at("jti").as_string();
    c.user = UserId{p.at("user_id").as_int64()};
    c.org = OrgId{p.at("reseller_id").as_int64()};
    auto type = ParseUserType(std::string_view(p.at("user_type").as_string()));
    if (!type) return Unauthenticated();
    c.type = *type;
    if (auto* v = p.if_contains("client_id")) c.client = ClientId{v->as_int64()};
    c.email = p.at("email").as_string();
    if (auto* v = p.if_contains("acting_user_id")) {
      c.acting_user = UserId{v->as_int64()};
      c.acting_email = p.at("acting_user_email").as_string();
    }
    return c;
  } catch (const std::exception&) {
    return Unauthenticated();
  }
}

AuthService::AuthService(storage::Database& db, std::string signing_key)
    : db_(db), signing_key_(std::move(signing_key)) {}

Result<std::string> AuthService::LoadSigningKey(storage::Database& db,
                                                std::string_view secret_key) {
  // Stored sealed with the secret key file, so a copy of the database alone can't mint tokens.
  // A key stored in plain (before sealing existed; exactly 32 bytes) is sealed in place and kept,
  // so the tokens it signed stay valid.
  static constexpr std::string_view kSealed = "sealed1:";
  std::string key;
  TRY_STATUS(db.Write([&](storage::Tx& tx) -> Status {
    TRY(auto stored, tx.GetSetting(kSigningKeySetting));
    if (stored && stored->size() != 32 && stored->starts_with(kSealed)) {
      if (crypto::Open(secret_key, std::string_view(*stored).substr(kSealed.size()), key))
        return Ok();
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the secret key file does not open the token signing key stored in the "
                       "database: start with the key file this database was first used with "
                       "(CLIENTELE_SECRET_KEY_FILE, --secret-key-file)");
    }
    key = stored ? *stored : crypto::RandomBytes(32);
    return tx.PutSetting(kSigningKeySetting, std::string(kSealed) + crypto::Seal(secret_key, key));
  }));
  return key;
}

Result<Caller> AuthService::CallerFor(storage::Tx& tx, const User& user, Timestamp) {
  if (!CanSignIn(user)) return Unauthenticated();
  if (user.client) {
    TRY(Client client, tx.GetClient(user.org, *user.client));
    if (client.deleted) return Unauthenticated();
    // Customer users belong to customer accounts. One in the reseller's own account could only
    // have been planted there (by an invitation the rules now refuse): it never signs in.
    if (client.is_reseller_account && user.type == UserType::kCommon) return Unauthenticated();
  }
  Caller c = CallerOf(user);
  // The roles table needs the reseller's own account only to keep sellers from changing it
  // (domain/roles.cc): a reseller's is its own, and customers never need it, so only a
  // seller's request pays for the lookup.
  if (user.type == UserType::kReseller) {
    c.reseller_account = user.client;
  } else if (user.type == UserType::kSeller) {
    TRY(Organisation org, tx.GetOrganisation(user.org));
    c.reseller_account = org.reseller_client;
  }
  return c;
}

Result<TokenPair> AuthService::IssueTokens(storage::Tx& tx, const User& user,
                                           const std::optional<User>& acting, Timestamp now,
                                           std::optional<Timestamp> acting_until) {
  AccessClaims claims;
  claims.user = user.id;
  claims.org = user.org;
  claims.type = user.type;
  claims.client = user.client;
  claims.group = user.group;
  claims.email = user.email;
  if (acting) {
    claims.acting_user = acting->id;
    claims.acting_email = acting->email;
  }
  claims.issued_at = now;
  Timestamp refresh_expiry = now.PlusSeconds(kRefreshTokenSeconds);
  claims.expires_at = now.PlusSeconds(kAccessTokenSeconds);
  if (acting) {
    refresh_expiry = acting_until.value_or(now.PlusSeconds(kImpersonationMaxSeconds));
    claims.expires_at = std::min(now.PlusSeconds(kImpersonationAccessSeconds), refresh_expiry);
  }
  claims.jti = crypto::RandomToken(12);
  TokenPair pair;
  pair.access = SignAccessToken(claims, signing_key_);
  pair.refresh = crypto::RandomToken(32);
  storage::RefreshSession session;
  session.org = user.org;
  session.user = user.id;
  if (acting) session.acting_user = acting->id;
  session.token_hash = crypto::Sha256(pair.refresh);
  session.expires_at = refresh_expiry;
  TRY(auto stored, tx.InsertRefreshSession(session));
  (void)stored;
  return pair;
}

Status AuthService::EnterPasswordCheck(std::optional<ConcurrencyLimit::Slot>& slot) {
  if (password_checks_.TryEnter(slot)) return Ok();
  Error e = MakeError(ErrorCode::kUnavailable,
                      "Too many passwords are being checked right now; try again in a second.");
  e.retry_after_seconds = 1;
  return e;
}

Status AuthService::SignInWith(std::string_view email_in, std::string_view password,
                               std::optional<OrgId> organisation, Timestamp now,
                               std::string_view ip, const SignedIn& signed_in) {
  FieldErrors errors;
  std::string email = validation::Trim(email_in);
  if (email.empty()) errors.Add("username", "This field is required.");
  if (password.empty()) errors.Add("password", "This field is required.");
  if (!errors.empty()) return errors.ToError();
  if (email.size() > validation::kMaxEmail || password.size() > 1024)
    return Unauthenticated(kBadCredentials);

  const std::string pair_key = SignInPairKey(email, ip);
  const std::string email_key = SignInAccountKey(email);
  std::vector<User> candidates;
  SignInBackoff backoff;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(candidates, tx.FindUsersForSignIn(email));
    TRY(backoff.pair, tx.GetThrottle(pair_key));
    TRY(backoff.account, tx.GetThrottle(email_key));
    return Ok();
  }));
  if (organisation)
    std::erase_if(candidates, [&](const User& u) { return u.org != *organisation; });

  // The same password work whatever the outcome (unknown e-mail, wrong password, locked pair),
  // so neither the answer nor its timing tells who exists. Outside any transaction: argon2 is
  // slow and must not hold the write lock.
  std::vector<User> matched, failed;
  {
    std::optional<ConcurrencyLimit::Slot> slot;
    TRY_STATUS(EnterPasswordCheck(slot));
    for (const auto& u : candidates) {
      bool right = false;
      if (u.password_hash.empty())  // invited, no password yet: the same time all the same
        (void)crypto::VerifyPassword(DummyHash(), password);
      else
        right = crypto::VerifyPassword(u.password_hash, password);
      (right ? matched : failed).push_back(u);
    }
    if (candidates.empty()) (void)crypto::VerifyPassword(DummyHash(), password);
  }
  if (backoff.Locked(now)) {
    Error e = MakeError(ErrorCode::kTooManyRequests, "");
    e.retry_after_seconds = backoff.RetryAfterSeconds(now);
    e.message = "Too many failed sign-in attempts. Try again in " +
                std::to_string(e.retry_after_seconds) + " seconds.";
    return e;
  }

  bool accepted = false;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    std::vector<User> usable;
    for (const auto& u : matched) {
      auto caller = CallerFor(tx, u, now);
      if (caller.ok()) usable.push_back(u);
      // Only a refusal makes a person unusable; a failing database is not a wrong password.
      else if (caller.error().code != ErrorCode::kUnauthenticated) return caller.error();
    }
    if (usable.size() > 1)
      return FieldError("reseller_id",
                        "This e-mail and password belong to people of several organisations; "
                        "add \"reseller_id\" to choose one.");
    if (usable.empty()) {
      // Re-read: another request may have counted a failure since.
      SignInBackoff fresh;
      TRY(fresh.pair, tx.GetThrottle(pair_key));
      TRY(fresh.account, tx.GetThrottle(email_key));
      TRY_STATUS(tx.PutThrottle(fresh.PairAfterFailure(pair_key, now)));
      TRY_STATUS(tx.PutThrottle(fresh.AccountAfterFailure(email_key, now)));
      for (const auto& u : failed) TRY_STATUS(AlertFailedLogin(tx, u, ip, now));
      return Ok();
    }
    TRY(User fresh, tx.GetUser(usable.front().org, usable.front().id));
    fresh.last_login_at = now;
    TRY_STATUS(tx.UpdateUser(fresh));
    TRY_STATUS(tx.DeleteThrottle(pair_key));
    TRY_STATUS(signed_in(tx, fresh));
    accepted = true;
    return Ok();
  }));
  if (!accepted) return Unauthenticated(kBadCredentials);
  return Ok();
}

Result<SignIn> AuthService::Login(std::string_view email, std::string_view password,
                                  std::optional<OrgId> organisation, Timestamp now,
                                  std::string_view ip) {
  std::optional<SignIn> result;
  TRY_STATUS(SignInWith(email, password, organisation, now, ip,
                        [&](storage::Tx& tx, const User& user) -> Status {
                          TRY(Caller caller, CallerFor(tx, user, now));
                          TRY(TokenPair tokens, IssueTokens(tx, user, std::nullopt, now));
                          result = SignIn{std::move(tokens), std::move(caller)};
                          return Ok();
                        }));
  return std::move(*result);
}

Result<WebSignIn> AuthService::CreateWebSession(storage::Tx& tx, const User& user,
                                                const std::optional<User>& acting,
                                                storage::Portal portal, Timestamp now) {
  TRY(Caller caller, CallerFor(tx, user, now));
  bool staff = user.type != UserType::kCommon;
  if (staff != (portal == storage::Portal::kAdmin))
    return Unauthenticated(staff ? "Resellers and sellers sign in to the Admin Portal."
                                 : "Customers sign in to the Customer Portal.");
  if (user.group == Group::kPurgePrefetchApi || user.group == Group::kPurgePrefetchApiWeb)
    return PermissionDenied("Your group has API access only.");
  WebSignIn out;
  out.session_token = crypto::RandomToken(32);
  out.csrf_token = crypto::RandomToken(24);
  storage::WebSession session;
  session.org = user.org;
  session.user = user.id;
  session.portal = portal;
  session.token_hash = crypto::Sha256(out.session_token);
  session.csrf_hash = crypto::Sha256(out.csrf_token);
  session.created_at = session.last_seen_at = now;
  session.expires_at = now.PlusSeconds(kWebSessionIdleSeconds);
  if (acting) {
    session.expires_at = now.PlusSeconds(kImpersonationMaxSeconds);  // short, never extended
    session.acting_user = acting->id;
    caller.acting_user = acting->id;
    caller.acting_email = acting->email;
  }
  TRY(auto stored, tx.InsertWebSession(session));
  caller.web_session = stored.id;
  out.caller = std::move(caller);
  return out;
}

Result<WebSignIn> AuthService::StartWebSession(std::string_view email, std::string_view password,
                                               std::optional<OrgId> organisation,
                                               storage::Portal portal, Timestamp now,
                                               std::string_view ip) {
  std::optional<WebSignIn> result;
  TRY_STATUS(SignInWith(email, password, organisation, now, ip,
                        [&](storage::Tx& tx, const User& user) -> Status {
                          TRY(result, CreateWebSession(tx, user, std::nullopt, portal, now));
                          return Ok();
                        }));
  return std::move(*result);
}

Result<SessionCaller> AuthService::AuthenticateWebSession(std::string_view token,
                                                          storage::Portal portal, Timestamp now) {
  if (token.empty() || token.size() > 256) return Unauthenticated();
  std::optional<SessionCaller> result;
  bool extend = false;
  storage::WebSession session;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    auto found = tx.FindWebSession(crypto::Sha256(token));
    if (!found.ok() || found->expires_at <= now || found->portal != portal) return Unauthenticated();
    session = *found;
    auto user = tx.GetUser(session.org, session.user);
    if (!user.ok()) return Unauthenticated();
    TRY(Caller caller, CallerFor(tx, *user, now));
    if (session.acting_user) {
      auto acting = tx.GetUser(session.org, *session.acting_user);
      if (!acting.ok() || !CanSignIn(*acting)) return Unauthenticated();
      caller.acting_user = acting->id;
      caller.acting_email = acting->email;
    }
    caller.web_session = session.id;
    result = SessionCaller{std::move(caller), session.csrf_hash};
    extend = !session.acting_user && session.last_seen_at.PlusSeconds(kTouchEverySeconds) < now;
    return Ok();
  }));
  if (extend)
    (void)db_.Write([&](storage::Tx& tx) {
      return tx.ExtendWebSession(session.id, now, now.PlusSeconds(kWebSessionIdleSeconds));
    });
  return std::move(*result);
}

Status AuthService::EndSessionsOf(storage::Tx& tx, User& user, std::optional<SessionId> keep,
                                  Timestamp now) {
  user.sessions_valid_after = now;
  TRY_STATUS(tx.UpdateUser(user));
  return tx.EndSessions(user.org, user.id, keep);
}

Result<SignedInPerson> AuthService::Whoami(const Caller& caller) {
  SignedInPerson out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out.user, tx.GetUser(caller.org, caller.user));
    if (out.user.client && out.user.type == UserType::kCommon) {
      TRY(Client c, tx.GetClient(caller.org, *out.user.client));
      out.company = c.company_name;
    }
    return Ok();
  }));
  return out;
}

Result<std::optional<Caller>> AuthService::EndWebSession(std::string_view token, Timestamp now) {
  std::optional<Caller> ended;
  if (token.empty() || token.size() > 256) return ended;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    auto found = tx.FindWebSession(crypto::Sha256(token));
    if (!found.ok()) return Ok();  // already gone: signing out twice is fine
    if (found->expires_at > now) {
      auto user = tx.GetUser(found->org, found->user);
      if (user.ok()) {
        Caller c = CallerOf(*user);
        if (found->acting_user) {
          auto acting = tx.GetUser(found->org, *found->acting_user);
          c.acting_user = found->acting_user;
          if (acting.ok()) c.acting_email = acting->email;
        }
        ended = std::move(c);
      }
    }
    return tx.DeleteWebSession(found->id);
  }));
  return ended;
}

Result<TokenPair> AuthService::Refresh(std::string_view refresh_token, Timestamp now) {
  if (refresh_token.empty()) return FieldError("refresh", "This field is required.");
  if (refresh_token.size() > 256) return Unauthenticated("Refresh token is invalid or expired.");
  std::optional<TokenPair> pair;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    auto session = tx.FindRefreshSession(crypto::Sha256(refresh_token));
    if (!session.ok() || session->expires_at <= now || session->used_at)
      return Unauthenticated("Refresh token is invalid or expired.");
    TRY(bool first_use, tx.UseRefreshSession(session->org, session->id, now));
    if (!first_use) return Unauthenticated("Refresh token is invalid or expired.");
    auto user = tx.GetUser(session->org, session->user);
    if (!user.ok() || !CallerFor(tx, *user, now).ok())
      return Unauthenticated("Refresh token is invalid or expired.");
    std::optional<User> acting;
    if (session->acting_user) {
      auto a = tx.GetUser(session->org, *session->acting_user);
      if (!a.ok() || !CanSignIn(*a)) return Unauthenticated("Refresh token is invalid or expired.");
      acting = *a;
    }
    // Acting as a customer never outlives its first hour, however often it is refreshed.
    TRY(pair, IssueTokens(tx, *user, acting, now,
                          acting ? std::optional(session->expires_at) : std::nullopt));
    return Ok();
  });
  if (!st.ok()) return std::move(st).error();
  return std::move(*pair);
}

Result<Caller> AuthService::Authenticate(std::string_view header, Timestamp now) {
  std::string header_trimmed = validation::Trim(header);
  if (auto token = EqualsIgnoreCasePrefix(header_trimmed, "bearer"); !token.empty())
    return AuthenticateAccess(token, now);
  if (auto token = EqualsIgnoreCasePrefix(header_trimmed, "apikey"); !token.empty())
    return AuthenticateApiKey(token, now);
  return Unauthenticated();
}

Result<Caller> AuthService::AuthenticateAccess(std::string_view token, Timestamp now) {
  TRY(AccessClaims claims, VerifyAccessToken(token, signing_key_, now));
  std::optional<Caller> caller;
  // Each request re-reads the person, so blocking or deleting takes effect at once, and a
  // token from before a password change or a block is dead.
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    auto user = tx.GetUser(claims.org, claims.user);
    if (!user.ok()) return Unauthenticated();
    if (user->sessions_valid_after && claims.issued_at < *user->sessions_valid_after)
      return Unauthenticated();
    TRY(caller, CallerFor(tx, *user, now));
    if (claims.acting_user) {
      auto acting = tx.GetUser(claims.org, *claims.acting_user);
      if (!acting.ok() || !CanSignIn(*acting)) return Unauthenticated();
      caller->acting_user = acting->id;
      caller->acting_email = acting->email;
    }
    return Ok();
  }));
  return std::move(*caller);
}

Result<Caller> AuthService::AuthenticateApiKey(std::string_view token, Timestamp now) {
  auto sep = token.find_first_of("_$");
  if (sep == std::string_view::npos || token.size() > 256) return Unauthenticated();
  auto id = ParseInt(token.substr(0, sep));
  if (!id || *id < 1) return Unauthenticated();
  std::string secret_hash = crypto::Sha256(token.substr(sep + 1));
  std::optional<Caller> caller;
  bool touch = false;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    auto stored = tx.FindApiToken(TokenId{*id});
    if (!stored.ok() || stored->deleted || !crypto::ConstantTimeEquals(stored->secret_hash, secret_hash) ||
        (stored->expires_at && *stored->expires_at <= now))
      return Unauthenticated();
    auto user = tx.GetUser(stored->org, stored->user);
    if (!user.ok()) return Unauthenticated();
    TRY(caller, CallerFor(tx, *user, now));
    caller->api_token = stored->id;
    caller->client = stored->client;
    // A token never has more rights than its user has now (a demotion narrows it at once).
    if (caller->type == UserType::kCommon)
      caller->group = user->group ? NarrowerGroup(stored->role, *user->group) : Group::kUsers;
    touch = !stored->last_used_at || stored->last_used_at->PlusSeconds(kTouchEverySeconds) < now;
    return Ok();
  }));
  if (touch) {
    // Best effort: a busy database must not fail the request over a "last used" time.
    (void)db_.Write([&](storage::Tx& tx) { return tx.TouchApiToken(*caller->api_token, now); });
  }
  return std::move(*caller);
}

}  // namespace clientele
