#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "core/ids.h"
#include "core/result.h"
#include "http/message.h"
#include "http/router.h"

namespace clientele::http::handlers {

// A numeric path parameter; anything else is an id that cannot exist: 404.
template <typename IdType>
Result<IdType> ParseId(const Context& ctx, const std::string& name) {
  const std::string& text = ctx.Param(name);
  int64_t v = 0;
  if (text.empty() || text.size() > 18) return NotFound();
  for (char c : text) {
    if (c < '0' || c > '9') return NotFound();
    v = v * 10 + (c - '0');
  }
  if (v < 1) return NotFound();
  return IdType{v};
}

// Whether the body says it is JSON (application/json, any parameters). Sign-ins require it: an
// HTML form or a script of another site can send only form or text types without a CORS
// preflight, which is never granted, so no other site can make a browser sign in here.
// Answer NotJsonResponse() (http/errors.h) otherwise.
bool HasJsonContentType(const Request& request);

// {"count", "next", "previous", <results_key>} with absolute links that keep the other parameters.
boost::json::object PageEnvelope(const Request& request, int64_t count, int64_t limit,
                                 int64_t offset, boost::json::array items,
                                 const char* results_key = "results");
// The same envelope answered with `items`, a JSON array already written (json::Writer).
Response PageResponse(const Request& request, int64_t count, int64_t limit, int64_t offset,
                      std::string items, const char* results_key = "results");

}  // namespace clientele::http::handlers
