#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "domain/accounts.h"
#include "domain/validation.h"
#include "http/csv.h"
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

// The columns of the account list's CSV, by the list's JSON names ("products": a
// <product>_status column per catalog product, in the catalog's order).
constexpr std::string_view kCsvColumns[] = {
    "id",   "companyName",  "email",   "name",   "phone",   "website",    "custom_id", "seller",
    "lang", "country_code", "is_test", "status", "deleted", "created_at", "products"};
constexpr std::string_view kDefaultCsvColumns =
    "id,companyName,email,name,status,products,seller,custom_id,created_at,is_test";

Result<std::vector<std::string>> CsvColumns(const Request& request) {
  std::string asked = request.Query("columns").value_or("");
  if (asked.empty()) asked = kDefaultCsvColumns;
  std::vector<std::string> columns;
  for (auto& c : query::SplitComma(asked)) {
    if (std::find(std::begin(kCsvColumns), std::end(kCsvColumns), c) == std::end(kCsvColumns))
      return FieldError("columns", "Unknown column \"" + c + "\": use " +
                                       std::string(kDefaultCsvColumns) +
                                       ", phone, website, lang, country_code or deleted.");
    columns.push_back(std::move(c));
  }
  return columns;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void CsvClientRow(std::string& out, const std::vector<std::string>& columns,
                  const std::vector<std::string>& catalogue, const ClientView& view) {
  const Client& c = view.client;
  std::vector<std::string> row;
  auto opt = [](const std::optional<std::string>& v) { return v.value_or(""); };
  for (const auto& col : columns) {
    if (col == "id") row.push_back(std::to_string(c.id.value));
    else if (col == "companyName") row.push_back(c.company_name);
    else if (col == "email") row.push_back(c.email);
    else if (col == "name") row.push_back(opt(c.name));
    else if (col == "phone") row.push_back(opt(c.phone));
    else if (col == "website") row.push_back(opt(c.website));
    else if (col == "custom_id") row.push_back(opt(c.custom_id));
    else if (col == "seller") row.push_back(c.seller ? std::to_string(c.seller->value) : "");
    else if (col == "lang") row.push_back(c.lang);
    else if (col == "country_code") row.push_back(opt(c.country_code));
    else if (col == "is_test") row.push_back(c.is_test ? "true" : "false");
    else if (col == "status") row.push_back(ToString(c.status));
    else if (col == "deleted") row.push_back(c.deleted ? "true" : "false");
    else if (col == "created_at") row.push_back(FormatRfc3339(c.created_at));
    else if (col == "products")
      for (const auto& product : catalogue) {
        std::string status;
        for (const auto& s : view.services)
          if (s.product == product) status = ToString(s.status);
        row.push_back(std::move(status));
      }
  }
  csv::AppendRow(out, row);
}

// Every match of the list's filters and ordering (paging ignored), as CSV written slice by
// slice, like the streamed JSON list.
Response ClientsCsv(Context& ctx, ClientQuery query, std::vector<std::string> catalogue) {
  auto columns = CsvColumns(ctx.request);
  if (!columns) return ErrorResponse(columns.error());
  query.limit.reset();
  query.offset = 0;
  return csv::Stream("accounts", [&accounts = ctx.services.accounts, caller = ctx.Who(),
                                  q = std::move(query), columns = std::move(*columns),
                                  catalogue = std::move(catalogue)](BodyWriter& out) {
    std::vector<std::string> header;
    for (const auto& col : columns) {
      if (col != "products") header.push_back(col);
      else
        for (const auto& p : catalogue) header.push_back(Lower(p) + "_status");
    }
    std::string text;
    csv::AppendRow(text, header);
    bool open = out.Write(text);
    Status st = accounts.Stream(caller, q, [&](const std::vector<ClientView>& slice) {
      text.clear();
      for (const auto& view : slice) CsvClientRow(text, columns, catalogue, view);
      open = open && out.Write(text);
      return open;
    });
    // After the first byte the status can't change: cut the body short instead.
    if (!st.ok()) throw std::runtime_error("account list stream: " + st.error().message);
  });
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
  auto as_csv = csv::Wanted(ctx.request);
  if (!as_csv) return ErrorResponse(as_csv.error());
  std::vector<std::string> catalogue;
  // The query's product filters need the catalog, so the domain hands it to the parser.
  auto query = ctx.services.accounts.Prepare(
      ctx.Who(), [&](const std::vector<std::string>& products) -> Result<ClientQuery> {
        catalogue = products;
        return query::ParseClientQuery(ctx.request.query_params, ctx.Who().org, products);
      });
  if (!query) return ErrorResponse(query.error());
  if (*as_csv) return ClientsCsv(ctx, std::move(*query), catalogue);
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
