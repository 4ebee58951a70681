#include "http/api.h"

#include <spdlog/spdlog.h>

#include "core/time.h"
#include "domain/activity.h"
#include "domain/auth.h"
#include "http/errors.h"
#include "http/json/codec.h"

namespace clientele::http {
namespace {

bool ChangesState(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

void AddSecurityHeaders(Response& r) {
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Referrer-Policy", "no-referrer");
  r.SetHeader("X-Frame-Options", "DENY");
  r.SetHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  r.SetHeader("Cache-Control", "no-store");
}

}  // namespace

Response Api::Handle(const Request& request) const {
  Context ctx{request, services_, {}, std::nullopt, services_.clock.Now(), std::nullopt};
  Response response;
  auto match = router_.Find(request.method, request.path);
  if (!match.handler) {
    if (match.allowed_methods.empty()) {
      response = MessageResponse(404, "Not found.");
    } else {
      response = MessageResponse(405, "Method \"" + request.method + "\" not allowed.");
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      response.SetHeader("Allow", allow);
    }
  } else {
    ctx.params = std::move(match.params);
    bool authorised = true;
    if (match.access == Access::kAuthenticated) {
      const std::string* header = request.Header("authorization");
      auto caller = header ? services_.auth.Authenticate(*header, ctx.now)
                           : Result<Caller>(MakeError(ErrorCode::kUnauthenticated,
                                                      "Authentication credentials were not "
                                                      "provided or are not valid."));
      if (caller.ok()) {
        ctx.caller = std::move(*caller);
      } else {
        response = ErrorResponse(caller.error());
        authorised = false;
      }
    }
    if (authorised) {
      try {
        response = match.handler(ctx);
      } catch (const std::exception& e) {
        spdlog::error("{} {} failed: {}", request.method, request.path, e.what());
        response = MessageResponse(500, "Internal server error.");
      }
    }
  }
  AddSecurityHeaders(response);
  if (ChangesState(request.method)) RecordActivity(request, ctx, response);
  return response;
}

void Api::RecordActivity(const Request& request, const Context& ctx,
                         const Response& response) const {
  const Caller* who = ctx.caller ? &*ctx.caller : ctx.signed_in ? &*ctx.signed_in : nullptr;
  if (!who) return;  // nobody to attribute it to, and no organisation to file it under
  ActivityEntry e;
  e.org = who->org;
  e.user = who->user;
  e.user_email = who->email;
  e.client = who->client;
  e.token = who->api_token;
  e.acting_user = who->acting_user;
  e.acting_user_email = who->acting_email;
  e.requested_at = ctx.now;
  e.method = request.method;
  e.path = request.path;
  e.query = request.query;
  e.body = json::RedactSecrets(request.body);
  e.status_code = response.status;
  e.remote_ip = request.remote_ip;
  if (const auto* host = request.Header("host")) e.host = *host;
  if (auto st = services_.activity.Record(e); !st.ok())
    spdlog::error("could not record activity for {} {}: {}", request.method, request.path,
                  st.error().message);
}

}  // namespace clientele::http
