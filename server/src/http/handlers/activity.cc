#include <boost/json.hpp>

#include "domain/activity.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"
#include "http/query/list_params.h"

namespace clientele::http::handlers {

Response ListActivity(Context& ctx) {
  auto q = query::ParseActivityQuery(ctx.request.query_params);
  if (!q) return ErrorResponse(q.error());
  auto page = ctx.services.activity.List(ctx.Who(), *q);
  if (!page) return ErrorResponse(page.error());
  boost::json::array items;
  for (const auto& e : page->items) items.push_back(json::EncodeActivity(e));
  return JsonResponse(PageEnvelope(ctx.request, page->count, q->limit, q->offset,
                                   std::move(items), "result"));
}

Response GetActivity(Context& ctx) {
  auto id = ParseId<ClientId>(ctx, "id");  // any positive integer id
  if (!id) return ErrorResponse(id.error());
  auto entry = ctx.services.activity.Get(ctx.Who(), id->value);
  if (!entry) return ErrorResponse(entry.error());
  return JsonResponse(json::EncodeActivity(*entry));
}

}  // namespace clientele::http::handlers
