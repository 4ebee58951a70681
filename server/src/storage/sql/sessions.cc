#include <string>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// SessionStore: one-time links, refresh tokens, browser sessions and API tokens. Token hashes
// are stored as bytes (BLOB / bytea).
namespace clientele::storage::sql {
namespace {

const char* PurposeName(LinkPurpose p) {
  return p == LinkPurpose::kInvitation ? "invitation" : "password_reset";
}

}  // namespace

Result<OneTimeToken> SqlTx::InsertOneTimeToken(const OneTimeToken& t) {
  return Guard([&]() -> Result<OneTimeToken> {
    OneTimeToken out = t;
    out.id = s_.Int(
        "INSERT INTO one_time_tokens (org_id, user_id, purpose, token_hash, created_at, "
        "expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {Arg(t.org), Arg(t.user), Arg(PurposeName(t.purpose)), Blob(t.token_hash),
         Arg(t.created_at), Arg(t.expires_at)});
    return out;
  });
}

Result<OneTimeToken> SqlTx::FindOneTimeToken(const std::string& token_hash) {
  return Guard([&]() -> Result<OneTimeToken> {
    auto found = s_.First(
        "SELECT id, org_id, user_id, purpose, token_hash, created_at, expires_at, used_at "
        "FROM one_time_tokens WHERE token_hash = $1",
        {Blob(token_hash)}, [](const Row& s) {
          OneTimeToken t;
          t.id = s.Int(0);
          t.org = OrgId{s.Int(1)};
          t.user = UserId{s.Int(2)};
          t.purpose =
              s.Text(3) == "invitation" ? LinkPurpose::kInvitation : LinkPurpose::kPasswordReset;
          t.token_hash = s.Blob(4);
          t.created_at = s.Time(5);
          t.expires_at = s.Time(6);
          t.used_at = s.OptTime(7);
          return t;
        });
    if (!found) return NotFound();
    return *found;
  });
}

Result<bool> SqlTx::UseOneTimeToken(OrgId org, int64_t id, Timestamp now) {
  return Guard([&]() -> Result<bool> {
    return s_.Exec(
               "UPDATE one_time_tokens SET used_at = $2 WHERE id = $1 AND org_id = $3 "
               "AND used_at IS NULL",
               {Arg(id), Arg(now), Arg(org)}) == 1;
  });
}

Status SqlTx::ExpireOneTimeTokens(OrgId org, UserId user, LinkPurpose purpose, Timestamp now) {
  return Guard([&]() -> Status {
    s_.Exec(
        "UPDATE one_time_tokens SET expires_at = $3 WHERE user_id = $1 AND purpose = $2 "
        "AND used_at IS NULL AND expires_at > $3 AND org_id = $4",
        {Arg(user), Arg(PurposeName(purpose)), Arg(now), Arg(org)});
    return Ok();
  });
}

Result<RefreshSession> SqlTx::InsertRefreshSession(const RefreshSession& d) {
  return Guard([&]() -> Result<RefreshSession> {
    RefreshSession out = d;
    out.id = SessionId{s_.Int(
        "INSERT INTO refresh_sessions (org_id, user_id, acting_user_id, token_hash, expires_at) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
        {Arg(d.org), Arg(d.user), Arg(d.acting_user), Blob(d.token_hash), Arg(d.expires_at)})};
    return out;
  });
}

Result<RefreshSession> SqlTx::FindRefreshSession(const std::string& token_hash) {
  return Guard([&]() -> Result<RefreshSession> {
    auto found = s_.First(
        "SELECT id, org_id, user_id, acting_user_id, token_hash, expires_at, used_at "
        "FROM refresh_sessions WHERE token_hash = $1",
        {Blob(token_hash)}, [](const Row& s) {
          RefreshSession r;
          r.id = SessionId{s.Int(0)};
          r.org = OrgId{s.Int(1)};
          r.user = UserId{s.Int(2)};
          if (auto v = s.OptInt(3)) r.acting_user = UserId{*v};
          r.token_hash = s.Blob(4);
          r.expires_at = s.Time(5);
          r.used_at = s.OptTime(6);
          return r;
        });
    if (!found) return NotFound();
    return *found;
  });
}

Result<bool> SqlTx::UseRefreshSession(OrgId org, SessionId id, Timestamp now) {
  return Guard([&]() -> Result<bool> {
    return s_.Exec(
               "UPDATE refresh_sessions SET used_at = $2 WHERE id = $1 AND org_id = $3 "
               "AND used_at IS NULL",
               {Arg(id), Arg(now), Arg(org)}) == 1;
  });
}

Result<int64_t> SqlTx::DeleteExpiredRefreshSessions(Timestamp now) {
  return Guard([&]() -> Result<int64_t> {
    return s_.Exec("DELETE FROM refresh_sessions WHERE expires_at < $1", {Arg(now)});
  });
}

Result<WebSession> SqlTx::InsertWebSession(const WebSession& d) {
  return Guard([&]() -> Result<WebSession> {
    WebSession out = d;
    out.id = SessionId{
        s_.Int("INSERT INTO web_sessions (org_id, user_id, acting_user_id, portal, token_hash, "
               "csrf_hash, created_at, expires_at, last_seen_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING id",
               {Arg(d.org), Arg(d.user), Arg(d.acting_user),
                Arg(d.portal == Portal::kAdmin ? "admin" : "customer"), Blob(d.token_hash),
                Blob(d.csrf_hash), Arg(d.created_at), Arg(d.expires_at)})};
    out.last_seen_at = d.created_at;
    return out;
  });
}

Result<WebSession> SqlTx::FindWebSession(const std::string& token_hash) {
  return Guard([&]() -> Result<WebSession> {
    auto found = s_.First(
        "SELECT id, org_id, user_id, acting_user_id, portal, token_hash, csrf_hash, created_at, "
        "expires_at, last_seen_at FROM web_sessions WHERE token_hash = $1",
        {Blob(token_hash)}, [](const Row& s) {
          WebSession w;
          w.id = SessionId{s.Int(0)};
          w.org = OrgId{s.Int(1)};
          w.user = UserId{s.Int(2)};
          if (auto v = s.OptInt(3)) w.acting_user = UserId{*v};
          w.portal = s.Text(4) == "admin" ? Portal::kAdmin : Portal::kCustomer;
          w.token_hash = s.Blob(5);
          w.csrf_hash = s.Blob(6);
          w.created_at = s.Time(7);
          w.expires_at = s.Time(8);
          w.last_seen_at = s.Time(9);
          return w;
        });
    if (!found) return NotFound();
    return *found;
  });
}

Status SqlTx::ExtendWebSession(SessionId id, Timestamp last_seen, Timestamp expires_at) {
  return Guard([&]() -> Status {
    s_.Exec("UPDATE web_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1",
            {Arg(id), Arg(last_seen), Arg(expires_at)});
    return Ok();
  });
}

Status SqlTx::DeleteWebSession(SessionId id) {
  return Guard([&]() -> Status {
    s_.Exec("DELETE FROM web_sessions WHERE id = $1", {Arg(id)});
    return Ok();
  });
}

Result<int64_t> SqlTx::DeleteExpiredWebSessions(Timestamp now) {
  return Guard([&]() -> Result<int64_t> {
    return s_.Exec("DELETE FROM web_sessions WHERE expires_at < $1", {Arg(now)});
  });
}

Status SqlTx::EndSessions(OrgId org, UserId user, std::optional<SessionId> keep) {
  return Guard([&]() -> Status {
    s_.Exec(
        "DELETE FROM web_sessions WHERE org_id = $1 AND user_id = $2 AND id IS DISTINCT FROM $3",
        {Arg(org), Arg(user), Arg(keep)});
    s_.Exec("DELETE FROM refresh_sessions WHERE org_id = $1 AND user_id = $2",
            {Arg(org), Arg(user)});
    return Ok();
  });
}

Status SqlTx::RevokeAccess(OrgId org, UserId user) {
  return Guard([&]() -> Status {
    s_.Exec("DELETE FROM web_sessions WHERE org_id = $1 AND user_id = $2", {Arg(org), Arg(user)});
    s_.Exec("DELETE FROM refresh_sessions WHERE org_id = $1 AND user_id = $2",
            {Arg(org), Arg(user)});
    s_.Exec("UPDATE api_tokens SET deleted = true WHERE org_id = $1 AND user_id = $2",
            {Arg(org), Arg(user)});
    return Ok();
  });
}

Result<ApiToken> SqlTx::InsertApiToken(const ApiToken& t) {
  return Guard([&]() -> Result<ApiToken> {
    int64_t id = s_.Int(
        "INSERT INTO api_tokens (org_id, client_id, user_id, name, description, role, "
        "secret_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
        "RETURNING id",
        {Arg(t.org), Arg(t.client), Arg(t.user), Arg(t.name), Arg(t.description),
         Arg(static_cast<int64_t>(t.role)), Blob(t.secret_hash), Arg(t.expires_at),
         Arg(t.created_at)});
    return FindApiToken(TokenId{id});
  });
}

Result<ApiToken> SqlTx::FindApiToken(TokenId id) {
  return Guard([&]() -> Result<ApiToken> {
    auto t = s_.First("SELECT " + std::string(kTokenColumns) +
                          " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1",
                      {Arg(id)}, ReadToken);
    if (!t) return NotFound();
    return *t;
  });
}

Result<ApiToken> SqlTx::GetApiToken(OrgId org, ClientId client, TokenId id) {
  return Guard([&]() -> Result<ApiToken> {
    auto t = s_.First("SELECT " + std::string(kTokenColumns) +
                          " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                          "WHERE t.id = $1 AND t.org_id = $2 AND t.client_id = $3",
                      {Arg(id), Arg(org), Arg(client)}, ReadToken);
    if (!t) return NotFound();
    return *t;
  });
}

Result<std::vector<ApiToken>> SqlTx::ListApiTokens(OrgId org, ClientId client,
                                                   bool include_deleted) {
  return Guard([&]() -> Result<std::vector<ApiToken>> {
    return s_.All("SELECT " + std::string(kTokenColumns) +
                      " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                      "WHERE t.org_id = $1 AND t.client_id = $2 AND ($3 OR " +
                      s_.dialect().Is("t.deleted", false) + ") ORDER BY t.id",
                  {Arg(org), Arg(client), Arg(include_deleted)}, ReadToken);
  });
}

Status SqlTx::DeleteApiToken(OrgId org, ClientId client, TokenId id) {
  return Guard([&]() -> Status {
    auto n = s_.Exec(
        "UPDATE api_tokens SET deleted = true WHERE id = $1 AND org_id = $2 AND client_id = $3 "
        "AND " +
            s_.dialect().Is("deleted", false),
        {Arg(id), Arg(org), Arg(client)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Status SqlTx::TouchApiToken(TokenId id, Timestamp now) {
  return Guard([&]() -> Status {
    s_.Exec("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {Arg(id), Arg(now)});
    return Ok();
  });
}

}  // namespace clientele::storage::sql
