#include "http/activity_event.h"

#include <boost/json.hpp>

#include <array>

namespace clientele::http {
namespace {

namespace bj = boost::json;

// Whom or what a route acts on, as the event's `target`.
enum class Target {
  kNone,
  kEmail,     // the body's "email"
  kName,      // the body's "name"
  kUsername,  // the body's "username" (a sign-in)
  kPerson,    // the person the answer shows, else the body's "email", else "#<id>"
  kId,        // "#<id>" of the path's last id
};

struct Rule {
  std::string_view method;
  std::string_view route;  // exactly as in http/routes.cc
  std::string_view action;
  Target target = Target::kNone;
  bool fields = false;  // the recorded body goes into the event
};

constexpr std::string_view kVisibilityDefaults = "/iam/products/availability/defaults";
constexpr std::string_view kNotifications =
    "/iam/reselling/resellers/{resellerId}/notification_settings";
constexpr std::string_view kNotification =
    "/iam/reselling/resellers/{resellerId}/notification_settings/{notificationSettingsId}";

// One rule per state-changing route (and the reads that are always recorded).
constexpr std::array kRules = {
    Rule{"POST", "/iam/auth/jwt/login", "sign_in", Target::kUsername},
    Rule{"POST", "/iam/auth/jwt/refresh", "token_refreshed"},
    Rule{"POST", "/iam/auth/session", "sign_in", Target::kUsername},
    Rule{"DELETE", "/iam/auth/session", "sign_out"},
    Rule{"POST", "/iam/auth/session/impersonate", "acting_started"},
    Rule{"GET", "/iam/auth/jwt/clients/{clientId}/admin_token", "acting_started"},
    Rule{"GET", "/iam/auth/jwt/users/{userId}/token", "acting_started", Target::kId},
    Rule{"POST", "/iam/auth/password/forgot", "password_reset_requested", Target::kEmail},
    Rule{"POST", "/iam/auth/password/set", "password_set"},
    Rule{"POST", "/iam/auth/renew_invitation", "invitation_resent", Target::kEmail},
    Rule{"POST", "/iam/auth/reset_password", "password_reset_sent", Target::kEmail},

    Rule{"POST", "/iam/users", "account_created", Target::kEmail, true},
    Rule{"POST", "/iam/clients/me/deletion_request", "deletion_requested"},
    Rule{"POST", "/iam/clients/invite_user", "user_invited", Target::kEmail, true},
    Rule{"PATCH", "/iam/clients/{clientId}", "account_edited", Target::kNone, true},
    Rule{"POST", "/iam/clients/bulk", "accounts_bulk_changed", Target::kNone, true},
    Rule{"POST", "/iam/clients/import", "accounts_imported", Target::kNone, true},
    Rule{"PATCH", "/iam/clients/{clientId}/lifecycle_policy", "lifecycle_policy_changed",
         Target::kNone, true},
    Rule{"POST", "/iam/clients/{clientId}/deletion_requests/cancel", "deletion_cancelled",
         Target::kNone, true},
    Rule{"POST", "/iam/clients/{clientId}/delete", "account_deleted"},
    Rule{"POST", kNotifications, "alert_address_added", Target::kEmail, true},
    Rule{"PUT", kNotification, "alert_address_changed", Target::kEmail, true},
    Rule{"PATCH", kNotification, "alert_address_changed", Target::kEmail, true},
    Rule{"DELETE", kNotification, "alert_address_removed", Target::kId},

    Rule{"PUT", "/iam/clients/{clientId}/client-users/{userId}", "user_group_changed",
         Target::kId, true},
    Rule{"DELETE", "/iam/clients/{clientId}/client-users/{userId}", "user_access_revoked",
         Target::kId},
    Rule{"PATCH", "/iam/users/{userId}", "user_edited", Target::kPerson, true},
    Rule{"PUT", "/iam/users/{userId}/password", "password_changed"},
    Rule{"POST", "/iam/users/{userId}/block", "user_blocked", Target::kPerson},
    Rule{"POST", "/iam/users/{userId}/activate", "user_activated", Target::kPerson},

    Rule{"POST", "/iam/admin/sellers", "seller_added", Target::kPerson, true},
    Rule{"PATCH", "/iam/admin/sellers/{sellerId}", "seller_edited", Target::kPerson, true},
    Rule{"DELETE", "/iam/admin/sellers/{sellerId}", "seller_deleted", Target::kId},
    Rule{"POST", "/iam/admin/sellers/{sellerId}/block", "seller_blocked", Target::kPerson},
    Rule{"POST", "/iam/admin/sellers/{sellerId}/activate", "seller_activated", Target::kPerson},

    Rule{"PATCH", kVisibilityDefaults, "default_visibility_changed", Target::kNone, true},
    Rule{"PATCH", "/iam/products/availability/clients/{clientId}", "visibility_changed",
         Target::kNone, true},
    Rule{"DELETE", "/iam/products/availability/clients/{clientId}", "visibility_reset",
         Target::kNone, true},
    Rule{"DELETE", "/iam/products/availability/clients", "visibility_reset_everywhere",
         Target::kNone, true},
    Rule{"PUT", "/iam/clients/{clientId}/services/{serviceId}", "product_updated", Target::kNone,
         true},
    Rule{"PATCH", "/iam/clients/{clientId}/services/{serviceId}", "product_updated",
         Target::kNone, true},
    Rule{"POST", "/iam/clients/{clientId}/services/{serviceId}/activation_request",
         "activation_requested", Target::kNone, true},

    Rule{"PUT", "/iam/reselling/settings", "vendor_settings_changed", Target::kNone, true},
    Rule{"PATCH", "/iam/reselling/settings", "vendor_settings_changed", Target::kNone, true},
    Rule{"POST", "/iam/reselling/settings/test_email", "test_email_sent", Target::kEmail},

    Rule{"POST", "/iam/clients/{clientId}/tokens", "api_token_created", Target::kName, true},
    Rule{"DELETE", "/iam/clients/{clientId}/tokens/{tokenId}", "api_token_deleted", Target::kId},
    Rule{"POST", "/iam/v2/clients/{clientId}/tokens", "api_token_created", Target::kName, true},
    Rule{"DELETE", "/iam/v2/clients/{clientId}/tokens/{tokenId}", "api_token_deleted",
         Target::kId},

    Rule{"POST", "/iam/presets", "preset_saved", Target::kName, true},
    Rule{"DELETE", "/iam/presets/{presetId}", "preset_deleted", Target::kId},
};

const Rule* FindRule(std::string_view method, std::string_view route) {
  for (const auto& rule : kRules)
    if (rule.method == method && rule.route == route) return &rule;
  return nullptr;
}

// A JSON text as an object; empty when it is none.
bj::object ObjectOf(std::string_view text) {
  if (text.empty()) return {};
  boost::system::error_code ec;
  bj::value v = bj::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

std::optional<int64_t> IntOf(const bj::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64()) return std::nullopt;
  return it->value().as_int64();
}

std::optional<std::string> StringOf(const bj::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

// A path parameter that is an id (what ParseId accepts).
std::optional<int64_t> IdParam(const RequestForLog& r, const std::string& name) {
  if (!r.params) return std::nullopt;
  auto it = r.params->find(name);
  if (it == r.params->end() || it->second.empty() || it->second.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : it->second) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v > 0 ? std::optional(v) : std::nullopt;
}

// "#12" of the route's last id parameter ("{tokenId}", "{userId}", ...).
std::optional<std::string> LastId(const RequestForLog& r) {
  size_t open = r.route.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string name(r.route.substr(open + 1, r.route.find('}', open) - open - 1));
  auto id = IdParam(r, name);
  if (!id) return std::nullopt;
  return "#" + std::to_string(*id);
}

std::optional<ClientId> AccountOf(const RequestForLog& r, const bj::object& body,
                                  const bj::object& answer, bool answered) {
  if (auto id = IdParam(r, "clientId")) return ClientId{*id};
  if (answered)
    if (auto id = IntOf(answer, "client")) return ClientId{*id};
  if (auto id = IntOf(body, "client_id")) return ClientId{*id};
  return r.caller_account;
}

std::optional<std::string> TargetOf(const Rule& rule, const RequestForLog& r,
                                    const bj::object& body, const bj::object& answer,
                                    bool answered) {
  switch (rule.target) {
    case Target::kNone: return std::nullopt;
    case Target::kEmail: return StringOf(body, "email");
    case Target::kName: return StringOf(body, "name");
    case Target::kUsername: return StringOf(body, "username");
    case Target::kPerson:
      if (answered)
        if (auto email = StringOf(answer, "email")) return email;
      if (auto email = StringOf(body, "email")) return email;
      return LastId(r);
    case Target::kId: return LastId(r);
  }
  return std::nullopt;
}

}  // namespace

std::string_view ActionOf(std::string_view method, std::string_view route) {
  const Rule* rule = FindRule(method, route);
  return rule ? rule->action : std::string_view("request");
}

ActivityEvent DescribeRequest(const RequestForLog& r) {
  const Rule* rule = FindRule(r.method, r.route);
  bool answered = r.status >= 200 && r.status < 300;
  bj::object body = ObjectOf(r.recorded_body);
  bj::object answer = answered ? ObjectOf(r.answer) : bj::object();

  ActivityEvent out;
  bj::object event;
  if (!rule) {
    // A read while acting as a customer, or a request no route answers.
    event["action"] = r.method == "GET" && !r.route.empty() ? "viewed" : "request";
    event["target"] = r.path;
    out.account = r.route.empty() ? r.caller_account : AccountOf(r, body, answer, answered);
  } else {
    event["action"] = rule->action;
    out.account = AccountOf(r, body, answer, answered);
    if (auto target = TargetOf(*rule, r, body, answer, answered)) event["target"] = *target;
    if (rule->action == "activation_requested") {
      if (auto product = StringOf(answer, "product")) event["product"] = *product;
    }
    if (rule->action == "product_updated") {
      if (auto product = StringOf(answer, "name")) event["product"] = *product;
      // A status that changed now: the answer says what it was before.
      auto changed_at = StringOf(answer, "status_changed_at");
      if (answered && changed_at && ParseRfc3339(*changed_at) == r.now) {
        if (auto from = StringOf(answer, "previous_status")) event["from"] = *from;
        if (auto to = StringOf(answer, "status")) event["to"] = *to;
      } else if (!answered) {
        if (auto to = StringOf(body, "status")) event["to"] = *to;
      }
    }
    if (answered &&
        (rule->action == "accounts_bulk_changed" || rule->action == "accounts_imported")) {
      // What the stream did, recorded when it ended: the totals and the accounts by outcome
      // (a bulk action), or the lines refused (an import).
      for (const auto& [key, value] : answer)
        if (key != "action") event[key] = value;
    }
    if (rule->fields && !r.recorded_body.empty()) {
      boost::system::error_code ec;
      bj::value sent = bj::parse(r.recorded_body, ec);
      if (!ec && (sent.is_object() || sent.is_array())) event["fields"] = std::move(sent);
    }
  }
  if (out.account) event["account"] = out.account->value;
  out.json = bj::serialize(event);
  return out;
}

}  // namespace clientele::http
