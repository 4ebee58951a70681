#include "http/query/client_query_params.h"

#include <gtest/gtest.h>

namespace clientele::http::query {
namespace {

const std::vector<std::string> kProducts = {"CDN", "STORAGE", "STREAMING", "DNS", "DDOS", "CLOUD"};
const OrgId kOrg{7};

Result<ClientQuery> Parse(std::vector<std::pair<std::string, std::string>> params) {
  return ParseClientQuery(params, kOrg, kProducts);
}

TEST(ClientQueryTest, DefaultsHideTestAndDeletedAndListEverything) {
  auto q = Parse({});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->is_test, FlagFilter::kOnlyFalse);
  EXPECT_EQ(q->deleted, FlagFilter::kOnlyFalse);
  EXPECT_FALSE(q->limit);
  EXPECT_EQ(q->offset, 0);
  EXPECT_TRUE(q->ordering.empty());
}

TEST(ClientQueryTest, Flags) {
  EXPECT_EQ(Parse({{"is_test", "true"}})->is_test, FlagFilter::kOnlyTrue);
  EXPECT_EQ(Parse({{"is_test", "False"}})->is_test, FlagFilter::kOnlyFalse);
  EXPECT_EQ(Parse({{"deleted", "true"}})->deleted, FlagFilter::kOnlyTrue);
  EXPECT_EQ(Parse({{"deleted", "all"}})->deleted, FlagFilter::kAll);  // contract: other = all
  EXPECT_EQ(Parse({{"is_test", "ALL"}})->is_test, FlagFilter::kAll);
  auto bad = Parse({{"is_test", "maybe"}});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().fields.contains("is_test"));
}

TEST(ClientQueryTest, OrderingAndPaging) {
  auto q = Parse({{"ordering", "-companyName,created,id"}, {"limit", "25"}, {"offset", "50"}});
  ASSERT_TRUE(q);
  ASSERT_EQ(q->ordering.size(), 3u);
  EXPECT_EQ(q->ordering[0].field, ClientOrderField::kCompanyName);
  EXPECT_TRUE(q->ordering[0].descending);
  EXPECT_EQ(q->ordering[1].field, ClientOrderField::kCreatedAt);
  EXPECT_FALSE(q->ordering[1].descending);
  EXPECT_EQ(q->limit, 25);
  EXPECT_EQ(q->offset, 50);
}

TEST(ClientQueryTest, OffsetUpToItsCap) {
  EXPECT_EQ(Parse({{"limit", "1000"}, {"offset", "1000000000"}})->offset, kMaxOffset);
  EXPECT_FALSE(Parse({{"limit", "1000"}, {"offset", "1000000001"}}));
}

TEST(ClientQueryTest, ProductStatusesAndAvailability) {
  auto q = Parse({{"cdn", "trial,active"}, {"dns", "new"},
                  {"personal_product_availability", "cdn, STORAGE"}});
  ASSERT_TRUE(q);
  ASSERT_EQ(q->product_statuses.size(), 2u);
  EXPECT_EQ(q->product_statuses[0].first, "CDN");
  EXPECT_EQ(q->product_statuses[0].second,
            (std::vector<ProductStatus>{ProductStatus::kTrial, ProductStatus::kActive}));
  EXPECT_EQ(q->personal_availability, (std::vector<std::string>{"CDN", "STORAGE"}));
}

TEST(ClientQueryTest, SellerCountryResellerType) {
  auto q = Parse({{"seller_id", "null"}, {"country_code", "de"}, {"client_type", "reseller"}});
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->filter_seller);
  EXPECT_FALSE(q->seller);
  EXPECT_EQ(q->country_code, "DE");
  EXPECT_EQ(q->reseller_account, true);
  EXPECT_EQ(Parse({{"seller_id", "12"}})->seller, UserId{12});
  EXPECT_FALSE(Parse({{"reseller_id", "7"}})->match_nothing);
  EXPECT_TRUE(Parse({{"reseller_id", "8"}})->match_nothing);
}

TEST(ClientQueryTest, SubstringsAndIds) {
  auto q = Parse({{"email", "acme"}, {"companyName", ""}, {"id__in", "3,4, 5"},
                  {"id__in__exclude", "4"}});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->email_contains, "acme");
  EXPECT_FALSE(q->company_contains);  // empty means no filter
  EXPECT_EQ(q->ids.size(), 3u);
  EXPECT_EQ(q->exclude_ids, std::vector<ClientId>{ClientId{4}});
}

TEST(ClientQueryTest, UnknownParametersAreIgnored) {
  EXPECT_TRUE(Parse({{"promocode", "x"}, {"bill_type", "y"}, {"foo", "bar"}}));
}

struct BadCase {
  const char* key;
  const char* value;
};
class BadValueTest : public testing::TestWithParam<BadCase> {};
TEST_P(BadValueTest, NamesTheParameter) {
  auto q = Parse({{GetParam().key, GetParam().value}});
  ASSERT_FALSE(q) << GetParam().key << "=" << GetParam().value;
  EXPECT_EQ(q.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(q.error().fields.contains(GetParam().key)) << GetParam().key;
}
INSTANTIATE_TEST_SUITE_P(
    Table, BadValueTest,
    testing::Values(BadCase{"limit", "-1"}, BadCase{"limit", "0"}, BadCase{"limit", "abc"},
                    BadCase{"limit", "1001"}, BadCase{"offset", "-5"},
                    BadCase{"offset", "1000000001"}, BadCase{"offset", "9223372036854775807"},
                    BadCase{"is_test", "maybe"},
                    BadCase{"ordering", "password"}, BadCase{"ordering", "-"},
                    BadCase{"cdn", "sleeping"}, BadCase{"status", "new"},
                    BadCase{"created_at_gte", "yesterday"}, BadCase{"id", "x"},
                    BadCase{"id__in", "1,a"}, BadCase{"seller_id", "-3"},
                    BadCase{"country_code", "Germany"}, BadCase{"client_type", "vip"},
                    BadCase{"personal_product_availability", "FASTEDGE"},
                    BadCase{"reseller_id", "me"}));

}  // namespace
}  // namespace clientele::http::query
