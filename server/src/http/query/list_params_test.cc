#include "http/query/list_params.h"

#include <gtest/gtest.h>

namespace clientele::http::query {
namespace {

TEST(ListParamsTest, ActivityReadsEveryParameterAndItsAlias) {
  auto q = ParseActivityQuery({{"client", "7"}, {"user", "3"}, {"method", "patch"},
                               {"path", "/iam"}, {"status_code", "404"},
                               {"requested_at_gte", "2026-11-27"}, {"limit", "5"},
                               {"offset", "10"}, {"unknown", "x"}});
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->client, ClientId{7});
  EXPECT_EQ(q->user, UserId{3});
  EXPECT_EQ(q->method, "PATCH");
  EXPECT_EQ(q->path_contains, "/iam");
  EXPECT_EQ(q->status_code, 404);
  EXPECT_TRUE(q->from.has_value());
  EXPECT_FALSE(q->to.has_value());
  EXPECT_EQ(q->limit, 5);
  EXPECT_EQ(q->offset, 10);
  EXPECT_EQ(ParseActivityQuery({})->limit, 20);  // the default page
  EXPECT_EQ(ParseActivityQuery({{"account_id", "12"}})->subject, ClientId{12});
  EXPECT_FALSE(ParseActivityQuery({{"account_id", "twelve"}}).ok());
}

TEST(ListParamsTest, SellersAndStatusChanges) {
  auto sellers = ParseSellerQuery({{"id__in", "4, 5"}, {"email", "Sam@X.example"},
                                   {"deleted", "true"}, {"ordering", "-date_joined,id"}});
  ASSERT_TRUE(sellers.ok());
  EXPECT_EQ(sellers->ids, (std::vector<UserId>{UserId{4}, UserId{5}}));
  EXPECT_EQ(sellers->email_contains, "sam@x.example");
  EXPECT_EQ(sellers->deleted, true);
  ASSERT_EQ(sellers->ordering.size(), 2u);
  EXPECT_EQ(sellers->ordering[0], (std::pair<std::string, bool>{"date_joined", true}));
  EXPECT_FALSE(sellers->limit.has_value());
  auto changes = ParseStatusChangeQuery({{"client_id", "9"}, {"status_change_at_lte", "2026-11-27"}});
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->client, ClientId{9});
  EXPECT_TRUE(changes->to.has_value());
}

struct BadCase {
  const char* key;
  const char* value;
};
class ListParamsBadValueTest : public testing::TestWithParam<BadCase> {};
TEST_P(ListParamsBadValueTest, NamesTheParameter) {
  const Params params{{GetParam().key, GetParam().value}};
  for (const Error& e : {ParseActivityQuery(params).error(), ParseSellerQuery(params).error(),
                         ParseStatusChangeQuery(params).error()}) {
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(e.fields.contains(GetParam().key)) << GetParam().key;
  }
}
// Paging is common to every list.
INSTANTIATE_TEST_SUITE_P(Table, ListParamsBadValueTest,
                         testing::Values(BadCase{"limit", "0"}, BadCase{"limit", "1001"},
                                         BadCase{"offset", "-1"}, BadCase{"offset", "x"}));

TEST(ListParamsTest, MalformedValuesNameTheirParameter) {
  EXPECT_TRUE(ParseActivityQuery({{"client", "x"}}).error().fields.contains("client"));
  EXPECT_TRUE(ParseActivityQuery({{"method", "GET"}}).error().fields.contains("method"));
  EXPECT_TRUE(ParseActivityQuery({{"status_code", "99"}}).error().fields.contains("status_code"));
  EXPECT_TRUE(ParseSellerQuery({{"id", "1,x"}}).error().fields.contains("id"));
  EXPECT_TRUE(ParseSellerQuery({{"activated", "maybe"}}).error().fields.contains("activated"));
  EXPECT_TRUE(ParseSellerQuery({{"ordering", "password"}}).error().fields.contains("ordering"));
  EXPECT_TRUE(ParseStatusChangeQuery({{"status_change_at_gte", "soon"}})
                  .error()
                  .fields.contains("status_change_at_gte"));
  EXPECT_TRUE(ParsePaging({{"limit", "1"}, {"offset", "2"}}).ok());
}

}  // namespace
}  // namespace clientele::http::query
