#include "http/activity_event.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/router.h"

namespace clientele::http {
namespace {

namespace bj = boost::json;

const Timestamp kNow = *ParseRfc3339("2026-11-27T10:00:00Z");

struct Case {
  const char* name;
  const char* method;
  const char* route;
  std::map<std::string, std::string> params;
  const char* body;
  int status;
  const char* answer;
  std::optional<ClientId> caller_account;
  const char* event;  // the expected event
};

TEST(ActivityEventTest, DescribesEachKindOfRequest) {
  const Case cases[] = {
      {"a product's status changed now: the answer says from what",
       "PUT", "/iam/clients/{clientId}/services/{serviceId}", {{"clientId", "5"}, {"serviceId", "28"}},
       R"({"status":"trial"})", 200,
       R"({"name":"CDN","status":"trial","previous_status":"new","status_changed_at":"2026-11-27T10:00:00Z"})",
       std::nullopt,
       R"({"action":"product_updated","product":"CDN","from":"new","to":"trial","fields":{"status":"trial"},"account":5})"},
      {"activating leaves the status alone: no from/to",
       "PUT", "/iam/clients/{clientId}/services/{serviceId}", {{"clientId", "5"}, {"serviceId", "28"}},
       R"({"enabled":true})", 200,
       R"({"name":"CDN","status":"trial","previous_status":"new","status_changed_at":"2026-11-01T10:00:00Z"})",
       std::nullopt,
       R"({"action":"product_updated","product":"CDN","fields":{"enabled":true},"account":5})"},
      {"a refused status change says what was asked",
       "PUT", "/iam/clients/{clientId}/services/{serviceId}", {{"clientId", "5"}, {"serviceId", "28"}},
       R"({"status":"active"})", 400, R"({"errors":{"status":["x"]}})", std::nullopt,
       R"({"action":"product_updated","to":"active","fields":{"status":"active"},"account":5})"},
      {"an account created: the answer names it",
       "POST", "/iam/users", {}, R"({"email":"it@acme.example","company":"Acme","password":"********"})",
       201, R"({"id":9,"email":"it@acme.example","client":12})", std::nullopt,
       R"({"action":"account_created","target":"it@acme.example","fields":{"email":"it@acme.example","company":"Acme","password":"********"},"account":12})"},
      {"a person edited: the answer names the person and the account",
       "PATCH", "/iam/users/{userId}", {{"userId", "9"}}, R"({"name":"Bob"})", 200,
       R"({"id":9,"email":"bob@acme.example","client":12})", std::nullopt,
       R"({"action":"user_edited","target":"bob@acme.example","fields":{"name":"Bob"},"account":12})"},
      {"a person blocked",
       "POST", "/iam/users/{userId}/block", {{"userId", "9"}}, "", 200,
       R"({"id":9,"email":"bob@acme.example","client":12})", std::nullopt,
       R"({"action":"user_blocked","target":"bob@acme.example","account":12})"},
      {"a refused block still names the person by id",
       "POST", "/iam/users/{userId}/block", {{"userId", "9"}}, "", 404, R"({"message":"Not found."})",
       std::nullopt, R"({"action":"user_blocked","target":"#9"})"},
      {"a customer's own request concerns its account",
       "POST", "/iam/clients/me/deletion_request", {}, R"({"confirm":true})", 201, "{}", ClientId{12},
       R"({"action":"deletion_requested","account":12})"},
      {"acting starts for the account in the body",
       "POST", "/iam/auth/session/impersonate", {}, R"({"client_id":12})", 200, "{}", std::nullopt,
       R"({"action":"acting_started","account":12})"},
      {"an activation request names its product",
       "POST", "/iam/clients/{clientId}/services/{serviceId}/activation_request",
       {{"clientId", "12"}, {"serviceId", "3"}}, R"({"message":"Please"})", 202,
       R"({"product":"STORAGE","status":"sent"})", ClientId{12},
       R"({"action":"activation_requested","product":"STORAGE","fields":{"message":"Please"},"account":12})"},
      {"a token deleted is named by its id",
       "DELETE", "/iam/clients/{clientId}/tokens/{tokenId}", {{"clientId", "12"}, {"tokenId", "4"}},
       "", 204, "", ClientId{12}, R"({"action":"api_token_deleted","target":"#4","account":12})"},
      {"the organisation's settings concern no account",
       "PUT", "/iam/reselling/settings", {}, R"({"publicSettings":{"brandName":"Acme"}})", 200, "{}",
       std::nullopt,
       R"({"action":"vendor_settings_changed","fields":{"publicSettings":{"brandName":"Acme"}}})"},
      {"a read while acting",
       "GET", "/iam/clients/{clientId}/services", {{"clientId", "12"}}, "", 200, "[]", ClientId{12},
       R"({"action":"viewed","target":"/iam/clients/12/services","account":12})"},
      {"a bulk action: one entry with the totals and the accounts by outcome",
       "POST", "/iam/clients/bulk", {}, R"({"action":"set_test","is_test":true})", 200,
       R"({"total":3,"done":3,"changed":2,"unchanged":0,"refused":0,"not_found":1,)"
       R"("action":"set_test","completed":true,)"
       R"("accounts":{"changed":[4,5],"unchanged":[],"refused":[],"not_found":[99]}})",
       std::nullopt,
       R"({"action":"accounts_bulk_changed","total":3,"done":3,"changed":2,"unchanged":0,)"
       R"("refused":0,"not_found":1,"completed":true,)"
       R"("accounts":{"changed":[4,5],"unchanged":[],"refused":[],"not_found":[99]},)"
       R"("fields":{"action":"set_test","is_test":true}})"},
      {"a refused bulk action says what was asked",
       "POST", "/iam/clients/bulk", {}, R"({"action":"set_test"})", 400,
       R"({"errors":{"is_test":["Required."]}})", std::nullopt,
       R"({"action":"accounts_bulk_changed","fields":{"action":"set_test"}})"},
      {"an import's dry run",
       "POST", "/iam/clients/import", {}, R"({"dry_run":true,"csv":"********"})", 200,
       R"({"records":2,"imported":1,"skipped_existing":0,"failed":1,"dry_run":true,)"
       R"("completed":true,"errors":[{"line":3,"field":"email","reason":"x"}]})",
       std::nullopt,
       R"({"action":"accounts_imported","records":2,"imported":1,"skipped_existing":0,)"
       R"("failed":1,"dry_run":true,"completed":true,)"
       R"("errors":[{"line":3,"field":"email","reason":"x"}],)"
       R"("fields":{"dry_run":true,"csv":"********"}})"},
  };
  for (const auto& c : cases) {
    RequestForLog r;
    r.method = c.method;
    r.route = c.route;
    r.params = &c.params;
    // The path as the route would have matched it.
    std::string path = c.route;
    for (const auto& [name, value] : c.params) {
      auto at = path.find("{" + name + "}");
      path.replace(at, name.size() + 2, value);
    }
    r.path = path;
    r.recorded_body = c.body;
    r.status = c.status;
    r.answer = c.answer;
    r.caller_account = c.caller_account;
    r.now = kNow;
    ActivityEvent e = DescribeRequest(r);
    EXPECT_EQ(bj::parse(e.json), bj::parse(c.event)) << c.name << "\n" << e.json;
    auto account = bj::parse(c.event).as_object().if_contains("account");
    EXPECT_EQ(e.account.has_value(), account != nullptr) << c.name;
    if (account && e.account) {
      EXPECT_EQ(e.account->value, account->as_int64()) << c.name;
    }
  }
}

TEST(ActivityEventTest, NoRouteMatchedIsARequest) {
  RequestForLog r;
  r.method = "POST";
  r.path = "/iam/nowhere";
  r.status = 404;
  r.now = kNow;
  EXPECT_EQ(bj::parse(DescribeRequest(r).json),
            bj::parse(R"({"action":"request","target":"/iam/nowhere"})"));
}

TEST(ActivityEventTest, AnswersThatAreNotJsonAreIgnored) {
  std::map<std::string, std::string> params{{"userId", "9"}};
  RequestForLog r;
  r.method = "POST";
  r.route = "/iam/users/{userId}/activate";
  r.params = &params;
  r.recorded_body = "(not JSON; not recorded)";
  r.status = 200;
  r.answer = "<html>";
  r.now = kNow;
  EXPECT_EQ(bj::parse(DescribeRequest(r).json),
            bj::parse(R"({"action":"user_activated","target":"#9"})"));
}

TEST(ActivityEventTest, EveryStateChangingRouteHasItsAction) {
  Router router = BuildRoutes();
  for (const auto& route : router.routes()) {
    if (route.method == "GET") continue;
    EXPECT_NE(ActionOf(route.method, route.pattern), "request")
        << route.method << " " << route.pattern
        << " has no rule in http/activity_event.cc: say what it does for the activity log";
  }
}

}  // namespace
}  // namespace clientele::http
