#include "domain/api_tokens.h"

#include "crypto/crypto.h"
#include "domain/validation.h"

namespace clientele {
namespace {

// Only the caller's own account; anything else looks like it does not exist.
Status RequireOwnAccount(const Caller& caller, ClientId client) {
  if (!caller.client || *caller.client != client) return NotFound();
  return Ok();
}

bool MayManage(const Caller& caller) {
  return caller.IsStaff() || caller.group == Group::kAdministrators;
}

// A reseller's or seller's token carries its issuer's full rights, so it can only say so.
bool MayIssue(const Caller& caller, Group role) {
  return !caller.IsStaff() || role == Group::kAdministrators;
}

}  // namespace

Result<IssuedApiToken> ApiTokenService::Create(const Caller& caller, ClientId client,
                                               const NewApiToken& r, char separator,
                                               Timestamp now) {
  TRY_STATUS(RequireOwnAccount(caller, client));
  if (!MayManage(caller)) return PermissionDenied();
  FieldErrors errors = r.type_errors;
  if (!errors.Has("name"))
    if (auto bad = validation::CheckText(r.name, 1, 255)) errors.Add("name", *bad);
  if (r.description)
    if (auto bad = validation::CheckText(*r.description, 0, 1000)) errors.Add("description", *bad);
  if (r.expires_at && *r.expires_at <= now) errors.Add("exp_date", "Must be in the future.");
  std::optional<Group> role;
  if (r.role_id) role = GroupFromId(*r.role_id);
  else if (r.role_name) role = GroupFromName(*r.role_name);
  if (!errors.Has("client_user")) {
    if (!r.role_id && !r.role_name)
      errors.Add("client_user", "Give the token's role: {\"role\": {\"id\": 1, \"name\": \"Administrators\"}}.");
    else if (!role)
      errors.Add("client_user", "Invalid role.");
    else if (r.role_id && r.role_name && GroupFromName(*r.role_name) != role)
      errors.Add("client_user", "The role's id and name do not match.");
    else if (!MayIssue(caller, *role))
      errors.Add("client_user", std::string("Can't create a token with role ") + GroupName(*role) + ".");
  }
  if (!errors.empty()) return errors.ToError();

  std::string secret = crypto::RandomToken(32);
  ApiToken draft;
  draft.org = caller.org;
  draft.client = client;
  draft.user = caller.user;
  draft.name = validation::Trim(r.name);
  draft.description = r.description;
  draft.role = *role;
  draft.secret_hash = crypto::Sha256(secret);
  draft.expires_at = r.expires_at;
  draft.created_at = now;
  std::optional<ApiToken> stored;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(stored, tx.InsertApiToken(draft));
    return Ok();
  }));
  std::string full = std::to_string(stored->id.value) + separator + secret;
  return IssuedApiToken{std::move(*stored), std::move(full)};
}

Result<std::vector<ApiToken>> ApiTokenService::List(const Caller& caller, ClientId client,
                                                    bool include_deleted) {
  TRY_STATUS(RequireOwnAccount(caller, client));
  std::vector<ApiToken> tokens;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(tokens, tx.ListApiTokens(caller.org, client, include_deleted));
    return Ok();
  }));
  // Administrators and staff see every token of the account; others only their own.
  if (!MayManage(caller))
    std::erase_if(tokens, [&](const ApiToken& t) { return t.user != caller.user; });
  return tokens;
}

Result<ApiToken> ApiTokenService::Get(const Caller& caller, ClientId client, TokenId id) {
  TRY_STATUS(RequireOwnAccount(caller, client));
  std::optional<ApiToken> token;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(token, tx.GetApiToken(caller.org, client, id));
    return Ok();
  }));
  if (!MayManage(caller) && token->user != caller.user) return NotFound();
  return std::move(*token);
}

Status ApiTokenService::Delete(const Caller& caller, ClientId client, TokenId id) {
  TRY_STATUS(RequireOwnAccount(caller, client));
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(ApiToken token, tx.GetApiToken(caller.org, client, id));
    if (token.deleted) return NotFound();
    if (!MayManage(caller) && token.user != caller.user) return NotFound();
    return tx.DeleteApiToken(caller.org, client, id);
  });
}

}  // namespace clientele
