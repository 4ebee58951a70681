#include <boost/json.hpp>

#include "domain/activity.h"
#include <stdexcept>

#include "http/csv.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"
#include "http/query/list_params.h"

namespace clientele::http::handlers {

namespace {

std::string EventField(const boost::json::object& event, std::string_view key) {
  auto it = event.find(key);
  if (it == event.end()) return "";
  if (it->value().is_string()) return std::string(it->value().as_string());
  if (it->value().is_int64()) return std::to_string(it->value().as_int64());
  return "";
}

void CsvActivityRow(std::string& out, const ActivityEntry& e) {
  boost::json::object event;
  if (!e.event.empty()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(e.event, ec);
    if (!ec && v.is_object()) event = std::move(v.as_object());
  }
  csv::AppendRow(out, {std::to_string(e.id), FormatRfc3339(e.requested_at), e.user_email,
                       e.acting_user_email, e.subject ? std::to_string(e.subject->value) : "",
                       EventField(event, "action"), EventField(event, "target"),
                       EventField(event, "product"), e.method, e.path,
                       std::to_string(e.status_code), e.remote_ip});
}

// Every entry the filters match, newest first, a page at a time. Entries recorded after the
// export began are left out (requested_at_lte defaults to now), so pages don't shift under it.
Response ActivityCsv(Context& ctx, storage::ActivityQuery q) {
  if (!q.to) q.to = ctx.now;
  q.offset = 0;
  q.limit = 500;
  return csv::Stream("activity", [&activity = ctx.services.activity, caller = ctx.Who(),
                                  q](BodyWriter& out) mutable {
    std::string text;
    csv::AppendRow(text, {"id", "requested_at", "user_email", "acting_user_email", "account",
                          "action", "target", "product", "method", "path", "status_code",
                          "remote_ip"});
    if (!out.Write(text)) return;
    while (true) {
      auto page = activity.List(caller, q);
      if (!page) throw std::runtime_error("activity export: " + page.error().message);
      text.clear();
      for (const auto& e : page->items) CsvActivityRow(text, e);
      if (!text.empty() && !out.Write(text)) return;
      if (static_cast<int64_t>(page->items.size()) < q.limit) return;
      q.offset += q.limit;
    }
  });
}

}  // namespace

Response ListActivity(Context& ctx) {
  auto as_csv = csv::Wanted(ctx.request);
  if (!as_csv) return ErrorResponse(as_csv.error());
  auto q = query::ParseActivityQuery(ctx.request.query_params);
  if (!q) return ErrorResponse(q.error());
  if (*as_csv) return ActivityCsv(ctx, std::move(*q));
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
