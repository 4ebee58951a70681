#include <boost/json.hpp>

#include "domain/products.h"
#include "domain/validation.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"

namespace clientele::http::handlers {

namespace {

// A ProductAvailability object, or a list of them.
Result<std::vector<VisibilityChange>> ReadChanges(const std::string& body_text) {
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(body_text, ec);
  if (ec) return MakeError(ErrorCode::kInvalidArgument, "JSON parse error - " + ec.message());
  std::vector<const boost::json::value*> items;
  if (body.is_array())
    for (const auto& v : body.as_array()) items.push_back(&v);
  else
    items.push_back(&body);
  if (items.empty()) return FieldError("product_name", "Give at least one product.");
  std::vector<VisibilityChange> changes;
  FieldErrors errors;
  for (const auto* item : items) {
    if (!item->is_object()) {
      errors.Add("product_name", "Send {\"product_name\": \"CDN\", \"available\": true} or a list of them.");
      break;
    }
    auto name = json::ReadString(item->as_object(), "product_name", errors);
    auto available = json::ReadBool(item->as_object(), "available", errors);
    if (!name && !errors.Has("product_name")) errors.Add("product_name", "This field is required.");
    if (!available && !errors.Has("available")) errors.Add("available", "This field is required.");
    if (name && available) changes.push_back({validation::ToUpperAscii(*name), *available});
  }
  if (!errors.empty()) return errors.ToError();
  return changes;
}

Result<std::vector<std::string>> ReadProductNames(const std::string& body_text) {
  auto body = json::ParseObject(body_text);
  if (!body) return body.error();
  const auto* names = body->if_contains("product_names");
  if (!names || !names->is_array() || names->as_array().empty())
    return FieldError("product_names", "Give a list of product names, e.g. [\"CDN\"].");
  std::vector<std::string> out;
  for (const auto& n : names->as_array()) {
    if (!n.is_string()) return FieldError("product_names", "Every entry must be a product name.");
    out.push_back(validation::ToUpperAscii(n.as_string()));
  }
  return out;
}

}  // namespace

Response GetDefaultVisibility(Context& ctx) {
  auto list = ctx.services.products.Defaults(ctx.Who());
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(json::EncodeVisibility(*list));
}

Response SetDefaultVisibility(Context& ctx) {
  auto changes = ReadChanges(ctx.request.body);
  if (!changes) return ErrorResponse(changes.error());
  auto list = ctx.services.products.SetDefaults(ctx.Who(), *changes, ctx.now);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(json::EncodeVisibility(*list));
}

Response GetClientVisibility(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto list = ctx.services.products.ClientVisibility(ctx.Who(), *client);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(json::EncodeVisibility(*list));
}

Response SetClientVisibility(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto changes = ReadChanges(ctx.request.body);
  if (!changes) return ErrorResponse(changes.error());
  auto list = ctx.services.products.SetClientVisibility(ctx.Who(), *client, *changes, ctx.now);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(json::EncodeVisibility(*list));
}

Response ResetClientVisibility(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto names = ReadProductNames(ctx.request.body);
  if (!names) return ErrorResponse(names.error());
  auto st = ctx.services.products.ResetClientVisibility(ctx.Who(), *client, *names, ctx.now);
  if (!st.ok()) return ErrorResponse(st.error());
  return NoContent();
}

Response ResetAllVisibility(Context& ctx) {
  auto names = ReadProductNames(ctx.request.body);
  if (!names) return ErrorResponse(names.error());
  auto st = ctx.services.products.ResetAllVisibility(ctx.Who(), *names, ctx.now);
  if (!st.ok()) return ErrorResponse(st.error());
  return NoContent();
}

Response ListServices(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto list = ctx.services.products.Services(ctx.Who(), *client);
  if (!list) return ErrorResponse(list.error());
  boost::json::array out;
  for (const auto& v : *list) out.push_back(json::EncodeService(v));
  return JsonResponse(out);
}

Response GetService(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto id = ParseId<ServiceId>(ctx, "serviceId");
  if (!id) return ErrorResponse(id.error());
  auto v = ctx.services.products.GetService(ctx.Who(), *client, *id);
  if (!v) return ErrorResponse(v.error());
  return JsonResponse(json::EncodeService(*v));
}

Response UpdateService(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto id = ParseId<ServiceId>(ctx, "serviceId");
  if (!id) return ErrorResponse(id.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  ServiceUpdate u;
  if (auto status = json::ReadString(*body, "status", u.type_errors)) {
    u.status = ParseProductStatus(*status);
    if (!u.status)
      u.type_errors.Add("status", "\"" + status->substr(0, 30) +
                                      "\" is not a product status: use trial, trialend, active "
                                      "or paused.");
  }
  u.enabled = json::ReadBool(*body, "enabled", u.type_errors);
  if (!u.status && !u.enabled && u.type_errors.empty())
    u.type_errors.Add("status", "Give the new status and/or \"enabled\".");
  auto v = ctx.services.products.UpdateService(ctx.Who(), *client, *id, u, ctx.now);
  if (!v) return ErrorResponse(v.error());
  return JsonResponse(json::EncodeService(*v));
}

Response RequestActivation(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto id = ParseId<ServiceId>(ctx, "serviceId");
  if (!id) return ErrorResponse(id.error());
  std::string message;
  if (!ctx.request.body.empty()) {
    auto body = json::ParseObject(ctx.request.body);
    if (!body) return ErrorResponse(body.error());
    FieldErrors errors;
    message = json::ReadString(*body, "message", errors).value_or("");
    if (!errors.empty()) return ErrorResponse(errors.ToError());
  }
  auto request = ctx.services.products.RequestActivation(ctx.Who(), *client, *id, message, ctx.now);
  if (!request) return ErrorResponse(request.error());
  boost::json::object out = json::EncodeActivationRequest(*request);
  out["status"] = "sent";
  return JsonResponse(out, 202);
}

}  // namespace clientele::http::handlers
