#pragma once

// The authorization matrix's expectations (authorization_matrix_test.cc): the principals, the
// targets, and one row per route of http/routes.cc with the answers it must give.
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace clientele::app::authorization_matrix {

// --- Principals -------------------------------------------------------------------------------

enum class Kind { kAnonymous, kStaffA, kBlocked, kCustomerX, kCustomerY, kResellerB };
// Column of the role strings in kRoutes: Reseller, Seller, Administrators, Engineers, Users,
// Purge (API), Purge (API+Web).
enum Col { kRes, kSel, kAdm, kEng, kUse, kPuA, kPuW, kNone };

struct Principal {
  std::string name;
  Kind kind;
  Col col;
  bool acting = false;
  std::string authorization;  // header value
  int64_t user = 0;
};

// --- Targets ----------------------------------------------------------------------------------

enum class Axis {
  kNone,         // no object in the path
  kAccount,      // {clientId} (and {serviceId}/{tokenId} of that account; body "{clientId}")
  kUser,         // {userId}
  kAccountUser,  // {clientId} with {userId} of that account
  kUserEmail,    // body "{email}" of a person
  kSeller,       // {sellerId}
  kOrg,          // {resellerId} and {notificationSettingsId}
  kPreset,       // {presetId}
  kActivity,     // {id}
  kMailTest,     // {testId}
};

// Where a target stands relative to organisation A (the principals' organisation, but for the
// reseller of B).
enum class Where {
  kX,          // customer account X of A, or something in it
  kY,          // customer account Y of A
  kResellerA,  // the reseller's own account, or the reseller person
  kSellerA,    // a seller person of A
  kOrgA,       // something of A that belongs to no account (alert addresses, presets, log)
  kB,          // something of organisation B
  kMissing,
  kSelf,       // the principal itself
};

struct Target {
  std::string name;
  Where where;
  std::map<std::string, std::string> params;
};

// --- The expected answers ---------------------------------------------------------------------

// How staff fare on the reseller's own account (Where::kResellerA).
enum class OnReseller {
  kOk,           // readable and changeable by both
  kSellerLooks,  // the reseller changes it, a seller only reads (403 on changes)
  kNever,        // nobody (acting as it, inviting into it): 403
};

struct RouteSpec {
  std::string method;
  std::string pattern;
  Axis axis = Axis::kNone;
  std::string roles;  // 7 columns, 'y' allowed; "public" for public routes
  std::string body = "{}";
  bool self_ok = false;         // a person may always do this to themselves
  bool refused_acting = false;  // never while acting as a customer
  OnReseller on_reseller = OnReseller::kSellerLooks;
  bool absent_is_ok = false;  // 404 is a normal answer (e.g. "no open deletion request")
  bool own_account_only = false;  // staff too reach only their own account (API tokens)
};

inline const std::string kTokenBody = R"({"name":"m","client_user":{"role":{"id":1,"name":"Administrators"}}})";
inline const std::string kInviteBody =
    R"({"email":"new.person@matrix.example","user_role":{"id":2,"name":"Users"},"client_id":{clientId}})";

// One row per route of http/routes.cc.
inline const std::vector<RouteSpec> kRoutes = {
    {"GET", "/healthz", Axis::kNone, "public"},
    {"GET", "/openapi.yaml", Axis::kNone, "public"},
    {"GET", "/iam/docs/platform/resellers", Axis::kNone, "public"},
    {"POST", "/iam/auth/jwt/login", Axis::kNone, "public"},
    {"POST", "/iam/auth/jwt/refresh", Axis::kNone, "public"},
    {"POST", "/iam/auth/session", Axis::kNone, "public"},
    {"GET", "/iam/auth/session", Axis::kNone, "yyyyyyy"},
    {"DELETE", "/iam/auth/session", Axis::kNone, "public"},
    {"POST", "/iam/auth/session/impersonate", Axis::kAccount, "yy-----", R"({"client_id":{clientId}})",
     false, false, OnReseller::kNever},
    {"POST", "/iam/auth/password/forgot", Axis::kNone, "public"},
    {"POST", "/iam/auth/password/set", Axis::kNone, "public"},
    {"POST", "/iam/auth/renew_invitation", Axis::kUserEmail, "yy-----", R"({"email":"{email}"})"},
    {"POST", "/iam/auth/reset_password", Axis::kUserEmail, "yy-----", R"({"email":"{email}"})"},
    {"GET", "/iam/auth/jwt/clients/{clientId}/admin_token", Axis::kAccount, "yy-----", "", false,
     false, OnReseller::kNever},
    {"GET", "/iam/auth/jwt/users/{userId}/token", Axis::kUser, "yy-----"},
    {"POST", "/iam/users", Axis::kNone, "yy-----",
     R"({"email":"new.account@matrix.example","password":"Sturdy-Password-42","company":"M"})"},
    {"GET", "/iam/clients/me", Axis::kNone, "y-yyyyy"},
    {"GET", "/iam/clients/me/deletion_request", Axis::kNone, "y-yyyyy", "{}", false, false,
     OnReseller::kOk, true},
    {"POST", "/iam/clients/me/deletion_request", Axis::kNone, "--y----", R"({"confirm":true})"},
    {"POST", "/iam/clients/invite_user", Axis::kAccount, "yyy----", kInviteBody, false, false,
     OnReseller::kNever},
    {"GET", "/iam/clients", Axis::kNone, "yy-----"},
    {"POST", "/iam/clients/bulk", Axis::kNone, "yy-----",
     R"({"action":"set_test","is_test":false,"ids":[999999]})"},
    {"POST", "/iam/clients/import", Axis::kNone, "yy-----",
     R"({"csv":"email,company\nimported@matrix.example,M\n","dry_run":true})"},
    {"GET", "/iam/clients/{clientId}", Axis::kAccount, "yy-----"},
    {"PATCH", "/iam/clients/{clientId}", Axis::kAccount, "yy-----", R"({"name":"Matrix"})"},
    {"GET", "/iam/overview", Axis::kNone, "yy-----"},
    {"GET", "/iam/lifecycle/preview", Axis::kNone, "yy-----"},
    {"GET", "/iam/clients/{clientId}/lifecycle_policy", Axis::kAccount, "yy-----"},
    {"PATCH", "/iam/clients/{clientId}/lifecycle_policy", Axis::kAccount, "yy-----",
     R"({"days_to_deleted":20})"},
    {"GET", "/iam/clients/{clientId}/deletion_requests", Axis::kAccount, "yy-----"},
    {"POST", "/iam/clients/{clientId}/deletion_requests/cancel", Axis::kAccount, "yy-----"},
    {"POST", "/iam/clients/{clientId}/delete", Axis::kAccount, "yy-----", R"({"confirm":true})"},
    {"GET", "/iam/deletion_requests", Axis::kNone, "yy-----"},
    {"GET", "/iam/reselling/resellers/{resellerId}/notification_settings", Axis::kOrg, "y------"},
    {"POST", "/iam/reselling/resellers/{resellerId}/notification_settings", Axis::kOrg, "y------",
     R"({"notification_type":"failed_login","email":"alerts@matrix.example"})"},
    {"GET", "/iam/reselling/resellers/{resellerId}/notification_settings/{notificationSettingsId}",
     Axis::kOrg, "y------"},
    {"PUT", "/iam/reselling/resellers/{resellerId}/notification_settings/{notificationSettingsId}",
     Axis::kOrg, "y------", R"({"notification_type":"failed_login","email":"a@matrix.example"})"},
    {"PATCH", "/iam/reselling/resellers/{resellerId}/notification_settings/{notificationSettingsId}",
     Axis::kOrg, "y------", R"({"enabled":false})"},
    {"DELETE", "/iam/reselling/resellers/{resellerId}/notification_settings/{notificationSettingsId}",
     Axis::kOrg, "y------"},
    {"GET", "/iam/clients/{clientId}/users", Axis::kAccount, "yyyyyyy", "", false, false,
     OnReseller::kOk},
    {"GET", "/iam/clients/{clientId}/client-users/{userId}", Axis::kAccountUser, "yyyyyyy"},
    {"PUT", "/iam/clients/{clientId}/client-users/{userId}", Axis::kAccountUser, "yyy----",
     R"({"user_role":{"id":5,"name":"Engineers"}})"},
    {"DELETE", "/iam/clients/{clientId}/client-users/{userId}", Axis::kAccountUser, "yyy----"},
    {"GET", "/iam/users", Axis::kNone, "y-yyyyy"},
    {"GET", "/iam/users/{userId}", Axis::kUser, "yyyyyyy", "", true},
    {"PATCH", "/iam/users/{userId}", Axis::kUser, "yyy----", R"({"name":"Matrix"})", true},
    {"PUT", "/iam/users/{userId}/password", Axis::kUser, "-------",
     R"({"old":"Sturdy-Password-42","new":"Another-Sturdy-Pass-7","double":"Another-Sturdy-Pass-7"})",
     true, true},
    {"POST", "/iam/users/{userId}/block", Axis::kUser, "yy-----"},
    {"POST", "/iam/users/{userId}/activate", Axis::kUser, "yy-----"},
    {"GET", "/iam/admin/sellers", Axis::kNone, "y------"},
    {"POST", "/iam/admin/sellers", Axis::kNone, "y------",
     R"({"email":"new.seller@matrix.example","full_name":"New Seller"})"},
    {"GET", "/iam/admin/sellers/{sellerId}", Axis::kSeller, "y------"},
    {"PATCH", "/iam/admin/sellers/{sellerId}", Axis::kSeller, "y------", R"({"full_name":"M"})"},
    {"DELETE", "/iam/admin/sellers/{sellerId}", Axis::kSeller, "y------"},
    {"POST", "/iam/admin/sellers/{sellerId}/block", Axis::kSeller, "y------"},
    {"POST", "/iam/admin/sellers/{sellerId}/activate", Axis::kSeller, "y------"},
    {"GET", "/iam/products/availability/defaults", Axis::kNone, "y------"},
    {"PATCH", "/iam/products/availability/defaults", Axis::kNone, "y------",
     R"({"product_name":"DNS","available":true})"},
    {"GET", "/iam/products/availability/clients/{clientId}", Axis::kAccount, "yy-----", "", false,
     false, OnReseller::kOk},
    {"PATCH", "/iam/products/availability/clients/{clientId}", Axis::kAccount, "yy-----",
     R"({"product_name":"DNS","available":true})"},
    {"DELETE", "/iam/products/availability/clients/{clientId}", Axis::kAccount, "yy-----",
     R"({"product_names":["DNS"]})"},
    {"DELETE", "/iam/products/availability/clients", Axis::kNone, "y------",
     R"({"product_names":["DNS"]})"},
    {"GET", "/iam/clients/{clientId}/services", Axis::kAccount, "yyyyyyy", "", false, false,
     OnReseller::kOk},
    {"GET", "/iam/clients/{clientId}/services/{serviceId}", Axis::kAccount, "yyyyyyy", "", false,
     false, OnReseller::kOk},
    {"PUT", "/iam/clients/{clientId}/services/{serviceId}", Axis::kAccount, "yy-----",
     R"({"status":"trial"})"},
    {"PATCH", "/iam/clients/{clientId}/services/{serviceId}", Axis::kAccount, "yy-----",
     R"({"status":"trial"})"},
    {"POST", "/iam/clients/{clientId}/services/{serviceId}/activation_request", Axis::kAccount,
     "--yy---"},
    {"GET", "/iam/reselling/settings", Axis::kNone, "y------"},
    {"PUT", "/iam/reselling/settings", Axis::kNone, "y------",
     R"({"publicSettings":{"brandName":"Matrix"}})"},
    {"PATCH", "/iam/reselling/settings", Axis::kNone, "y------",
     R"({"publicSettings":{"brandName":"Matrix"}})"},
    {"POST", "/iam/reselling/settings/test_email", Axis::kNone, "y------", R"({"email":"bad"})"},
    {"GET", "/iam/reselling/settings/test_email/{testId}", Axis::kMailTest, "y------"},
    {"GET", "/iam/clients/{clientId}/tokens", Axis::kAccount, "y-yy---", "", false, false,
     OnReseller::kOk, false, true},
    {"POST", "/iam/clients/{clientId}/tokens", Axis::kAccount, "y-y----", kTokenBody, false, true,
     OnReseller::kOk, false, true},
    {"GET", "/iam/clients/{clientId}/tokens/{tokenId}", Axis::kAccount, "y-yy---", "", false,
     false, OnReseller::kOk, false, true},
    {"DELETE", "/iam/clients/{clientId}/tokens/{tokenId}", Axis::kAccount, "y-yy---", "", false,
     false, OnReseller::kOk, false, true},
    {"GET", "/iam/v2/clients/{clientId}/tokens", Axis::kAccount, "y-yy---", "", false, false,
     OnReseller::kOk, false, true},
    {"POST", "/iam/v2/clients/{clientId}/tokens", Axis::kAccount, "y-y----", kTokenBody, false,
     true, OnReseller::kOk, false, true},
    {"GET", "/iam/v2/clients/{clientId}/tokens/{tokenId}", Axis::kAccount, "y-yy---", "", false,
     false, OnReseller::kOk, false, true},
    {"DELETE", "/iam/v2/clients/{clientId}/tokens/{tokenId}", Axis::kAccount, "y-yy---", "",
     false, false, OnReseller::kOk, false, true},
    {"GET", "/iam/presets", Axis::kNone, "yy-----"},
    {"POST", "/iam/presets", Axis::kNone, "yy-----", R"({"name":"m","filters":{"is_test":"true"}})"},
    {"DELETE", "/iam/presets/{presetId}", Axis::kPreset, "yy-----"},
    {"GET", "/iam/activity_log/requests", Axis::kNone, "yy-----"},
    {"GET", "/iam/activity_log/requests/{id}", Axis::kActivity, "yy-----"},
    {"GET", "/iam/activity_log/account_status_changes", Axis::kNone, "yy-----"},
};

// Answers that follow from the object rather than the role, named one by one:
// (method pattern, principal, target) -> expected.
inline const std::map<std::tuple<std::string, std::string, std::string>, std::string> kExceptions = {
    // Engineers see and delete only their own tokens; tX is an Administrators user's.
    {{"GET /iam/clients/{clientId}/tokens/{tokenId}", "engineers X", "X"}, "404"},
    {{"DELETE /iam/clients/{clientId}/tokens/{tokenId}", "engineers X", "X"}, "404"},
    {{"GET /iam/v2/clients/{clientId}/tokens/{tokenId}", "engineers X", "X"}, "404"},
    {{"DELETE /iam/v2/clients/{clientId}/tokens/{tokenId}", "engineers X", "X"}, "404"},
    // A seller resets only customer users' passwords; sellers are the reseller's.
    {{"POST /iam/auth/reset_password", "seller A", "seller A"}, "403"},
    {{"POST /iam/auth/renew_invitation", "seller A", "seller A"}, "403"},
    // Nobody revokes their own access, and says so.
    {{"DELETE /iam/clients/{clientId}/client-users/{userId}", "reseller A", "reseller's own account A"}, "403"},
    {{"DELETE /iam/clients/{clientId}/client-users/{userId}", "API key reseller A", "reseller's own account A"}, "403"},
    // A preset belongs to the person who saved it (the reseller of A saved pA).
    {{"DELETE /iam/presets/{presetId}", "seller A", "preset A"}, "404"},
};

}  // namespace clientele::app::authorization_matrix
