#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "domain/model.h"
#include "domain/roles.h"
#include "http/message.h"

namespace clientele {
class AccountService;
class ApiTokenService;
class ActivityService;
class AuthService;
class PresetService;
class PeopleService;
class DeletionService;
class ProductService;
class VendorSettingsService;
class MailTestRunner;
class ThrottleService;
class BulkService;
class AttentionService;
class AccountPolicyService;
class Clock;
namespace storage {
class Database;
}
}  // namespace clientele

namespace clientele::http {

// What handlers may use. Built once by app/ and shared by every request.
struct Services {
  AccountService& accounts;
  AuthService& auth;
  ApiTokenService& tokens;
  ActivityService& activity;
  PresetService& presets;
  PeopleService& people;
  DeletionService& deletion;
  ProductService& products;
  VendorSettingsService& vendor;
  MailTestRunner& mail_tests;  // the vendor settings' test e-mail (jobs::MailDelivery)
  const Clock& clock;
  ThrottleService& throttles;  // limits shared by every instance (domain/throttles.h)
  BulkService& bulk;           // many accounts at once: bulk actions, CSV upload (issue 16)
  AttentionService& attention;    // overview and lifecycle preview (issue 16)
  AccountPolicyService& policy;   // one account's effective lifecycle policy (issue 16)
};

// One request on its way through a handler.
struct Context {
  const Request& request;
  const Services& services;
  std::map<std::string, std::string> params;  // from the route pattern, e.g. "clientId"
  std::optional<Caller> caller;               // set on every authenticated route
  Timestamp now;
  std::optional<Caller> signed_in;  // set by sign-in handlers, so the log knows who it was

  const Caller& Who() const { return *caller; }
  const std::string& Param(const std::string& name) const { return params.at(name); }
};

using RouteHandler = Response (*)(Context&);

// Reads that the activity log records all the same: starting to act as a customer.
enum class Audit { kChanges, kAlways };

class Router {
 public:
  // `pattern` segments in braces are parameters: "/iam/clients/{clientId}". `permission` is the
  // route's row of the roles table (domain/roles.h), checked before the handler runs.
  void Add(std::string method, std::string pattern, RouteHandler handler, Permission permission,
           Audit audit = Audit::kChanges);

  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteHandler handler;
    Permission permission;
    Audit audit;
  };

  struct Match {
    const Route* route = nullptr;  // null when nothing matched
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed_methods;  // when the path exists but the method does not
  };
  Match Find(const std::string& method, const std::string& path) const;

  // Every route, in the order added: for `clientele routes` and the authorization tests.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// The whole route table: http/routes.cc.
Router BuildRoutes();

}  // namespace clientele::http
