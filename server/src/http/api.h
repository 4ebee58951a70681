#pragma once

#include "http/message.h"
#include "http/router.h"

namespace clientele::http {

// The request pipeline shared by every route: routing, authentication, the handler, security
// headers and the activity log. Tenancy is established here once: handlers get a Caller whose
// organisation scopes everything they do.
class Api {
 public:
  explicit Api(const Services& services) : services_(services), router_(BuildRoutes()) {}
  Response Handle(const Request& request) const;

 private:
  void RecordActivity(const Request& request, const Context& ctx, const Response& response) const;

  const Services& services_;
  Router router_;
};

}  // namespace clientele::http
