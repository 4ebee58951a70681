#include "domain/auth.h"
#include "http/cookies.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"

// Browser sign-in for the two portals: an HttpOnly session cookie plus a CSRF token that
// state-changing requests echo in X-CSRF-Token (checked in http/api.cc).
namespace clientele::http::handlers {
Response StartSession(Context& ctx) {
  if (!HasJsonContentType(ctx.request)) return NotJsonResponse();
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto username = json::ReadString(*body, "username", errors);
  auto password = json::ReadString(*body, "password", errors);
  auto reseller = json::ReadInt(*body, "reseller_id", errors);
  auto portal_name = json::ReadString(*body, "portal", errors);
  storage::Portal portal = storage::Portal::kAdmin;
  if (portal_name && *portal_name == "customer")
    portal = storage::Portal::kCustomer;
  else if (portal_name && *portal_name != "admin")
    errors.Add("portal", "Use admin or customer.");
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto session = ctx.services.auth.StartWebSession(
      username.value_or(""), password.value_or(""),
      reseller ? std::optional(OrgId{*reseller}) : std::nullopt, portal, ctx.now,
      ctx.request.remote_ip);
  if (!session) return ErrorResponse(session.error());
  ctx.signed_in = session->caller;
  auto user = ctx.services.auth.Whoami(session->caller);
  if (!user) return ErrorResponse(user.error());
  auto out = json::EncodeSession(user->user, user->company, session->caller, portal);
  out["csrf_token"] = session->csrf_token;
  Response r = JsonResponse(out);
  r.AddHeader("Set-Cookie", SessionCookie(ctx.request, portal, session->session_token, kWebSessionIdleSeconds));
  r.AddHeader("Set-Cookie", CsrfCookie(ctx.request, portal, session->csrf_token, kWebSessionIdleSeconds));
  return r;
}

Response GetSession(Context& ctx) {
  auto user = ctx.services.auth.Whoami(ctx.Who());
  if (!user) return ErrorResponse(user.error());
  return JsonResponse(json::EncodeSession(user->user, user->company, ctx.Who(), PortalOf(ctx.request)));
}

Response EndSession(Context& ctx) {
  storage::Portal portal = PortalOf(ctx.request);
  if (auto token = CookieValue(ctx.request, SessionCookieName(ctx.request, portal))) {
    auto ended = ctx.services.auth.EndWebSession(*token, ctx.now);
    if (!ended) return ErrorResponse(ended.error());
    ctx.signed_in = *ended;  // the log records who signed out, and the end of acting
  }
  Response r = NoContent();
  r.AddHeader("Set-Cookie", SessionCookie(ctx.request, portal, "", 0));
  r.AddHeader("Set-Cookie", CsrfCookie(ctx.request, portal, "", 0));
  return r;
}

}  // namespace clientele::http::handlers
