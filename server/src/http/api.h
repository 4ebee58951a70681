#pragma once

#include <string>

#include "http/message.h"
#include "http/router.h"
#include "http/static_files.h"
#include "core/result.h"

namespace clientele::http {

// The request pipeline shared by every route: routing, authentication, the handler, security
// headers and the activity log. Tenancy is established here once: handlers get a Caller whose
// organisation scopes everything they do.
class Api {
 public:
  // `web_root`: the portals' built bundle; empty serves the API only.
  Api(const Services& services, std::string web_root)
      : services_(services), router_(BuildRoutes()), static_files_(std::move(web_root)) {}
  Response Handle(const Request& request) const;

 private:
  // `route_pattern`: the matched route's, which picks the body fields recorded as given.
  void RecordActivity(const Request& request, const Context& ctx, const Response& response,
                      const std::string& route_pattern) const;
  // Bearer/APIKey header, or a portal's session cookie (with its CSRF check; sets via_portal).
  Result<Caller> Authenticate(const Request& request, Timestamp now, bool& via_portal) const;

  const Services& services_;
  Router router_;
  StaticFiles static_files_;
};

}  // namespace clientele::http
