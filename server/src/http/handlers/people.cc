#include <boost/json.hpp>

#include "domain/accounts.h"
#include "domain/client_query.h"
#include "domain/people.h"
#include "domain/validation.h"
#include "http/cookies.h"
#include "http/csv.h"
#include "http/errors.h"
#include "http/handlers/common.h"
#include "http/handlers/handlers.h"
#include "http/json/codec.h"
#include "http/query/list_params.h"

namespace clientele::http::handlers {

namespace {

// A person's state as the portals' Status column says it.
const char* PersonState(const User& u) {
  return u.deleted ? "deleted" : u.blocked ? "blocked" : u.activated ? "active" : "invited";
}

std::optional<Group> ReadRole(const boost::json::object& body, const char* key, FieldErrors& errors) {
  const auto* role = body.if_contains(key);
  if (!role) return std::nullopt;
  // {"user_role": {"id": 2, "name": "Users"}} or {"user_role": {"user_role": {...}}}.
  if (role->is_object() && role->as_object().contains("user_role")) role = &role->as_object().at("user_role");
  if (!role->is_object()) {
    errors.Add(key, "Give the group as {\"id\": 2, \"name\": \"Users\"}.");
    return std::nullopt;
  }
  FieldErrors inner;
  auto id = json::ReadInt(role->as_object(), "id", inner);
  auto name = json::ReadString(role->as_object(), "name", inner);
  std::optional<Group> g = id ? GroupFromId(*id) : name ? GroupFromName(*name) : std::nullopt;
  if (!g || (id && name && GroupFromName(*name) != g)) {
    errors.Add(key, "Invalid role: use one of the five groups, e.g. {\"id\": 2, \"name\": \"Users\"}.");
    return std::nullopt;
  }
  return g;
}

NewSeller ReadSeller(const boost::json::object& body) {
  NewSeller s;
  s.email = json::ReadString(body, "email", s.type_errors).value_or("");
  s.full_name = json::ReadString(body, "full_name", s.type_errors).value_or("");
  if (auto phone = json::ReadNullableString(body, "phone", s.type_errors))
    s.phone = phone->value_or("");
  return s;
}

}  // namespace

Response GetMyAccount(Context& ctx) {
  auto view = ctx.services.accounts.Mine(ctx.Who());
  if (!view) return ErrorResponse(view.error());
  auto o = json::EncodeClient(*view);
  o["currentUser"] = ctx.Who().user.value;
  return JsonResponse(o);
}

Response ListAccountUsers(Context& ctx) {
  auto as_csv = csv::Wanted(ctx.request);
  if (!as_csv) return ErrorResponse(as_csv.error());
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto users = ctx.services.people.AccountUsers(ctx.Who(), *client);
  if (!users) return ErrorResponse(users.error());
  if (*as_csv) {
    // An account's people are few: the whole answer at once.
    std::string text;
    csv::AppendRow(text, {"id", "email", "name", "lang", "group", "status"});
    for (const auto& u : *users)
      csv::AppendRow(text, {std::to_string(u.id.value), u.email, u.name.value_or(""), u.lang,
                            u.group ? GroupName(*u.group) : "", PersonState(u)});
    return csv::Whole("users", std::move(text));
  }
  boost::json::array out;
  for (const auto& u : *users) out.push_back(json::EncodeUser(u, ""));
  return JsonResponse(out);
}

Response ListMyUsers(Context& ctx) {
  if (!ctx.Who().client) return ErrorResponse(NotFound());
  auto users = ctx.services.people.AccountUsers(ctx.Who(), *ctx.Who().client);
  if (!users) return ErrorResponse(users.error());
  auto paging = query::ParsePaging(ctx.request.query_params);
  if (!paging) return ErrorResponse(paging.error());
  const auto [limit, offset] = *paging;
  boost::json::array items;
  int64_t index = 0;
  for (const auto& u : *users) {
    if (!limit || (index >= offset && index < offset + *limit)) items.push_back(json::EncodeUser(u, ""));
    ++index;
  }
  if (!limit) return JsonResponse(items);
  return JsonResponse(PageEnvelope(ctx.request, static_cast<int64_t>(users->size()), *limit, offset,
                                   std::move(items)));
}

Response GetUser(Context& ctx) {
  auto id = ParseId<UserId>(ctx, "userId");
  if (!id) return ErrorResponse(id.error());
  auto u = ctx.services.people.GetUser(ctx.Who(), *id);
  if (!u) return ErrorResponse(u.error());
  return JsonResponse(json::EncodeUser(*u, ""));
}

Response UpdateUser(Context& ctx) {
  auto id = ParseId<UserId>(ctx, "userId");
  if (!id) return ErrorResponse(id.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  UserPatch p;
  p.email = json::ReadString(*body, "email", p.type_errors);
  p.name = json::ReadNullableString(*body, "name", p.type_errors);
  p.phone = json::ReadNullableString(*body, "phone", p.type_errors);
  p.lang = json::ReadString(*body, "lang", p.type_errors);
  if (const auto* groups = body->if_contains("groups")) {
    // The contract's shape: a list with one group object.
    if (groups->is_array() && groups->as_array().size() == 1 && groups->as_array()[0].is_object()) {
      boost::json::object wrapper;
      wrapper["groups"] = groups->as_array()[0];
      p.group = ReadRole(wrapper, "groups", p.type_errors);
    } else {
      p.type_errors.Add("groups", "Give one group: [{\"id\": 2, \"name\": \"Users\"}].");
    }
  }
  if (body->contains("user_role")) p.group = ReadRole(*body, "user_role", p.type_errors);
  auto u = ctx.services.people.UpdateUser(ctx.Who(), *id, p, ctx.now);
  if (!u) return ErrorResponse(u.error());
  return JsonResponse(json::EncodeUser(*u, ""));
}

static Response Block(Context& ctx, bool blocked) {
  bool seller = ctx.params.contains("sellerId");
  auto id = ParseId<UserId>(ctx, seller ? "sellerId" : "userId");
  if (!id) return ErrorResponse(id.error());
  auto u = ctx.services.people.SetBlocked(ctx.Who(), *id,
                                          seller ? UserType::kSeller : UserType::kCommon, blocked,
                                          ctx.now);
  if (!u) return ErrorResponse(u.error());
  return JsonResponse(u->type == UserType::kSeller ? json::EncodeSeller(*u) : json::EncodeUser(*u, ""));
}
Response BlockUser(Context& ctx) { return Block(ctx, true); }
Response ActivateUser(Context& ctx) { return Block(ctx, false); }

Response ChangePassword(Context& ctx) {
  auto id = ParseId<UserId>(ctx, "userId");
  if (!id) return ErrorResponse(id.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto old_pw = json::ReadString(*body, "old", errors);
  auto new_pw = json::ReadString(*body, "new", errors);
  auto repeated = json::ReadString(*body, "double", errors);
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto tokens = ctx.services.people.ChangePassword(ctx.Who(), *id, old_pw.value_or(""),
                                                   new_pw.value_or(""), repeated.value_or(""), ctx.now);
  if (!tokens) return ErrorResponse(tokens.error());
  return JsonResponse(json::EncodeTokenPair(*tokens));
}

Response InviteUser(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  NewInvitation r;
  r.email = json::ReadString(*body, "email", r.type_errors).value_or("");
  r.group = ReadRole(*body, "user_role", r.type_errors);
  if (auto n = json::ReadNullableString(*body, "name", r.type_errors)) r.name = *n;
  if (auto l = json::ReadNullableString(*body, "lang", r.type_errors)) r.lang = *l;
  r.client_id = json::ReadInt(*body, "client_id", r.type_errors);
  auto u = ctx.services.people.Invite(ctx.Who(), r, ctx.now);
  if (!u) return ErrorResponse(u.error());
  boost::json::object out;
  out["status"] = "sent";
  out["user_id"] = u->id.value;
  return JsonResponse(out);
}

Response GetClientUserRole(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto id = ParseId<UserId>(ctx, "userId");
  if (!id) return ErrorResponse(id.error());
  auto u = ctx.services.people.GetUser(ctx.Who(), *id);
  if (!u) return ErrorResponse(u.error());
  // Only customer users have a role in an account; staff are never "client users".
  if (u->client != *client || u->type != UserType::kCommon || !u->group)
    return ErrorResponse(NotFound());
  boost::json::object out;
  out["user_role"] = json::EncodeGroup(*u->group);
  return JsonResponse(out);
}

Response SetClientUserRole(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto id = ParseId<UserId>(ctx, "userId");
  if (!id) return ErrorResponse(id.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto group = ReadRole(*body, "user_role", errors);
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto st = ctx.services.people.SetGroup(ctx.Who(), *client, *id, group);
  if (!st.ok()) return ErrorResponse(st.error());
  return NoContent();
}

Response RevokeClientUser(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto id = ParseId<UserId>(ctx, "userId");
  if (!id) return ErrorResponse(id.error());
  auto st = ctx.services.people.RevokeAccess(ctx.Who(), *client, *id, ctx.now);
  if (!st.ok()) return ErrorResponse(st.error());
  return MessageResponse(200, "The user's access has been revoked.");
}

Response ForgotPassword(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto email = json::ReadString(*body, "email", errors);
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto st = ctx.services.people.ForgotPassword(email.value_or(""), ctx.now, ctx.request.remote_ip);
  if (!st.ok()) return ErrorResponse(st.error());
  boost::json::object out;
  out["status"] = "sent";
  return JsonResponse(out);
}

Response SetPasswordWithLink(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto token = json::ReadString(*body, "token", errors);
  auto password = json::ReadString(*body, "password", errors);
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto u = ctx.services.people.SetPasswordWithLink(token.value_or(""), password.value_or(""), ctx.now);
  if (!u) return ErrorResponse(u.error());
  boost::json::object out;
  out["status"] = "ok";
  out["email"] = u->email;
  out["portal"] = u->type == UserType::kCommon ? "customer" : "admin";
  return JsonResponse(out);
}

Response ListSellers(Context& ctx) {
  auto as_csv = csv::Wanted(ctx.request);
  if (!as_csv) return ErrorResponse(as_csv.error());
  auto q = query::ParseSellerQuery(ctx.request.query_params);
  if (!q) return ErrorResponse(q.error());
  if (*as_csv) {
    q->limit.reset();  // every match: an organisation's sellers are few
    q->offset = 0;
  }
  auto page = ctx.services.people.ListSellers(ctx.Who(), *q);
  if (!page) return ErrorResponse(page.error());
  if (*as_csv) {
    std::string text;
    csv::AppendRow(text, {"id", "full_name", "email", "phone", "status", "invited_at",
                          "last_login_at"});
    auto time = [](const std::optional<Timestamp>& t) { return t ? FormatRfc3339(*t) : ""; };
    for (const auto& u : page->items)
      csv::AppendRow(text, {std::to_string(u.id.value), u.name.value_or(""), u.email,
                            u.phone.value_or(""), PersonState(u), time(u.invited_at),
                            time(u.last_login_at)});
    return csv::Whole("sellers", std::move(text));
  }
  boost::json::array items;
  for (const auto& u : page->items) items.push_back(json::EncodeSeller(u));
  if (!q->limit) return JsonResponse(items);
  return JsonResponse(PageEnvelope(ctx.request, page->count, *q->limit, q->offset, std::move(items)));
}

Response CreateSeller(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  auto u = ctx.services.people.CreateSeller(ctx.Who(), ReadSeller(*body), ctx.now);
  if (!u) return ErrorResponse(u.error());
  return JsonResponse(json::EncodeSeller(*u), 201);
}

Response GetSeller(Context& ctx) {
  auto id = ParseId<UserId>(ctx, "sellerId");
  if (!id) return ErrorResponse(id.error());
  auto u = ctx.services.people.GetSeller(ctx.Who(), *id);
  if (!u) return ErrorResponse(u.error());
  return JsonResponse(json::EncodeSeller(*u));
}

Response UpdateSeller(Context& ctx) {
  auto id = ParseId<UserId>(ctx, "sellerId");
  if (!id) return ErrorResponse(id.error());
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  auto u = ctx.services.people.UpdateSeller(ctx.Who(), *id, ReadSeller(*body), ctx.now);
  if (!u) return ErrorResponse(u.error());
  return JsonResponse(json::EncodeSeller(*u));
}

Response DeleteSeller(Context& ctx) {
  auto id = ParseId<UserId>(ctx, "sellerId");
  if (!id) return ErrorResponse(id.error());
  auto st = ctx.services.people.DeleteSeller(ctx.Who(), *id, ctx.now);
  if (!st.ok()) return ErrorResponse(st.error());
  return NoContent();
}

static Response EmailAction(Context& ctx, bool renew) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto email = json::ReadString(*body, "email", errors);
  if (!email && !errors.Has("email")) errors.Add("email", "This field is required.");
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto st = renew ? ctx.services.people.RenewInvitation(ctx.Who(), *email, ctx.now)
                  : ctx.services.people.ResetPasswordOf(ctx.Who(), *email, ctx.now);
  if (!st.ok()) return ErrorResponse(st.error());
  return MessageResponse(200, "OK.");
}
Response RenewInvitation(Context& ctx) { return EmailAction(ctx, true); }
Response ResetPassword(Context& ctx) { return EmailAction(ctx, false); }

Response ClientAdminToken(Context& ctx) {
  auto client = ParseId<ClientId>(ctx, "clientId");
  if (!client) return ErrorResponse(client.error());
  auto tokens = ctx.services.people.ImpersonateAccount(ctx.Who(), *client, ctx.now);
  if (!tokens) return ErrorResponse(tokens.error());
  return JsonResponse(json::EncodeTokenPair(*tokens));
}

Response UserToken(Context& ctx) {
  auto id = ParseId<UserId>(ctx, "userId");
  if (!id) return ErrorResponse(id.error());
  auto tokens = ctx.services.people.ImpersonateUser(ctx.Who(), *id, ctx.now);
  if (!tokens) return ErrorResponse(tokens.error());
  return JsonResponse(json::EncodeTokenPair(*tokens));
}

Response ImpersonateInPortal(Context& ctx) {
  auto body = json::ParseObject(ctx.request.body);
  if (!body) return ErrorResponse(body.error());
  FieldErrors errors;
  auto client = json::ReadInt(*body, "client_id", errors);
  if (!client && !errors.Has("client_id")) errors.Add("client_id", "This field is required.");
  if (!errors.empty()) return ErrorResponse(errors.ToError());
  auto session = ctx.services.people.ImpersonateInPortal(ctx.Who(), ClientId{*client}, ctx.now);
  if (!session) return ErrorResponse(session.error());
  boost::json::object out;
  out["portal"] = "customer";
  out["csrf_token"] = session->csrf_token;
  out["client_id"] = *client;
  Response r = JsonResponse(out);
  r.AddHeader("Set-Cookie", SessionCookie(ctx.request, storage::Portal::kCustomer,
                                          session->session_token, kImpersonationMaxSeconds));
  r.AddHeader("Set-Cookie", CsrfCookie(ctx.request, storage::Portal::kCustomer, session->csrf_token,
                                       kImpersonationMaxSeconds));
  return r;
}

}  // namespace clientele::http::handlers
