#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

// The storage port for the ways a person is signed in: refresh tokens, browser sessions, API
// tokens and one-time links. Secrets are stored hashed. Errors as in unit_of_work.h.
namespace clientele::storage {

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

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // One-time links.
  virtual Result<OneTimeToken> InsertOneTimeToken(const OneTimeToken& draft) = 0;
  virtual Result<OneTimeToken> FindOneTimeToken(const std::string& token_hash) = 0;
  // Marks it used; false if it already was (or it is not a link of `org`).
  virtual Result<bool> UseOneTimeToken(OrgId org, int64_t id, Timestamp now) = 0;
  // Earlier links of the same purpose stop working when a new one is sent.
  virtual Status ExpireOneTimeTokens(OrgId org, UserId user, LinkPurpose purpose,
                                     Timestamp now) = 0;

  // Refresh tokens (stored hashed, single use).
  virtual Result<RefreshSession> InsertRefreshSession(const RefreshSession& draft) = 0;
  virtual Result<RefreshSession> FindRefreshSession(const std::string& token_hash) = 0;
  // Marks the session used; false if it already was (a replay) or is not one of `org`.
  virtual Result<bool> UseRefreshSession(OrgId org, SessionId id, Timestamp now) = 0;
  virtual Result<int64_t> DeleteExpiredRefreshSessions(Timestamp now) = 0;

  // Browser sessions (cookie token and CSRF token stored hashed).
  virtual Result<WebSession> InsertWebSession(const WebSession& draft) = 0;
  virtual Result<WebSession> FindWebSession(const std::string& token_hash) = 0;
  virtual Status ExtendWebSession(SessionId id, Timestamp last_seen, Timestamp expires_at) = 0;
  virtual Status DeleteWebSession(SessionId id) = 0;
  virtual Result<int64_t> DeleteExpiredWebSessions(Timestamp now) = 0;

  // Ends every browser session (but `keep`) and refresh token of a person: after a password
  // change or reset, and when the person is blocked. API tokens are left alone.
  virtual Status EndSessions(OrgId org, UserId user, std::optional<SessionId> keep) = 0;
  // Ends every browser session and API token of a person (removed, deleted).
  virtual Status RevokeAccess(OrgId org, UserId user) = 0;

  // API tokens.
  virtual Result<ApiToken> InsertApiToken(const ApiToken& draft) = 0;
  // Any organisation: the token's own id comes from the presented secret.
  virtual Result<ApiToken> FindApiToken(TokenId id) = 0;
  virtual Result<ApiToken> GetApiToken(OrgId org, ClientId client, TokenId id) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens(OrgId org, ClientId client,
                                                      bool include_deleted) = 0;
  virtual Status DeleteApiToken(OrgId org, ClientId client, TokenId id) = 0;
  virtual Status TouchApiToken(TokenId id, Timestamp now) = 0;
};

}  // namespace clientele::storage
