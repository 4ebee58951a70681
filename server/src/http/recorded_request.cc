#include "http/recorded_request.h"

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace clientele::http {
namespace {

namespace bj = boost::json;

// Secrets are deliberately absent: passwords (password, old, new, double), link tokens, refresh
// tokens, the mail server's password. Free text that people type on purpose (notes, messages)
// is recorded; it is what the log is for.
const std::vector<RecordedFields> kTable = [] {
  std::vector<std::string_view> visibility = {"product_name", "available", "[].product_name",
                                              "[].available"};
  std::vector<std::string_view> notification = {"notification_type", "email", "enabled"};
  std::vector<std::string_view> seller = {"email", "full_name", "phone"};
  std::vector<std::string_view> token = {"name", "description", "exp_date", "client_user"};
  std::vector<std::string_view> vendor = {
      "publicSettings.brandName",         "publicSettings.fromEmail",
      "publicSettings.supportEmail",      "publicSettings.supportPhone",
      "publicSettings.websiteLink",       "publicSettings.agreementLink",
      "publicSettings.apiDocsLink",       "publicSettings.knowledgeBaseLink",
      "publicSettings.statusPageLink",    "publicSettings.logo",
      "publicSettings.colors",            "publicSettings.showApiDoc",
      "publicSettings.showKnowledgeBase", "publicSettings.showStatusPage",
      "publicSettings.showTickets",       "privateSettings.mailServer.host",
      "privateSettings.mailServer.port",  "privateSettings.mailServer.security",
      "privateSettings.mailServer.tls",   "privateSettings.mailServer.login"};
  return std::vector<RecordedFields>{
      {"POST", "/iam/auth/jwt/login", {"username", "reseller_id"}},
      {"POST", "/iam/auth/jwt/refresh", {}},
      {"POST", "/iam/auth/session", {"username", "reseller_id", "portal"}},
      {"DELETE", "/iam/auth/session", {}},
      {"POST", "/iam/auth/session/impersonate", {"client_id"}},
      {"POST", "/iam/auth/password/forgot", {"email"}},
      {"POST", "/iam/auth/password/set", {}},
      {"POST", "/iam/auth/renew_invitation", {"email"}},
      {"POST", "/iam/auth/reset_password", {"email"}},

      {"POST",
       "/iam/users",
       {"email", "company", "name", "phone", "lang", "custom_id", "country_code", "user_type",
        "seller", "is_test", "services[].product_name", "services[].available"}},
      {"POST", "/iam/clients/me/deletion_request", {"confirm"}},
      {"POST", "/iam/clients/invite_user", {"email", "user_role", "client_id", "lang", "name"}},
      {"PATCH",
       "/iam/clients/{clientId}",
       {"email", "companyName", "custom_id", "name", "phone", "website", "seller", "lang",
        "country_code", "is_test", "status"}},
      {"POST",
       "/iam/clients/bulk",
       {"action", "seller", "is_test", "product", "available", "status", "filter"}},
      {"POST", "/iam/clients/import", {"dry_run"}},
      {"PATCH", "/iam/clients/{clientId}/lifecycle_policy", {"trial_days", "days_to_deleted"}},
      {"POST", "/iam/clients/{clientId}/deletion_requests/cancel", {"note"}},
      {"POST", "/iam/clients/{clientId}/delete", {"confirm"}},
      {"POST", "/iam/reselling/resellers/{resellerId}/notification_settings", notification},
      {"PUT",
       "/iam/reselling/resellers/{resellerId}/notification_settings/{notificationSettingsId}",
       notification},
      {"PATCH",
       "/iam/reselling/resellers/{resellerId}/notification_settings/{notificationSettingsId}",
       notification},
      {"DELETE",
       "/iam/reselling/resellers/{resellerId}/notification_settings/{notificationSettingsId}",
       {}},

      {"PUT", "/iam/clients/{clientId}/client-users/{userId}", {"user_role"}},
      {"DELETE", "/iam/clients/{clientId}/client-users/{userId}", {}},
      {"PATCH", "/iam/users/{userId}", {"email", "name", "phone", "lang", "groups", "user_role"}},
      {"PUT", "/iam/users/{userId}/password", {}},
      {"POST", "/iam/users/{userId}/block", {}},
      {"POST", "/iam/users/{userId}/activate", {}},

      {"POST", "/iam/admin/sellers", seller},
      {"PATCH", "/iam/admin/sellers/{sellerId}", seller},
      {"DELETE", "/iam/admin/sellers/{sellerId}", {}},
      {"POST", "/iam/admin/sellers/{sellerId}/block", {}},
      {"POST", "/iam/admin/sellers/{sellerId}/activate", {}},

      {"PATCH", "/iam/products/availability/defaults", visibility},
      {"PATCH", "/iam/products/availability/clients/{clientId}", visibility},
      {"DELETE", "/iam/products/availability/clients/{clientId}", {"product_names"}},
      {"DELETE", "/iam/products/availability/clients", {"product_names"}},
      {"PUT", "/iam/clients/{clientId}/services/{serviceId}", {"status", "enabled"}},
      {"PATCH", "/iam/clients/{clientId}/services/{serviceId}", {"status", "enabled"}},
      {"POST", "/iam/clients/{clientId}/services/{serviceId}/activation_request", {"message"}},

      {"PUT", "/iam/reselling/settings", vendor},
      {"PATCH", "/iam/reselling/settings", vendor},
      {"POST", "/iam/reselling/settings/test_email", {"email"}},

      {"POST", "/iam/clients/{clientId}/tokens", token},
      {"DELETE", "/iam/clients/{clientId}/tokens/{tokenId}", {}},
      {"POST", "/iam/v2/clients/{clientId}/tokens", token},
      {"DELETE", "/iam/v2/clients/{clientId}/tokens/{tokenId}", {}},

      {"POST", "/iam/presets", {"name", "filters"}},
      {"DELETE", "/iam/presets/{presetId}", {}},
  };
}();

// Query parameters of the list endpoints (filters, ordering, paging). Their values are what
// someone searched for, never credentials.
// Product names (cdn, storage, ...) are the account list's status filters.
constexpr std::array<std::string_view, 43> kKnownQueryNames = {
    "limit", "offset", "ordering", "id", "id__in", "id__in__exclude", "id__contains", "email",
    "name", "companyName", "custom_id", "users_email", "users_name", "status", "seller_id",
    "reseller_id", "client_type", "country_code", "created_at_gte", "created_at_lte",
    "personal_product_availability", "is_test", "deleted", "full_name", "activated", "client",
    "client_id", "account_id", "user", "user_id", "method", "path", "status_code",
    "requested_at_gte", "requested_at_lte", "status_change_at_gte", "status_change_at_lte", "cdn",
    "storage", "streaming", "dns", "ddos", "cloud"};

class Filter {
 public:
  explicit Filter(const std::vector<std::string_view>& fields) : fields_(fields) {}

  bj::value Keep(const bj::value& v, const std::string& path, bool root) const {
    if (!root && Listed(path)) return v;
    if (v.is_null()) return v;
    if (v.is_object() && (root || ListedBelow(path + "."))) {
      bj::object out;
      for (const auto& [key, child] : v.as_object()) {
        std::string child_path = root ? std::string(key) : path + "." + std::string(key);
        out[key] = Keep(child, child_path, false);
      }
      return out;
    }
    if (v.is_array() && ListedBelow(path + "[]")) {
      bj::array out;
      for (const auto& child : v.as_array()) out.push_back(Keep(child, path + "[]", false));
      return out;
    }
    return bj::value(kMasked);
  }

 private:
  bool Listed(std::string_view path) const {
    return std::find(fields_.begin(), fields_.end(), path) != fields_.end();
  }
  bool ListedBelow(std::string_view prefix) const {
    return std::any_of(fields_.begin(), fields_.end(), [&](std::string_view f) {
      return f.size() > prefix.size() && f.starts_with(prefix);
    });
  }

  const std::vector<std::string_view>& fields_;
};

}  // namespace

const std::vector<RecordedFields>& RecordedBodyFields() { return kTable; }

const RecordedFields* FindRecordedFields(std::string_view method, std::string_view pattern) {
  for (const auto& entry : kTable)
    if (entry.method == method && entry.pattern == pattern) return &entry;
  return nullptr;
}

std::string RecordedBody(std::string_view method, std::string_view pattern,
                         std::string_view body) {
  const RecordedFields* entry = FindRecordedFields(method, pattern);
  if (!entry || body.empty()) return {};
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec);
  if (ec) return "(not JSON; not recorded)";
  return bj::serialize(Filter(entry->fields).Keep(v, "", true));
}

std::string RecordedQuery(std::string_view raw_query) {
  std::string out;
  size_t start = 0;
  while (start <= raw_query.size() && !raw_query.empty()) {
    size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    std::string_view item = raw_query.substr(start, end - start);
    size_t eq = item.find('=');
    std::string_view name = item.substr(0, eq);
    // Names are compared as sent: a known name spelt with percent-escapes is masked too.
    bool known = std::find(kKnownQueryNames.begin(), kKnownQueryNames.end(), name) !=
                 kKnownQueryNames.end();
    if (start > 0) out += '&';
    if (known || item.empty())
      out += item;
    else if (eq == std::string_view::npos)
      out += kMasked;
    else
      out.append(name).append("=").append(kMasked);
    start = end + 1;
  }
  return out;
}

}  // namespace clientele::http
