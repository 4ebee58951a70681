#include <boost/json.hpp>

#include <stdexcept>

#include "domain/accounts.h"
#include "domain/validation.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"
#include "http/query/client_query_params.h"
#include "http/query/list_params.h"

namespace clientele::http::handlers {

namespace {

void ReadServices(const boost::json::object& body, NewAccountRequest& r) {
  const auto* v = body.if_contains("services");
  if (!v || v->is_null()) return;
  if (!v->is_array()) {
    r.type_errors.Add("services", "Must be a list of {\"product_name\", \"available\"}.");
    return;
  }
  for (const auto& item : v->as_array()) {
    if (!item.is_object()) {
      r.type_errors.Add("services", "Each entry must be an object {\"product_name\", \"available\"}.");
      return;
    }
    const auto& o = item.as_object();
    const auto* name = o.if_contains("product_name");
    const auto* available = o.if_contains("available");
    if (!name || !name->is_string()) {
      r.type_errors.Add("services", "Each entry needs a \"product_name\" string.");
      return;
    }
    if (available && !available->is_bool() && !available->is_null()) {
      r.type_errors.Add("services", "\"available\" must be true, false or null.");
      return;
    }
    std::optional<bool> value;
    if (available && available->is_bool()) value = available->as_bool();
    r.services.emplace_back(validation::ToUpperAscii(name->as_string()), value);
  }
}

}  // namespace

Response CreateAccount(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  NewAccountRequest r;
  r.email = json::ReadString(*body, "email", r.type_errors).value_or("");
  r.password = json::ReadString(*body, "password", r.type_errors).value_or("");
  r.company = json::ReadString(*body, "company", r.type_errors).value_or("");
  auto flatten = [](std::optional<std::optional<std::string>> v) {
    return v ? *v : std::optional<std::string>();
  };
  r.name = flatten(json::ReadNullableString(*body, "name", r.type_errors));
  r.phone = flatten(json::ReadNullableString(*body, "phone", r.type_errors));
  r.lang = flatten(json::ReadNullableString(*body, "lang", r.type_errors));
  r.custom_id = flatten(json::ReadNullableString(*body, "custom_id", r.type_errors));
  r.country_code = flatten(json::ReadNullableString(*body, "country_code", r.type_errors));
  r.user_type = flatten(json::ReadNullableString(*body, "user_type", r.type_errors));
  if (auto seller = json::ReadNullableInt(*body, "seller", r.type_errors); seller && *seller)
    r.seller = **seller;
  r.is_test = json::ReadBool(*body, "is_test", r.type_errors).value_or(false);
  ReadServices(*body, r);
  auto created = ctx.services.accounts.Create(ctx.Who(), r, ctx.now);
  if (!created) return ErrorResponse(created.error());
  return JsonResponse(json::EncodeUser(created->user, created->client.company_name), 201);
}

Response ListClients(Context& ctx) {
  // The query's product filters need the catalog, so the domain hands it to the parser.
  auto query = ctx.services.accounts.Prepare(
      ctx.Who(), [&](const std::vector<std::string>& products) -> Result<ClientQuery> {
        return query::ParseClientQuery(ctx.request.query_params, ctx.Who().org, products);
      });
  if (!query) return ErrorResponse(query.error());
  if (!query->limit) {
    // Every match, however many: a JSON array written as it is read, slice by slice.
    Response r;
    r.stream = [&accounts = ctx.services.accounts, caller = ctx.Who(),
                q = std::move(*query)](BodyWriter& out) {
      bool first = true;
      bool open = out.Write("[");
      std::string text;
      Status st = accounts.Stream(caller, q, [&](const std::vector<ClientView>& slice) {
        text.clear();
        for (const auto& view : slice) {
          if (!first) text += ',';
          first = false;
          json::Writer w(text);
          json::WriteClient(w, view);
        }
        open = open && out.Write(text);
        return open;
      });
      // After the first byte the status can't change: cut the body short instead, so the
      // client sees invalid JSON rather than a list that looks whole.
      if (!st.ok()) throw std::runtime_error("account list stream: " + st.error().message);
      if (open) out.Write("]");
    };
    return r;
  }
  auto listing = ctx.services.accounts.List(ctx.Who(), *query);
  if (!listing) return ErrorResponse(listing.error());
  std::string items;
  json::Writer w(items);
  w.BeginArray();
  for (const auto& view : listing->items) json::WriteClient(w, view);
  w.EndArray();
  return PageResponse(ctx.request, listing->count.value_or(0), *query->limit, query->offset,
                      std::move(items));
}

Response GetClient(Context& ctx) {
  auto id = ParseId<ClientId>(ctx, "clientId");
  if (!id) return ErrorResponse(id.error());
  auto view = ctx.services.accounts.Get(ctx.Who(), *id);
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(json::EncodeClient(*view));
}

Response UpdateClient(Context& ctx) {
  auto id = ParseId<ClientId>(ctx, "clientId");
  if (!id) return ErrorResponse(id.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  ClientPatch p;
  p.email = json::ReadString(*body, "email", p.type_errors);
  p.company_name = json::ReadString(*body, "companyName", p.type_errors);
  p.name = json::ReadNullableString(*body, "name", p.type_errors);
  p.phone = json::ReadNullableString(*body, "phone", p.type_errors);
  p.website = json::ReadNullableString(*body, "website", p.type_errors);
  p.custom_id = json::ReadNullableString(*body, "custom_id", p.type_errors);
  p.country_code = json::ReadNullableString(*body, "country_code", p.type_errors);
  p.seller = json::ReadNullableInt(*body, "seller", p.type_errors);
  p.lang = json::ReadString(*body, "lang", p.type_errors);
  p.is_test = json::ReadBool(*body, "is_test", p.type_errors);
  p.status = json::ReadString(*body, "status", p.type_errors);
  auto view = ctx.services.accounts.Update(ctx.Who(), *id, p, ctx.now);
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(json::EncodeClient(*view));
}

Response ListStatusChanges(Context& ctx) {
  auto q = query::ParseStatusChangeQuery(ctx.request.query_params);
  if (!q) return ErrorResponse(q.error());
  auto page = ctx.services.accounts.StatusChanges(ctx.Who(), *q);
  if (!page) return ErrorResponse(page.error());
  boost::json::array items;
  for (const auto& c : page->items) items.push_back(json::EncodeStatusChange(c));
  return JsonResponse(PageEnvelope(ctx.request, page->count, q->limit, q->offset,
                                   std::move(items), "result"));
}

}  // namespace clientele::http::handlers
