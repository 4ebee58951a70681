#include <boost/json.hpp>

#include "domain/auth.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"

namespace clientele::http::handlers {

Response Login(Context& ctx) {
  if (!HasJsonContentType(ctx.request)) return NotJsonResponse();
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto username = json::ReadString(*body, "username", errors);
  auto password = json::ReadString(*body, "password", errors);
  auto reseller = json::ReadInt(*body, "reseller_id", errors);
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto signed_in = ctx.services.auth.Login(
      username.value_or(""), password.value_or(""),
      reseller ? std::optional(OrgId{*reseller}) : std::nullopt, ctx.now, ctx.request.remote_ip);
  if (!signed_in) return ErrorResponse(signed_in.error());
  ctx.signed_in = signed_in->caller;
  return JsonResponse(json::EncodeTokenPair(signed_in->tokens));
}

Response Refresh(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto refresh = json::ReadString(*body, "refresh", errors);
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto tokens = ctx.services.auth.Refresh(refresh.value_or(""), ctx.now);
  if (!tokens) return ErrorResponse(tokens.error());
  return JsonResponse(json::EncodeTokenPair(*tokens));
}

}  // namespace clientele::http::handlers
