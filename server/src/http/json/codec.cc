#include "http/json/codec.h"

#include <boost/json.hpp>

namespace clientele::http::json {
namespace {

const char* TypeName(const bj::value& v) {
  switch (v.kind()) {
    case bj::kind::null: return "null";
    case bj::kind::bool_: return "a boolean";
    case bj::kind::int64:
    case bj::kind::uint64:
    case bj::kind::double_: return "a number";
    case bj::kind::string: return "a string";
    case bj::kind::array: return "a list";
    case bj::kind::object: return "an object";
  }
  return "something else";
}

std::string Key(std::string_view k) { return std::string(k); }

bj::value OptString(const std::optional<std::string>& s) {
  return s ? bj::value(*s) : bj::value(nullptr);
}

}  // namespace

Result<bj::object> ParseObject(std::string_view body) {
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec);
  if (ec) return MakeError(ErrorCode::kInvalidArgument, "JSON parse error - " + ec.message());
  if (!v.is_object())
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("JSON parse error - expected an object, got ") + TypeName(v) + ".");
  return std::move(v.as_object());
}

std::optional<std::string> ReadString(const bj::object& o, std::string_view key, FieldErrors& errors) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  errors.Add(Key(key), v->is_null() ? "This field may not be null."
                                    : std::string("Must be a string, not ") + TypeName(*v) + ".");
  return std::nullopt;
}

std::optional<std::optional<std::string>> ReadNullableString(const bj::object& o,
                                                             std::string_view key,
                                                             FieldErrors& errors) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  if (v->is_string()) return std::optional<std::string>(std::string(v->as_string()));
  errors.Add(Key(key), std::string("Must be a string or null, not ") + TypeName(*v) + ".");
  return std::nullopt;
}

std::optional<bool> ReadBool(const bj::object& o, std::string_view key, FieldErrors& errors) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_bool()) return v->as_bool();
  errors.Add(Key(key), std::string("Must be true or false, not ") + TypeName(*v) + ".");
  return std::nullopt;
}

std::optional<int64_t> ReadInt(const bj::object& o, std::string_view key, FieldErrors& errors) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX) return static_cast<int64_t>(v->as_uint64());
  errors.Add(Key(key), std::string("Must be a whole number, not ") + TypeName(*v) + ".");
  return std::nullopt;
}

std::optional<std::optional<int64_t>> ReadNullableInt(const bj::object& o, std::string_view key,
                                                      FieldErrors& errors) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>();
  auto i = ReadInt(o, key, errors);
  if (!i) return std::nullopt;
  return std::optional<int64_t>(*i);
}

bj::value Time(const std::optional<Timestamp>& t) {
  return t ? bj::value(FormatRfc3339(*t)) : bj::value(nullptr);
}

bj::object EncodeGroup(Group g) {
  bj::object o;
  o["id"] = static_cast<int64_t>(g);
  o["name"] = GroupName(g);
  return o;
}

bj::object EncodeUser(const User& u, const std::string& company) {
  bj::object o;
  o["id"] = u.id.value;
  o["email"] = u.email;
  o["name"] = OptString(u.name);
  o["lang"] = u.lang;
  o["phone"] = OptString(u.phone);
  o["company"] = company;
  o["reseller"] = u.org.value;
  o["client"] = u.client ? bj::value(u.client->value) : bj::value(nullptr);
  o["deleted"] = u.deleted;
  bj::array groups;
  if (u.group) groups.push_back(EncodeGroup(*u.group));
  o["groups"] = std::move(groups);
  o["activated"] = u.activated;
  o["sso_auth"] = false;
  o["two_fa"] = false;
  o["auth_types"] = bj::array{"password"};
  o["user_type"] = ToString(u.type);
  o["is_active"] = !u.blocked && !u.deleted;
  bj::array roles;
  if (u.client) {
    bj::object r;
    r["client_id"] = u.client->value;
    r["client_company_name"] = company;
    r["user_id"] = u.id.value;
    bj::array ids;
    if (u.group) ids.emplace_back(std::to_string(static_cast<int>(*u.group)));
    r["user_roles"] = std::move(ids);
    roles.push_back(std::move(r));
  }
  o["client_and_roles"] = std::move(roles);
  return o;
}

bj::object EncodeClient(const ClientView& view) {
  const Client& c = view.client;
  bj::object o;
  o["id"] = c.id.value;
  o["email"] = c.email;
  o["name"] = OptString(c.name);
  o["companyName"] = c.company_name;
  o["phone"] = OptString(c.phone);
  o["website"] = OptString(c.website);
  o["custom_id"] = OptString(c.custom_id);
  o["seller"] = c.seller ? bj::value(c.seller->value) : bj::value(nullptr);
  o["resellers"] = c.org.value;
  o["reseller"] = c.org.value;
  o["client_type"] = c.is_reseller_account ? "reseller" : "common";
  o["owner"] = c.owner ? bj::value(c.owner->value) : bj::value(nullptr);
  o["lang"] = c.lang;
  o["country_code"] = OptString(c.country_code);
  o["is_test"] = c.is_test;
  o["status"] = ToString(c.status);
  o["deleted"] = c.deleted;
  o["created"] = FormatRfc3339(c.created_at);
  o["created_at"] = FormatRfc3339(c.created_at);
  o["updated_at"] = FormatRfc3339(c.updated_at);
  o["deleted_at"] = Time(c.deleted_at);
  o["bill_type"] = nullptr;
  o["entryBaseDomain"] = nullptr;
  o["signup_process"] = nullptr;
  o["paidFeatures"] = bj::object{};
  o["freeFeatures"] = bj::object{};
  bj::object statuses;
  bj::array capabilities;
  for (const auto& s : view.services) {
    bj::object st;
    st["status"] = ToString(s.status);
    st["enabled"] = s.enabled;
    statuses[s.product] = std::move(st);
    if (s.enabled) capabilities.emplace_back(s.product);
  }
  o["serviceStatuses"] = std::move(statuses);
  o["capabilities"] = std::move(capabilities);
  bj::array users;
  bool active_admin = false;
  for (const auto& u : view.users) {
    bj::object ub = EncodeUser(u, c.company_name);
    ub.erase("client_and_roles");
    users.push_back(std::move(ub));
    active_admin = active_admin || (u.group == Group::kAdministrators && !u.blocked && !u.deleted);
  }
  o["users"] = std::move(users);
  o["has_active_admin"] = active_admin;
  o["currentUser"] = view.users.empty() ? bj::value(nullptr) : bj::value(view.users.front().id.value);
  return o;
}

bj::object EncodeApiToken(const ApiToken& t) {
  bj::object o;
  o["id"] = t.id.value;
  o["name"] = t.name;
  o["description"] = OptString(t.description);
  o["exp_date"] = Time(t.expires_at);
  o["expired"] = false;  // set by the caller that knows `now`
  o["deleted"] = t.deleted;
  o["created"] = FormatRfc3339(t.created_at);
  o["last_usage"] = Time(t.last_used_at);
  bj::object cu;
  cu["deleted"] = t.deleted;
  cu["user_id"] = t.user.value;
  cu["user_name"] = OptString(t.user_name);
  cu["user_email"] = t.user_email;
  cu["client_id"] = t.client.value;
  cu["role"] = EncodeGroup(t.role);
  o["client_user"] = std::move(cu);
  return o;
}

bj::object EncodeActivity(const ActivityEntry& a) {
  bj::object o;
  o["id"] = a.id;
  o["actions"] = a.method + " " + a.path;
  o["data"] = a.body;
  o["user"] = a.user ? bj::value(a.user->value) : bj::value(nullptr);
  o["user_email"] = a.user_email;
  o["client"] = a.client ? bj::value(a.client->value) : bj::value(nullptr);
  o["token"] = a.token ? bj::value(a.token->value) : bj::value(nullptr);
  o["acting_user"] = a.acting_user ? bj::value(a.acting_user->value) : bj::value(nullptr);
  o["acting_user_email"] = a.acting_user ? bj::value(a.acting_user_email) : bj::value(nullptr);
  o["requested_at"] = FormatRfc3339(a.requested_at);
  o["path"] = a.path;
  o["method"] = a.method;
  o["query_params"] = a.query;
  o["status_code"] = a.status_code;
  o["remote_ip_address"] = a.remote_ip;
  o["host"] = a.host;
  o["reverted"] = false;
  return o;
}

bj::object EncodeStatusChange(const AccountStatusChange& c) {
  bj::object o;
  o["id"] = c.id;
  o["client"] = c.client.value;
  o["old_status"] = c.old_status ? bj::value(ToString(*c.old_status)) : bj::value(nullptr);
  o["new_status"] = ToString(c.new_status);
  o["status_change_at"] = FormatRfc3339(c.changed_at);
  o["federation_id"] = "CLIENTELE";
  return o;
}

}  // namespace clientele::http::json
