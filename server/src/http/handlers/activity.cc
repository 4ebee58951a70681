#include <boost/json.hpp>

#include "domain/activity.h"
#include "domain/client_query.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"

namespace clientele::http::handlers {

Response ListActivity(Context& ctx) {
  FieldErrors errors;
  storage::ActivityQuery q;
  std::optional<int64_t> limit;
  (void)ParsePaging(ctx.request.query_params, limit, q.offset, errors);
  if (limit) q.limit = *limit;
  for (const auto& [key, value] : ctx.request.query_params) {
    if (key == "client_id" || key == "client") {
      auto v = ParseInt(value);
      if (!v || *v < 1) errors.Add(key, "Must be an account id.");
      else q.client = ClientId{*v};
    } else if (key == "user_id" || key == "user") {
      auto v = ParseInt(value);
      if (!v || *v < 1) errors.Add(key, "Must be a user id.");
      else q.user = UserId{*v};
    } else if (key == "method") {
      std::string m = value;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (m != "POST" && m != "PUT" && m != "PATCH" && m != "DELETE")
        errors.Add(key, "Use POST, PUT, PATCH or DELETE: only changes are recorded.");
      else q.method = m;
    } else if (key == "path") {
      if (value.size() > 500) errors.Add(key, "Too long; at most 500 characters.");
      else if (!value.empty()) q.path_contains = value;
    } else if (key == "status_code") {
      auto v = ParseInt(value);
      if (!v || *v < 100 || *v > 599) errors.Add(key, "Must be an HTTP status code.");
      else q.status_code = static_cast<int>(*v);
    } else if (key == "requested_at_gte" || key == "requested_at_lte") {
      auto t = ParseRfc3339(value);
      if (!t) errors.Add(key, "Use an RFC 3339 date-time such as 2026-11-27T10:00:00Z, or a date.");
      else (key.ends_with("gte") ? q.from : q.to) = t;
    }
  }
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto page = ctx.services.activity.List(ctx.Who(), q);
  if (!page) return ErrorResponse(page.error());
  boost::json::array items;
  for (const auto& e : page->items) items.push_back(json::EncodeActivity(e));
  return JsonResponse(PageEnvelope(ctx.request, page->count, q.limit, q.offset, std::move(items),
                                   "result"));
}

Response GetActivity(Context& ctx) {
  auto id = ParseId<ClientId>(ctx, "id");  // any positive integer id
  if (!id) return ErrorResponse(id.error());
  auto entry = ctx.services.activity.Get(ctx.Who(), id->value);
  if (!entry) return ErrorResponse(entry.error());
  return JsonResponse(json::EncodeActivity(*entry));
}

}  // namespace clientele::http::handlers
