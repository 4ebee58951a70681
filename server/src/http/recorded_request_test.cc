#include "http/recorded_request.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/router.h"

namespace clientele::http {
namespace {

namespace bj = boost::json;

bj::value Recorded(std::string_view method, std::string_view pattern, std::string_view body) {
  return bj::parse(RecordedBody(method, pattern, body));
}

TEST(RecordedRequestTest, EveryStateChangingRouteHasAnEntryAndEveryEntryARoute) {
  Router router = BuildRoutes();
  const auto& routes = router.routes();
  for (const auto& route : routes) {
    if (route.method == "GET") continue;
    EXPECT_NE(FindRecordedFields(route.method, route.pattern), nullptr)
        << route.method << " " << route.pattern
        << " has no entry in http/recorded_request.cc: list the body fields it may record";
  }
  for (const auto& entry : RecordedBodyFields()) {
    bool found = false;
    for (const auto& route : routes)
      found = found || (route.method == entry.method && route.pattern == entry.pattern);
    EXPECT_TRUE(found) << entry.method << " " << entry.pattern << " is no route";
  }
}

TEST(RecordedRequestTest, PasswordChangeKeepsOnlyTheNames) {
  auto v = Recorded("PUT", "/iam/users/{userId}/password",
                    R"({"old":"Old-Secret-1","new":"New-Secret-2","double":"New-Secret-2"})");
  EXPECT_EQ(v, bj::parse(R"({"old":"********","new":"********","double":"********"})"));
}

TEST(RecordedRequestTest, ListedFieldsAsGivenOthersMasked) {
  auto v = Recorded("POST", "/iam/users",
                    R"({"email":"a@b.example","password":"Sturdy-Password-42","company":"Acme",
                        "is_test":true,"seller":null,"surprise":{"deep":"x"},
                        "services":[{"product_name":"CDN","available":true,"key":"k"}]})");
  EXPECT_EQ(v.at("email"), "a@b.example");
  EXPECT_EQ(v.at("company"), "Acme");
  EXPECT_EQ(v.at("is_test"), true);
  EXPECT_EQ(v.at("password"), "********");
  EXPECT_TRUE(v.at("seller").is_null());
  EXPECT_EQ(v.at("surprise"), "********");
  EXPECT_EQ(v.at("services"),
            bj::parse(R"([{"product_name":"CDN","available":true,"key":"********"}])"));
}

TEST(RecordedRequestTest, NestedPathsOfTheVendorSettings) {
  auto v = Recorded("PUT", "/iam/reselling/settings",
                    R"({"publicSettings":{"brandName":"Brand","colors":{"header":"#fff"}},
                        "privateSettings":{"mailServer":{"host":"smtp.example","port":"587",
                                                         "login":"me","password":"Smtp-Secret"},
                                           "apiKey":"k-123"}})");
  EXPECT_EQ(v.at("publicSettings"),
            bj::parse(R"({"brandName":"Brand","colors":{"header":"#fff"}})"));
  EXPECT_EQ(v.at("privateSettings"),
            bj::parse(R"({"mailServer":{"host":"smtp.example","port":"587","login":"me",
                                        "password":"********"},"apiKey":"********"})"));
}

TEST(RecordedRequestTest, ABodyThatIsAList) {
  EXPECT_EQ(Recorded("PATCH", "/iam/products/availability/defaults",
                     R"([{"product_name":"CDN","available":false,"token":"t"}])"),
            bj::parse(R"([{"product_name":"CDN","available":false,"token":"********"}])"));
  // A list where the route expects none is masked whole.
  EXPECT_EQ(Recorded("PUT", "/iam/users/{userId}/password", R"(["Old-Secret-1"])"),
            bj::value("********"));
}

TEST(RecordedRequestTest, SignInsKeepTheUsernameOnly) {
  EXPECT_EQ(Recorded("POST", "/iam/auth/session",
                     R"({"username":"a@b.example","password":"pw","portal":"admin"})"),
            bj::parse(R"({"username":"a@b.example","password":"********","portal":"admin"})"));
  EXPECT_EQ(Recorded("POST", "/iam/auth/password/set", R"({"token":"t","password":"pw"})"),
            bj::parse(R"({"token":"********","password":"********"})"));
}

TEST(RecordedRequestTest, NoEntryEmptyOrNotJson) {
  EXPECT_EQ(RecordedBody("POST", "/iam/nowhere", R"({"password":"pw"})"), "");
  EXPECT_EQ(RecordedBody("GET", "/iam/clients", R"({"email":"a@b.example"})"), "");
  EXPECT_EQ(RecordedBody("POST", "/iam/users", ""), "");
  EXPECT_EQ(RecordedBody("POST", "/iam/users", "password=pw"), "(not JSON; not recorded)");
}

TEST(RecordedRequestTest, QueryKeepsFiltersAndMasksEverythingElse) {
  EXPECT_EQ(RecordedQuery(""), "");
  EXPECT_EQ(RecordedQuery("limit=10&offset=20&email=a%40b&ordering=-id"),
            "limit=10&offset=20&email=a%40b&ordering=-id");
  EXPECT_EQ(RecordedQuery("password=pw&token=t&refresh=r&secret=s&key=k&api_key=a"),
            "password=********&token=********&refresh=********&secret=********&key=********&"
            "api_key=********");
  EXPECT_EQ(RecordedQuery("pass%77ord=pw&Sturdy-Secret&cdn=active&"),
            "pass%77ord=********&********&cdn=active&");
}

}  // namespace
}  // namespace clientele::http
