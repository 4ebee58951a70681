#include <boost/json.hpp>

#include "domain/deletion.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"
#include "http/query/list_params.h"

namespace clientele::http::handlers {

namespace {

bool ReadConfirm(const Request& request, FieldErrors& errors, Result<boost::json::object>& body) {
  if (request.body.empty()) return false;
  body = json::ParseObject(request.body);
  if (!body) return false;
  return json::ReadBool(*body, "confirm", errors).value_or(false);
}

}  // namespace

Response RequestDeletion(Context& ctx) {
  FieldErrors errors;
  Result<boost::json::object> body = boost::json::object{};
  bool confirmed = ReadConfirm(ctx.request, errors, body);
  if (!body) return ErrorResponse(body.error());
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto r = ctx.services.deletion.Request(ctx.Who(), confirmed, ctx.now);
  if (!r) return ErrorResponse(r.error());
  return JsonResponse(json::EncodeDeletionRequest(*r), 201);
}

Response CurrentDeletion(Context& ctx) {
  auto r = ctx.services.deletion.Current(ctx.Who());
  if (!r) return ErrorResponse(r.error());
  // None open is the usual answer, not an error (a browser would log a 404 on every visit).
  if (!*r) return NoContent();
  return JsonResponse(json::EncodeDeletionRequest(**r));
}

Response ListOpenDeletionRequests(Context& ctx) {
  auto clients = query::ParseOpenDeletionQuery(ctx.request.query_params);
  if (!clients) return ErrorResponse(clients.error());
  auto list = ctx.services.deletion.OpenRequests(ctx.Who(), *clients);
  if (!list) return ErrorResponse(list.error());
  boost::json::array items;
  for (const auto& r : *list) items.push_back(json::EncodeDeletionRequest(r));
  return JsonResponse(items);
}

Response DeletionHistory(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto list = ctx.services.deletion.History(ctx.Who(), *client);
  if (!list) return ErrorResponse(list.error());
  boost::json::array items;
  boost::json::value current = nullptr;
  for (const auto& r : *list) {
    items.push_back(json::EncodeDeletionRequest(r));
    if (r.state == DeletionState::kPending) current = json::EncodeDeletionRequest(r);
  }
  boost::json::object out;
  out["current"] = std::move(current);
  out["history"] = std::move(items);
  return JsonResponse(out);
}

Response CancelDeletion(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  std::string note;
  if (!ctx.request.body.empty()) {
    auto body = json::ParseObject(ctx.request.body);
    if (!body) return ErrorResponse(body.error());
    FieldErrors errors;
    if (auto n = json::ReadNullableString(*body, "note", errors)) note = n->value_or("");
    if (!errors.empty()) return ErrorResponse(errors.ToError());
  }
  auto r = ctx.services.deletion.Cancel(ctx.Who(), *client, note, ctx.now);
  if (!r) return ErrorResponse(r.error());
  return JsonResponse(json::EncodeDeletionRequest(*r));
}

Response DeleteAccount(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  FieldErrors errors;
  Result<boost::json::object> body = boost::json::object{};
  bool confirmed = ReadConfirm(ctx.request, errors, body);
  if (!body) return ErrorResponse(body.error());
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto st = ctx.services.deletion.DeleteAccount(ctx.Who(), *client, confirmed, ctx.now);
  if (!st.ok()) return ErrorResponse(st.error());
  auto view = ctx.services.accounts.Get(ctx.Who(), *client);
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(json::EncodeClient(*view));
}

Response ListNotificationSettings(Context& ctx) {
  auto org = ParseId<OrgId>(ctx, "resellerId");
  if (!org) return ErrorResponse(org.error());
  auto list = ctx.services.deletion.Settings(ctx.Who(), *org);
  if (!list) return ErrorResponse(list.error());
  auto paging = query::ParsePaging(ctx.request.query_params);
  if (!paging) return ErrorResponse(paging.error());
  const int64_t offset = paging->offset;
  int64_t page_size = paging->limit.value_or(static_cast<int64_t>(list->size()) + 1);
  boost::json::array items;
  for (int64_t i = offset; i < static_cast<int64_t>(list->size()) && i < offset + page_size; ++i)
    items.push_back(json::EncodeNotificationSetting((*list)[static_cast<size_t>(i)]));
  return JsonResponse(PageEnvelope(ctx.request, static_cast<int64_t>(list->size()), page_size, offset,
                                   std::move(items)));
}

Response CreateNotificationSetting(Context& ctx) {
  auto org = ParseId<OrgId>(ctx, "resellerId");
  if (!org) return ErrorResponse(org.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  NotificationSetting d;
  d.type = json::ReadString(*body, "notification_type", errors).value_or("");
  d.email = json::ReadString(*body, "email", errors).value_or("");
  d.enabled = json::ReadBool(*body, "enabled", errors).value_or(true);
  auto s = ctx.services.deletion.AddSetting(ctx.Who(), *org, d, errors);
  if (!s) return ErrorResponse(s.error());
  return JsonResponse(json::EncodeNotificationSetting(*s), 201);
}

Response GetNotificationSetting(Context& ctx) {
  auto org = ParseId<OrgId>(ctx, "resellerId");
  if (!org) return ErrorResponse(org.error());
  auto id = ParseId<ClientId>(ctx, "notificationSettingsId");
  if (!id) return ErrorResponse(id.error());
  auto s = ctx.services.deletion.Setting(ctx.Who(), *org, id->value);
  if (!s) return ErrorResponse(s.error());
  return JsonResponse(json::EncodeNotificationSetting(*s));
}

Response UpdateNotificationSetting(Context& ctx) {
  auto org = ParseId<OrgId>(ctx, "resellerId");
  if (!org) return ErrorResponse(org.error());
  auto id = ParseId<ClientId>(ctx, "notificationSettingsId");
  if (!id) return ErrorResponse(id.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto type = json::ReadString(*body, "notification_type", errors);
  auto email = json::ReadString(*body, "email", errors);
  auto enabled = json::ReadBool(*body, "enabled", errors);
  if (ctx.request.method == "PUT" && (!type || !email)) {
    if (!type && !errors.Has("notification_type")) errors.Add("notification_type", "This field is required.");
    if (!email && !errors.Has("email")) errors.Add("email", "This field is required.");
  }
  auto s = ctx.services.deletion.UpdateSetting(ctx.Who(), *org, id->value, type, email, enabled, errors);
  if (!s) return ErrorResponse(s.error());
  return JsonResponse(json::EncodeNotificationSetting(*s));
}

Response DeleteNotificationSetting(Context& ctx) {
  auto org = ParseId<OrgId>(ctx, "resellerId");
  if (!org) return ErrorResponse(org.error());
  auto id = ParseId<ClientId>(ctx, "notificationSettingsId");
  if (!id) return ErrorResponse(id.error());
  auto st = ctx.services.deletion.RemoveSetting(ctx.Who(), *org, id->value);
  if (!st.ok()) return ErrorResponse(st.error());
  return NoContent();
}

}  // namespace clientele::http::handlers
