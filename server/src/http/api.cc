#include "http/api.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/client_address.h"
#include "core/time.h"
#include "domain/activity.h"
#include "domain/auth.h"
#include "domain/roles.h"
#include "crypto/crypto.h"
#include "http/activity_event.h"
#include "http/compression.h"
#include "http/cookies.h"
#include "http/errors.h"
#include "http/json/codec.h"
#include "http/recorded_request.h"

namespace clientele::http {
namespace {

bool ChangesState(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

bool IsApiResponse(const Response& r) { return r.content_type.starts_with("application/json"); }

void AddSecurityHeaders(Response& r, bool portal_page) {
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Referrer-Policy", "no-referrer");
  r.SetHeader("X-Frame-Options", "DENY");
  if (portal_page) {
    // Ant Design injects its styles at run time, hence 'unsafe-inline' for styles only.
    r.SetHeader("Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                "form-action 'self'; frame-ancestors 'none'");
  } else {
    r.SetHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    r.SetHeader("Cache-Control", "no-store");
  }
}

// The request facts the roles table needs: whether the route's {userId} is the caller and its
// {clientId} the organisation's own account.
RequestFacts FactsOf(const Request& request, const Context& ctx, bool via_portal) {
  RequestFacts f;
  f.changes_state = ChangesState(request.method);
  f.via_portal = via_portal;
  const Caller& c = *ctx.caller;
  if (auto it = ctx.params.find("userId"); it != ctx.params.end())
    f.targets_self = it->second == std::to_string(c.user.value);
  if (auto it = ctx.params.find("clientId"); it != ctx.params.end() && c.reseller_account)
    f.targets_reseller_account = it->second == std::to_string(c.reseller_account->value);
  return f;
}

// A NUL or another control character in a query parameter would reach the database as a
// different string (SQLite's LIKE stops at a NUL: "email=%00" matched everything); nobody
// means one, so it is refused, naming the parameter.
Status CheckQueryText(const Request& request) {
  FieldErrors errors;
  for (const auto& [key, value] : request.query_params) {
    bool control = std::any_of(key.begin(), key.end(), IsControl) ||
                   std::any_of(value.begin(), value.end(), IsControl);
    if (control && !errors.Has(key)) errors.Add(key, "Must not contain control characters.");
  }
  if (errors.empty()) return Ok();
  return errors.ToError();
}

// Endpoints that check a password or mint a secret for whoever asks: the expensive ones a
// stranger can call.
bool IsCredentialRoute(const Request& request) {
  if (request.method != "POST") return false;
  std::string path = request.path;
  while (path.size() > 1 && path.back() == '/') path.pop_back();  // as the router does
  return path == "/iam/auth/jwt/login" || path == "/iam/auth/session" ||
         path == "/iam/auth/jwt/refresh" || path == "/iam/auth/password/forgot" ||
         path == "/iam/auth/password/set";
}

Response TooManyRequests(int64_t retry_after) {
  Error e = MakeError(ErrorCode::kTooManyRequests, "Too many requests. Try again in " +
                                                       std::to_string(retry_after) + " seconds.");
  e.retry_after_seconds = static_cast<int>(retry_after);
  return ErrorResponse(e);
}

const Error& NotSignedIn() {
  static const Error e = MakeError(ErrorCode::kUnauthenticated,
                                   "Authentication credentials were not provided or are not valid.");
  return e;
}

}  // namespace

Response Api::Handle(const Request& request) const {
  Context ctx{request, services_, {}, std::nullopt, services_.clock.Now(), std::nullopt};
  Response response;
  auto match = router_.Find(request.method, request.path);
  bool portal_page = false;
  if (auto limited = LimitAddress(request, match.route && IsCredentialRoute(request), ctx.now)) {
    response = std::move(*limited);
  } else if (!match.route && match.allowed_methods.empty()) {
    if (auto page = static_files_.Serve(request)) {
      response = std::move(*page);
      portal_page = true;
    } else {
      response = ErrorResponse(MakeError(ErrorCode::kNotFound, "Not found."));
    }
  } else if (!match.route) {
    response = MethodNotAllowedResponse(request.method, match.allowed_methods);
  } else {
    ctx.params = std::move(match.params);
    bool authorised = true;
    if (match.route->permission != Permission::kPublic) {
      bool via_portal = false;
      auto caller = Authenticate(request, ctx.now, via_portal);
      if (caller.ok()) ctx.caller = std::move(*caller);
      // Counted per person once the person is known, whatever the answer.
      std::optional<Response> over;
      if (ctx.caller) over = LimitPerson(*ctx.caller, ctx.now);
      Status allowed = !ctx.caller ? Status(caller.error())
                       : over      ? Ok()
                                   : Authorize(match.route->permission, *ctx.caller,
                                               FactsOf(request, ctx, via_portal));
      if (over || !allowed.ok()) {
        response = over ? std::move(*over) : ErrorResponse(allowed.error());
        authorised = false;
      }
    }
    if (authorised) {
      if (auto st = CheckQueryText(request); !st.ok()) {
        response = ErrorResponse(st.error());
        authorised = false;
      }
    }
    if (authorised) {
      try {
        response = match.route->handler(ctx);
      } catch (const std::exception& e) {
        // Logged by ErrorResponse; the caller sees only "Internal server error."
        response = ErrorResponse(MakeError(
            ErrorCode::kInternal, request.method + " " + request.path + " failed: " + e.what()));
      }
    }
  }
  AddSecurityHeaders(response, portal_page && !IsApiResponse(response));
  // Changes are recorded, and so is everything done while acting as a customer, reads
  // included, and the start of acting (SPEC §6).
  bool acting = ctx.caller && ctx.caller->acting_user;
  if (ChangesState(request.method) || acting ||
      (match.route && match.route->audit == Audit::kAlways)) {
    std::string pattern = match.route ? match.route->pattern : std::string();
    if (response.stream && response.recorded_answer)
      RecordAfterStream(request, ctx, response, pattern);
    else
      RecordActivity(request, ctx, response, pattern);
  }
  // The portals' files come precompressed (StaticFiles); the API's answers are gzipped here.
  if (!portal_page) CompressForClient(request, response);
  return response;
}

std::optional<Response> Api::LimitAddress(const Request& request, bool credential_route,
                                          Timestamp now) const {
  const std::string address = AddressKey(request.remote_ip);
  if (int64_t wait = per_address_.Take(address, now)) return TooManyRequests(wait);
  if (credential_route)
    if (int64_t wait = credentials_per_address_.Take(address, now)) return TooManyRequests(wait);
  return std::nullopt;
}

std::optional<Response> Api::LimitPerson(const Caller& caller, Timestamp now) const {
  // While acting as a customer, the staff member is the one sending the requests.
  UserId who = caller.acting_user.value_or(caller.user);
  if (int64_t wait = per_person_.Take(std::to_string(who.value), now)) return TooManyRequests(wait);
  return std::nullopt;
}

Result<Caller> Api::Authenticate(const Request& request, Timestamp now, bool& via_portal) const {
  if (const std::string* header = request.Header("authorization"))
    return services_.auth.Authenticate(*header, now);
  storage::Portal portal = PortalOf(request);
  auto cookie = CookieValue(request, SessionCookieName(request, portal));
  if (!cookie) return NotSignedIn();
  TRY(SessionCaller session, services_.auth.AuthenticateWebSession(*cookie, portal, now));
  // A cookie travels with any request the browser makes, including ones another site
  // triggers; only our own pages can read the CSRF token and echo it.
  if (ChangesState(request.method)) {
    const std::string* csrf = request.Header("x-csrf-token");
    if (!csrf || !crypto::ConstantTimeEquals(crypto::Sha256(*csrf), session.csrf_hash))
      return PermissionDenied("CSRF token missing or wrong: send the clientele csrf cookie's "
                              "value in X-CSRF-Token.");
  }
  via_portal = true;
  return std::move(session.caller);
}

void Api::RecordAfterStream(const Request& request, const Context& ctx, Response& response,
                            const std::string& route_pattern) const {
  // The stream runs after Handle has returned: it keeps its own copies of what the entry needs.
  auto record = [this, request, params = ctx.params, caller = ctx.caller,
                 signed_in = ctx.signed_in, now = ctx.now, status = response.status,
                 answer = response.recorded_answer, route_pattern] {
    Context later{request, services_, params, caller, now, signed_in};
    Response answered;
    answered.status = status;
    answered.body = *answer;
    RecordActivity(request, later, answered, route_pattern);
  };
  response.stream = [inner = std::move(response.stream), record](BodyWriter& out) {
    try {
      inner(out);
    } catch (...) {
      record();
      throw;
    }
    record();
  };
}

void Api::RecordActivity(const Request& request, const Context& ctx, const Response& response,
                         const std::string& route_pattern) const {
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
  e.query = RecordedQuery(request.query);
  e.body = RecordedBody(request.method, route_pattern, request.body);
  e.status_code = response.status;
  e.remote_ip = request.remote_ip;
  if (const auto* host = request.Header("host")) e.host = *host;
  RequestForLog described{request.method, route_pattern, &ctx.params, request.path, e.body,
                          response.status, response.body, std::nullopt, ctx.now};
  if (!who->IsStaff()) described.caller_account = who->client;
  ActivityEvent event = DescribeRequest(described);
  e.subject = event.account;
  e.event = std::move(event.json);
  if (auto st = services_.activity.Record(e); !st.ok())
    spdlog::error("could not record activity for {} {}: {}", request.method, request.path,
                  st.error().message);
}

}  // namespace clientele::http
