#include <boost/json.hpp>

#include "domain/api_tokens.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"
#include "http/query/params.h"

namespace clientele::http::handlers {

namespace {

Response Create(Context& ctx, char separator) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  NewApiToken r;
  r.name = json::ReadString(*body, "name", r.type_errors).value_or("");
  if (auto d = json::ReadNullableString(*body, "description", r.type_errors); d) r.description = *d;
  if (auto exp = json::ReadNullableString(*body, "exp_date", r.type_errors); exp && *exp) {
    auto t = ParseRfc3339(**exp);
    if (!t) r.type_errors.Add("exp_date", "Use an RFC 3339 date-time such as 2027-01-01T00:00:00Z, or null.");
    else r.expires_at = t;
  }
  if (const auto* cu = body->if_contains("client_user")) {
    const boost::json::value* role = cu->is_object() ? cu->as_object().if_contains("role") : nullptr;
    if (!role || !role->is_object()) {
      r.type_errors.Add("client_user", "Give the token's role: {\"role\": {\"id\": 1, \"name\": \"Administrators\"}}.");
    } else {
      FieldErrors role_errors;
      r.role_id = json::ReadInt(role->as_object(), "id", role_errors);
      r.role_name = json::ReadString(role->as_object(), "name", role_errors);
      if (!role_errors.empty()) r.type_errors.Add("client_user", "Invalid role.");
    }
  }
  auto issued = ctx.services.tokens.Create(ctx.Who(), *client, r, separator, ctx.now);
  if (!issued) return ErrorResponse(issued.error());
  auto out = json::EncodeApiToken(issued->token, ctx.now);
  out["token"] = issued->secret;
  return JsonResponse(out);
}

}  // namespace

Response CreateApiToken(Context& ctx) { return Create(ctx, '$'); }
Response CreateApiTokenV2(Context& ctx) { return Create(ctx, '_'); }

Response ListApiTokens(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  bool include_deleted = false;
  if (auto d = ctx.request.Query("deleted")) {
    FieldErrors errors;
    auto b = query::ReadBool("deleted", *d, errors);
    if (!b) return ErrorResponse(errors.ToError());
    include_deleted = *b;
  }
  auto tokens = ctx.services.tokens.List(ctx.Who(), *client, include_deleted);
  if (!tokens) return ErrorResponse(tokens.error());
  boost::json::array items;
  for (const auto& t : *tokens) items.push_back(json::EncodeApiToken(t, ctx.now));
  return JsonResponse(items);
}

Response GetApiToken(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto id = ParseId<TokenId>(ctx, "tokenId");
  if (!id) return ErrorResponse(id.error());
  auto token = ctx.services.tokens.Get(ctx.Who(), *client, *id);
  if (!token) return ErrorResponse(token.error());
  return JsonResponse(json::EncodeApiToken(*token, ctx.now));
}

Response DeleteApiToken(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto id = ParseId<TokenId>(ctx, "tokenId");
  if (!id) return ErrorResponse(id.error());
  auto st = ctx.services.tokens.Delete(ctx.Who(), *client, *id);
  if (!st.ok()) return ErrorResponse(st.error());
  return NoContent();
}

}  // namespace clientele::http::handlers
