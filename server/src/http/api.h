#pragma once

#include <optional>
#include <string>

#include "core/rate_limiter.h"
#include "http/message.h"
#include "http/router.h"
#include "http/static_files.h"
#include "core/result.h"

namespace clientele::http {

// Request rates (token buckets), enforced by each instance on its own (docs/security.md,
// "Limits"). Over a limit: 429 with Retry-After.
inline constexpr Rate kRequestsPerAddress{600, 50};  // every request, per client address
// Sign-in (tokens and portal sessions), refresh, forgot password, set password with a link:
// each costs a password hash or mints a secret.
inline constexpr Rate kCredentialRequestsPerAddress{30, 0.5};
inline constexpr Rate kRequestsPerPerson{300, 20};  // authenticated requests, per person

struct RequestLimits {
  Rate per_address = kRequestsPerAddress;
  Rate credentials_per_address = kCredentialRequestsPerAddress;
  Rate per_person = kRequestsPerPerson;
};

// The request pipeline shared by every route: rate limits, routing, authentication, the
// handler, security headers and the activity log. Tenancy is established here once: handlers get
// a Caller whose organisation scopes everything they do.
class Api {
 public:
  // `web_root`: the portals' built bundle; empty serves the API only. `limits`: the documented
  // rates unless a test that is not about them needs others.
  Api(const Services& services, std::string web_root, RequestLimits limits = {})
      : services_(services),
        router_(BuildRoutes()),
        static_files_(std::move(web_root)),
        per_address_(limits.per_address),
        credentials_per_address_(limits.credentials_per_address),
        per_person_(limits.per_person) {}
  Response Handle(const Request& request) const;

 private:
  // `route_pattern`: the matched route's, which picks the body fields recorded as given.
  // Records `response` once its stream has ended, with the answer the stream left in
  // `response.recorded_answer` (a streamed change whose outcome only the stream knows).
  void RecordAfterStream(const Request& request, const Context& ctx, Response& response,
                         const std::string& route_pattern) const;
  void RecordActivity(const Request& request, const Context& ctx, const Response& response,
                      const std::string& route_pattern) const;
  // 429 if the client address is over its request rate (or its credential rate, for `route`s
  // that check passwords or mint secrets).
  std::optional<Response> LimitAddress(const Request& request, bool credential_route,
                                       Timestamp now) const;
  std::optional<Response> LimitPerson(const Caller& caller, Timestamp now) const;
  // Bearer/APIKey header, or a portal's session cookie (with its CSRF check; sets via_portal).
  Result<Caller> Authenticate(const Request& request, Timestamp now, bool& via_portal) const;

  const Services& services_;
  Router router_;
  StaticFiles static_files_;
  mutable RateLimiter per_address_;
  mutable RateLimiter credentials_per_address_;
  mutable RateLimiter per_person_;
};

}  // namespace clientele::http
