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

namespace {

void WriteTime(Writer& w, const std::optional<Timestamp>& t) {
  t ? w.String(FormatRfc3339(*t)) : w.Null();
}

void WriteId(Writer& w, const auto& id) { id ? w.Int(id->value) : w.Null(); }

// A person as the contract shows one; `with_roles` adds client_and_roles, which the users
// listed inside an account leave out.
void WriteUser(Writer& w, const User& u, std::string_view company, bool with_roles) {
  w.BeginObject();
  w.Key("id").Int(u.id.value);
  w.Key("email").String(u.email);
  w.Key("name").Nullable(u.name);
  w.Key("lang").String(u.lang);
  w.Key("phone").Nullable(u.phone);
  w.Key("company").String(company);
  w.Key("reseller").Int(u.org.value);
  WriteId(w.Key("client"), u.client);
  w.Key("deleted").Bool(u.deleted);
  w.Key("groups").BeginArray();
  if (u.group) {
    w.BeginObject();
    w.Key("id").Int(static_cast<int64_t>(*u.group));
    w.Key("name").String(GroupName(*u.group));
    w.EndObject();
  }
  w.EndArray();
  w.Key("activated").Bool(u.activated);
  w.Key("sso_auth").Bool(false);
  w.Key("two_fa").Bool(false);
  w.Key("auth_types").BeginArray();
  w.String("password");
  w.EndArray();
  w.Key("user_type").String(ToString(u.type));
  w.Key("is_active").Bool(!u.blocked && !u.deleted);
  if (with_roles) {
    w.Key("client_and_roles").BeginArray();
    if (u.client) {
      w.BeginObject();
      w.Key("client_id").Int(u.client->value);
      w.Key("client_company_name").String(company);
      w.Key("user_id").Int(u.id.value);
      w.Key("user_roles").BeginArray();
      if (u.group) w.String(std::to_string(static_cast<int>(*u.group)));
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

bj::object Parsed(const std::string& text) { return bj::parse(text).as_object(); }

}  // namespace

bj::object EncodeUser(const User& u, const std::string& company) {
  std::string text;
  Writer w(text);
  WriteUser(w, u, company, /*with_roles=*/true);
  return Parsed(text);
}

void WriteClient(Writer& w, const ClientView& view) {
  const Client& c = view.client;
  w.BeginObject();
  w.Key("id").Int(c.id.value);
  w.Key("email").String(c.email);
  w.Key("name").Nullable(c.name);
  w.Key("companyName").String(c.company_name);
  w.Key("phone").Nullable(c.phone);
  w.Key("website").Nullable(c.website);
  w.Key("custom_id").Nullable(c.custom_id);
  WriteId(w.Key("seller"), c.seller);
  w.Key("resellers").Int(c.org.value);
  w.Key("reseller").Int(c.org.value);
  w.Key("client_type").String(c.is_reseller_account ? "reseller" : "common");
  WriteId(w.Key("owner"), c.owner);
  w.Key("lang").String(c.lang);
  w.Key("country_code").Nullable(c.country_code);
  w.Key("is_test").Bool(c.is_test);
  w.Key("status").String(ToString(c.status));
  w.Key("deleted").Bool(c.deleted);
  std::string created = FormatRfc3339(c.created_at);
  w.Key("created").String(created);
  w.Key("created_at").String(created);
  w.Key("updated_at").String(FormatRfc3339(c.updated_at));
  WriteTime(w.Key("deleted_at"), c.deleted_at);
  w.Key("bill_type").Null();
  w.Key("entryBaseDomain").Null();
  w.Key("signup_process").Null();
  w.Key("paidFeatures").BeginObject();
  w.EndObject();
  w.Key("freeFeatures").BeginObject();
  w.EndObject();
  // A product once per account (the services' key), so its name is a key once.
  w.Key("serviceStatuses").BeginObject();
  for (const auto& s : view.services) {
    w.Key(s.product).BeginObject();
    w.Key("status").String(ToString(s.status));
    w.Key("enabled").Bool(s.enabled);
    w.EndObject();
  }
  w.EndObject();
  w.Key("capabilities").BeginArray();
  for (const auto& s : view.services)
    if (s.enabled) w.String(s.product);
  w.EndArray();
  w.Key("users").BeginArray();
  bool active_admin = false;
  for (const auto& u : view.users) {
    WriteUser(w, u, c.company_name, /*with_roles=*/false);
    active_admin = active_admin || (u.group == Group::kAdministrators && !u.blocked && !u.deleted);
  }
  w.EndArray();
  w.Key("has_active_admin").Bool(active_admin);
  if (view.users.empty()) {
    w.Key("currentUser").Null();
  } else {
    w.Key("currentUser").Int(view.users.front().id.value);
  }
  w.EndObject();
}

bj::object EncodeClient(const ClientView& view) {
  std::string text;
  Writer w(text);
  WriteClient(w, view);
  return Parsed(text);
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
  o["account"] = a.subject ? bj::value(a.subject->value) : bj::value(nullptr);
  // Entries recorded before events existed say only which request they were.
  boost::system::error_code ec;
  bj::value event = a.event.empty() ? bj::value() : bj::parse(a.event, ec);
  if (a.event.empty() || ec || !event.is_object()) {
    bj::object fallback;
    fallback["action"] = "request";
    fallback["target"] = a.path;
    if (a.subject) fallback["account"] = a.subject->value;
    event = std::move(fallback);
  }
  o["event"] = std::move(event);
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
