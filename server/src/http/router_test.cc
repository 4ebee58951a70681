#include "http/router.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace clientele::http {
namespace {

Response Noop(Context&) { return Response{}; }

// A small table shaped like the real one: literals, parameters, "me" before "{clientId}".
Router SampleRouter() {
  Router r;
  r.Add("GET", "/healthz", Noop, Permission::kPublic);
  r.Add("GET", "/iam/clients/me", Noop, Permission::kOwnAccount);
  r.Add("GET", "/iam/clients", Noop, Permission::kStaff);
  r.Add("GET", "/iam/clients/{clientId}", Noop, Permission::kStaff);
  r.Add("PATCH", "/iam/clients/{clientId}", Noop, Permission::kStaff);
  r.Add("PUT", "/iam/clients/{clientId}/client-users/{userId}", Noop, Permission::kManageUsers);
  r.Add("DELETE", "/iam/clients/{clientId}/client-users/{userId}", Noop, Permission::kManageUsers);
  r.Add("POST", "/iam/clients/{clientId}/delete", Noop, Permission::kStaff);
  return r;
}

TEST(RouterTest, FindsTheRightRouteAndParameters) {
  struct Case {
    std::string method, path;
    std::string pattern;  // empty: no route
    std::map<std::string, std::string> params;
  };
  const std::vector<Case> cases = {
      {"GET", "/healthz", "/healthz", {}},
      {"GET", "/healthz/", "/healthz", {}},  // a trailing slash is the same resource
      {"HEAD", "/healthz", "/healthz", {}},  // HEAD is answered by GET
      {"POST", "/healthz", "", {}},
      {"GET", "/iam/clients", "/iam/clients", {}},
      {"GET", "/iam/clients/", "/iam/clients", {}},
      {"GET", "/iam/clients/me", "/iam/clients/me", {}},  // literal wins: added first
      {"GET", "/iam/clients/42", "/iam/clients/{clientId}", {{"clientId", "42"}}},
      {"GET", "/iam/clients/42/", "/iam/clients/{clientId}", {{"clientId", "42"}}},
      {"PATCH", "/iam/clients/me", "/iam/clients/{clientId}", {{"clientId", "me"}}},
      {"HEAD", "/iam/clients/7", "/iam/clients/{clientId}", {{"clientId", "7"}}},
      {"PUT",
       "/iam/clients/3/client-users/9",
       "/iam/clients/{clientId}/client-users/{userId}",
       {{"clientId", "3"}, {"userId", "9"}}},
      {"POST", "/iam/clients/5/delete", "/iam/clients/{clientId}/delete", {{"clientId", "5"}}},
      {"GET", "/iam/clients//client-users/9", "", {}},  // an empty segment is no parameter
      {"PUT", "/iam/clients/3/client-users/", "", {}},  // trailing slash leaves one segment short
      {"GET", "/iam/clients/3/extra/more", "", {}},
      {"GET", "/iam", "", {}},
      {"GET", "/", "", {}},
      {"GET", "", "", {}},
      {"GET", "healthz", "", {}},           // must start with '/'
      {"GET", "iam/clients/me", "", {}},
      {"GET", "/HEALTHZ", "", {}},          // literals are case-sensitive
      {"get", "/healthz", "", {}},          // so are methods
  };
  Router r = SampleRouter();
  for (const auto& c : cases) {
    auto m = r.Find(c.method, c.path);
    SCOPED_TRACE(c.method + " " + c.path);
    if (c.pattern.empty()) {
      EXPECT_EQ(m.route, nullptr);
      continue;
    }
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->pattern, c.pattern);
    EXPECT_EQ(m.params, c.params);
  }
}

TEST(RouterTest, ListsTheAllowedMethodsWhenOnlyTheMethodIsWrong) {
  struct Case {
    std::string method, path;
    std::vector<std::string> allowed;
  };
  const std::vector<Case> cases = {
      {"POST", "/healthz", {"GET"}},
      {"DELETE", "/iam/clients/42", {"GET", "PATCH"}},
      {"POST", "/iam/clients/3/client-users/9", {"PUT", "DELETE"}},
      {"GET", "/iam/clients/5/delete", {"POST"}},
      {"HEAD", "/iam/clients/5/delete", {"POST"}},  // HEAD stands in for GET only
      {"DELETE", "/nowhere", {}},                  // 404, not 405
      {"DELETE", "nowhere", {}},
  };
  Router r = SampleRouter();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    auto m = r.Find(c.method, c.path);
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allowed_methods, c.allowed);
    EXPECT_TRUE(m.params.empty());
  }
}

TEST(RouterTest, AllowedMethodsNameEachMethodOnce) {
  // "/iam/clients/me" also matches "{clientId}": both routes' methods, but GET only once (the
  // Allow header of a 405 said "GET, GET, PATCH").
  Router r = SampleRouter();
  auto m = r.Find("DELETE", "/iam/clients/me");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "PATCH"}));
  auto real = BuildRoutes().Find("DELETE", "/iam/clients/me");
  EXPECT_EQ(real.route, nullptr);
  EXPECT_EQ(real.allowed_methods, (std::vector<std::string>{"GET", "PATCH"}));
}

TEST(RouterTest, KeepsRoutesInTheOrderAdded) {
  Router r = SampleRouter();
  ASSERT_EQ(r.routes().size(), 8u);
  EXPECT_EQ(r.routes()[1].pattern, "/iam/clients/me");
  EXPECT_EQ(r.routes()[3].segments,
            (std::vector<std::string>{"iam", "clients", "{clientId}"}));
  EXPECT_EQ(r.routes()[3].permission, Permission::kStaff);
}

TEST(RouteTableTest, EveryRouteIsUniqueAndAbsolute) {
  Router r = BuildRoutes();
  ASSERT_FALSE(r.routes().empty());
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& route : r.routes()) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    EXPECT_FALSE(route.pattern.empty());
    EXPECT_EQ(route.pattern.front(), '/');
    EXPECT_TRUE(seen.insert({route.method, route.pattern}).second) << "added twice";
    EXPECT_NE(route.handler, nullptr);
  }
}

TEST(RouteTableTest, MeIsFoundBeforeTheClientIdParameter) {
  Router r = BuildRoutes();
  auto me = r.Find("GET", "/iam/clients/me");
  ASSERT_NE(me.route, nullptr);
  EXPECT_EQ(me.route->pattern, "/iam/clients/me");
  EXPECT_EQ(me.route->permission, Permission::kOwnAccount);
  auto one = r.Find("GET", "/iam/clients/12");
  ASSERT_NE(one.route, nullptr);
  EXPECT_EQ(one.route->pattern, "/iam/clients/{clientId}");
  EXPECT_EQ(one.params.at("clientId"), "12");
}

TEST(RouteTableTest, NoRouteIsShadowedByAnEarlierOne) {
  // Substituting a value no literal uses for every parameter must lead back to the route itself.
  Router r = BuildRoutes();
  for (const auto& route : r.routes()) {
    std::string path;
    for (const auto& s : route.segments)
      path += "/" + (s.size() > 2 && s.front() == '{' ? std::string("x1") : s);
    if (path.empty()) path = "/";
    SCOPED_TRACE(route.method + " " + route.pattern + " as " + path);
    auto m = r.Find(route.method, path);
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route, &route);
  }
}

}  // namespace
}  // namespace clientele::http
