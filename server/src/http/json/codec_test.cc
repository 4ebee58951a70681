#include "http/json/codec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace clientele::http::json {
namespace {

const Timestamp kCreated = Timestamp::FromSeconds(1'795'773'600);  // 2026-11-27T10:00:00Z
const char* kCreatedText = "2026-11-27T10:00:00.000000Z";

bj::object Parse(std::string_view text) {
  auto o = ParseObject(text);
  EXPECT_TRUE(o.ok()) << text;
  return o.ok() ? *o : bj::object{};
}

// The messages FieldErrors collected, by field.
std::map<std::string, std::vector<std::string>> Messages(const FieldErrors& e) {
  return e.ToError().fields;
}

TEST(CodecParseTest, AcceptsOnlyAJsonObject) {
  struct Case {
    std::string body;
    std::string message;  // empty: accepted
  };
  for (const Case& c : std::initializer_list<Case>{
           {"{}", ""},
           {R"({"a": 1})", ""},
           {"[]", "JSON parse error - expected an object, got a list."},
           {"\"x\"", "JSON parse error - expected an object, got a string."},
           {"12", "JSON parse error - expected an object, got a number."},
           {"true", "JSON parse error - expected an object, got a boolean."},
           {"null", "JSON parse error - expected an object, got null."},
       }) {
    SCOPED_TRACE(c.body);
    auto o = ParseObject(c.body);
    if (c.message.empty()) {
      EXPECT_TRUE(o.ok());
      continue;
    }
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(o.error().message, c.message);
  }
  for (const char* broken : {"", "{", "{\"a\":}", "{'a': 1}", "{} x"}) {
    auto o = ParseObject(broken);
    ASSERT_FALSE(o.ok()) << broken;
    EXPECT_EQ(o.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(o.error().message.rfind("JSON parse error - ", 0), 0u) << o.error().message;
  }
}

TEST(CodecReadTest, ReadStringTakesStringsAndNamesTheWrongType) {
  bj::object o = Parse(R"({"s": "Acme", "e": "", "n": null, "i": 3, "b": true, "l": [], "o": {}})");
  struct Case {
    std::string key;
    std::optional<std::string> value;
    std::string error;  // empty: none
  };
  for (const Case& c : std::initializer_list<Case>{
           {"s", "Acme", ""},
           {"e", "", ""},
           {"absent", std::nullopt, ""},
           {"n", std::nullopt, "This field may not be null."},
           {"i", std::nullopt, "Must be a string, not a number."},
           {"b", std::nullopt, "Must be a string, not a boolean."},
           {"l", std::nullopt, "Must be a string, not a list."},
           {"o", std::nullopt, "Must be a string, not an object."},
       }) {
    SCOPED_TRACE(c.key);
    FieldErrors errors;
    EXPECT_EQ(ReadString(o, c.key, errors), c.value);
    if (c.error.empty()) {
      EXPECT_TRUE(errors.empty());
    } else {
      EXPECT_EQ(Messages(errors), (std::map<std::string, std::vector<std::string>>{
                                      {c.key, {c.error}}}));
    }
  }
}

TEST(CodecReadTest, ReadNullableStringTellsAbsentFromNull) {
  bj::object o = Parse(R"({"s": "x", "n": null, "i": 1})");
  FieldErrors errors;
  auto s = ReadNullableString(o, "s", errors);
  ASSERT_TRUE(s && *s);
  EXPECT_EQ(**s, "x");
  auto n = ReadNullableString(o, "n", errors);
  ASSERT_TRUE(n.has_value());
  EXPECT_FALSE(n->has_value());
  EXPECT_FALSE(ReadNullableString(o, "absent", errors).has_value());
  EXPECT_TRUE(errors.empty());
  EXPECT_FALSE(ReadNullableString(o, "i", errors).has_value());
  EXPECT_EQ(Messages(errors).at("i"),
            std::vector<std::string>{"Must be a string or null, not a number."});
}

TEST(CodecReadTest, ReadIntTakesWholeNumbersOnly) {
  bj::object o = Parse(
      R"({"z": 0, "neg": -5, "big": 9223372036854775807, "huge": 18446744073709551615,
          "f": 1.5, "s": "3", "b": false, "n": null})");
  struct Case {
    std::string key;
    std::optional<int64_t> value;
    std::string error;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"z", 0, ""},
           {"neg", -5, ""},
           {"big", INT64_MAX, ""},
           {"absent", std::nullopt, ""},
           {"huge", std::nullopt, "Must be a whole number, not a number."},
           {"f", std::nullopt, "Must be a whole number, not a number."},
           {"s", std::nullopt, "Must be a whole number, not a string."},
           {"b", std::nullopt, "Must be a whole number, not a boolean."},
           {"n", std::nullopt, "Must be a whole number, not null."},
       }) {
    SCOPED_TRACE(c.key);
    FieldErrors errors;
    EXPECT_EQ(ReadInt(o, c.key, errors), c.value);
    if (c.error.empty())
      EXPECT_TRUE(errors.empty());
    else
      EXPECT_EQ(Messages(errors).at(c.key), std::vector<std::string>{c.error});
  }
}

TEST(CodecReadTest, ReadNullableIntTellsAbsentFromNullAndKeepsTypeErrors) {
  bj::object o = Parse(R"({"i": 7, "n": null, "s": "7"})");
  FieldErrors errors;
  auto i = ReadNullableInt(o, "i", errors);
  ASSERT_TRUE(i && *i);
  EXPECT_EQ(**i, 7);
  auto n = ReadNullableInt(o, "n", errors);
  ASSERT_TRUE(n.has_value());
  EXPECT_FALSE(n->has_value());
  EXPECT_FALSE(ReadNullableInt(o, "absent", errors).has_value());
  EXPECT_TRUE(errors.empty());
  EXPECT_FALSE(ReadNullableInt(o, "s", errors).has_value());
  EXPECT_EQ(Messages(errors).at("s"), std::vector<std::string>{"Must be a whole number, not a string."});
}

TEST(CodecReadTest, ReadBoolTakesOnlyTrueOrFalse) {
  bj::object o = Parse(R"({"t": true, "f": false, "i": 1, "s": "true", "n": null})");
  struct Case {
    std::string key;
    std::optional<bool> value;
    std::string error;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"t", true, ""},
           {"f", false, ""},
           {"absent", std::nullopt, ""},
           {"i", std::nullopt, "Must be true or false, not a number."},
           {"s", std::nullopt, "Must be true or false, not a string."},
           {"n", std::nullopt, "Must be true or false, not null."},
       }) {
    SCOPED_TRACE(c.key);
    FieldErrors errors;
    EXPECT_EQ(ReadBool(o, c.key, errors), c.value);
    if (c.error.empty())
      EXPECT_TRUE(errors.empty());
    else
      EXPECT_EQ(Messages(errors).at(c.key), std::vector<std::string>{c.error});
  }
}

TEST(CodecReadTest, ErrorsOfSeveralFieldsAreAllKept) {
  bj::object o = Parse(R"({"email": 1, "is_test": "yes", "seller": "x"})");
  FieldErrors errors;
  (void)ReadString(o, "email", errors);
  (void)ReadBool(o, "is_test", errors);
  (void)ReadNullableInt(o, "seller", errors);
  auto fields = Messages(errors);
  EXPECT_EQ(fields.size(), 3u);
  for (const char* f : {"email", "is_test", "seller"}) EXPECT_TRUE(errors.Has(f)) << f;
}

TEST(CodecTimeTest, DatesAreRfc3339InUtcAndAbsentIsNull) {
  EXPECT_EQ(Time(kCreated), bj::value(kCreatedText));
  EXPECT_EQ(Time(Timestamp{1'795'773'600'000'001}), bj::value("2026-11-27T10:00:00.000001Z"));
  EXPECT_TRUE(Time(std::nullopt).is_null());
}

ClientView SampleClient() {
  ClientView v;
  Client& c = v.client;
  c.id = ClientId(42);
  c.org = OrgId(3);
  c.email = "ops@acme.example";
  c.company_name = "Acme";
  c.custom_id = "ACME-1";
  c.lang = "de";
  c.status = AccountStatus::kTrial;
  c.created_at = kCreated;
  c.updated_at = Timestamp::FromSeconds(1'795'777'200);  // an hour later
  v.services = {{"CDN", ProductStatus::kTrial, true}, {"DNS", ProductStatus::kNew, false}};
  User admin;
  admin.id = UserId(7);
  admin.org = OrgId(3);
  admin.client = ClientId(42);
  admin.email = "admin@acme.example";
  admin.group = Group::kAdministrators;
  admin.activated = true;
  v.users = {admin};
  return v;
}

TEST(CodecClientTest, UsesTheContractNamesAndNulls) {
  bj::object o = EncodeClient(SampleClient());
  struct Case {
    const char* key;
    bj::value want;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"id", 42},
           {"email", "ops@acme.example"},
           {"companyName", "Acme"},
           {"custom_id", "ACME-1"},
           {"name", nullptr},
           {"phone", nullptr},
           {"website", nullptr},
           {"seller", nullptr},
           {"owner", nullptr},
           {"country_code", nullptr},
           {"reseller", 3},
           {"resellers", 3},
           {"client_type", "common"},
           {"lang", "de"},
           {"is_test", false},
           {"status", "trial"},
           {"deleted", false},
           {"created", kCreatedText},
           {"created_at", kCreatedText},
           {"updated_at", "2026-11-27T11:00:00.000000Z"},
           {"deleted_at", nullptr},
           {"has_active_admin", true},
           {"currentUser", 7},
       }) {
    SCOPED_TRACE(c.key);
    ASSERT_TRUE(o.contains(c.key));
    EXPECT_EQ(o.at(c.key), c.want);
  }
  // Internal names never leak.
  for (const char* internal : {"company_name", "customId", "org", "is_reseller_account"})
    EXPECT_FALSE(o.contains(internal)) << internal;
  EXPECT_EQ(o.at("serviceStatuses"),
            bj::parse(R"({"CDN": {"status": "trial", "enabled": true},
                          "DNS": {"status": "new", "enabled": false}})"));
  EXPECT_EQ(o.at("capabilities"), bj::parse(R"(["CDN"])"));
  ASSERT_EQ(o.at("users").as_array().size(), 1u);
  const auto& u = o.at("users").as_array()[0].as_object();
  EXPECT_EQ(u.at("email"), "admin@acme.example");
  EXPECT_EQ(u.at("company"), "Acme");
  EXPECT_FALSE(u.contains("client_and_roles"));  // only in the user's own encoding
}

TEST(CodecClientTest, ResellerAccountDeletedAccountAndSetOptionals) {
  ClientView v = SampleClient();
  v.client.is_reseller_account = true;
  v.client.name = "Ops";
  v.client.seller = UserId(9);
  v.client.deleted = true;
  v.client.status = AccountStatus::kDeleted;
  v.client.deleted_at = kCreated;
  v.users.front().blocked = true;  // a blocked administrator is no active admin
  bj::object o = EncodeClient(v);
  EXPECT_EQ(o.at("client_type"), "reseller");
  EXPECT_EQ(o.at("name"), "Ops");
  EXPECT_EQ(o.at("seller"), 9);
  EXPECT_EQ(o.at("deleted"), true);
  EXPECT_EQ(o.at("status"), "deleted");
  EXPECT_EQ(o.at("deleted_at"), kCreatedText);
  EXPECT_EQ(o.at("has_active_admin"), false);

  v.users.clear();
  v.services.clear();
  bj::object empty = EncodeClient(v);
  EXPECT_TRUE(empty.at("currentUser").is_null());
  EXPECT_TRUE(empty.at("capabilities").as_array().empty());
  EXPECT_TRUE(empty.at("serviceStatuses").as_object().empty());
}

TEST(CodecUserTest, CustomerUserAndSeller) {
  User u = SampleClient().users.front();
  u.name = "Ada";
  u.group = Group::kEngineers;
  bj::object o = EncodeUser(u, "Acme");
  EXPECT_EQ(o.at("id"), 7);
  EXPECT_EQ(o.at("name"), "Ada");
  EXPECT_TRUE(o.at("phone").is_null());
  EXPECT_EQ(o.at("client"), 42);
  EXPECT_EQ(o.at("reseller"), 3);
  EXPECT_EQ(o.at("user_type"), "common");
  EXPECT_EQ(o.at("is_active"), true);
  EXPECT_EQ(o.at("groups"), bj::parse(R"([{"id": 5, "name": "Engineers"}])"));
  EXPECT_EQ(o.at("client_and_roles"),
            bj::parse(R"([{"client_id": 42, "client_company_name": "Acme", "user_id": 7,
                           "user_roles": ["5"]}])"));
  EXPECT_FALSE(o.contains("password_hash"));

  User seller;
  seller.id = UserId(8);
  seller.org = OrgId(3);
  seller.email = "seller@org.example";
  seller.type = UserType::kSeller;
  seller.deleted = true;
  bj::object s = EncodeUser(seller, "");
  EXPECT_TRUE(s.at("client").is_null());
  EXPECT_TRUE(s.at("groups").as_array().empty());
  EXPECT_TRUE(s.at("client_and_roles").as_array().empty());
  EXPECT_EQ(s.at("user_type"), "seller");
  EXPECT_EQ(s.at("is_active"), false);
}

TEST(CodecApiTokenTest, NamesDatesAndNeverTheSecret) {
  ApiToken t;
  t.id = TokenId(11);
  t.client = ClientId(42);
  t.user = UserId(7);
  t.name = "ci";
  t.role = Group::kEngineers;
  t.secret_hash = "deadbeef";
  t.created_at = kCreated;
  t.user_email = "admin@acme.example";
  bj::object o = EncodeApiToken(t);
  EXPECT_EQ(o.at("id"), 11);
  EXPECT_EQ(o.at("name"), "ci");
  EXPECT_TRUE(o.at("description").is_null());
  EXPECT_TRUE(o.at("exp_date").is_null());
  EXPECT_TRUE(o.at("last_usage").is_null());
  EXPECT_EQ(o.at("created"), kCreatedText);
  EXPECT_EQ(o.at("client_user"),
            bj::parse(R"({"deleted": false, "user_id": 7, "user_name": null,
                          "user_email": "admin@acme.example", "client_id": 42,
                          "role": {"id": 5, "name": "Engineers"}})"));
  EXPECT_EQ(bj::serialize(o).find("deadbeef"), std::string::npos);
  t.expires_at = Timestamp::FromSeconds(1'795'860'000);
  EXPECT_EQ(EncodeApiToken(t).at("exp_date"), "2026-11-28T10:00:00.000000Z");
}

TEST(CodecStatusChangeTest, FirstChangeHasNullOldStatus) {
  AccountStatusChange c{5, ClientId(42), std::nullopt, AccountStatus::kPreparation, kCreated};
  EXPECT_EQ(bj::value(EncodeStatusChange(c)),
            bj::parse(R"({"id": 5, "client": 42, "old_status": null, "new_status": "preparation",
                          "status_change_at": "2026-11-27T10:00:00.000000Z",
                          "federation_id": "CLIENTELE"})"));
  c.old_status = AccountStatus::kTrial;
  c.new_status = AccountStatus::kTrialEnd;
  bj::object o = EncodeStatusChange(c);
  EXPECT_EQ(o.at("old_status"), "trial");
  EXPECT_EQ(o.at("new_status"), "trialend");
}

TEST(CodecActivityTest, ActingUserEmailOnlyWhenActing) {
  ActivityEntry a;
  a.id = 1;
  a.user = UserId(7);
  a.user_email = "admin@acme.example";
  a.requested_at = kCreated;
  a.method = "PATCH";
  a.path = "/iam/clients/42";
  a.status_code = 200;
  a.acting_user_email = "ignored@org.example";
  bj::object o = EncodeActivity(a);
  EXPECT_EQ(o.at("actions"), "PATCH /iam/clients/42");
  EXPECT_EQ(o.at("requested_at"), kCreatedText);
  EXPECT_TRUE(o.at("acting_user").is_null());
  EXPECT_TRUE(o.at("acting_user_email").is_null());
  EXPECT_TRUE(o.at("client").is_null());
  EXPECT_TRUE(o.at("token").is_null());
  a.acting_user = UserId(2);
  a.acting_user_email = "boss@org.example";
  bj::object acting = EncodeActivity(a);
  EXPECT_EQ(acting.at("acting_user"), 2);
  EXPECT_EQ(acting.at("acting_user_email"), "boss@org.example");
}

TEST(CodecActivityTest, TheEventAndTheAccountItConcerns) {
  ActivityEntry a;
  a.requested_at = kCreated;
  a.method = "PUT";
  a.path = "/iam/clients/42/services/7";
  a.subject = ClientId{42};
  a.event = R"({"action":"product_updated","product":"CDN","from":"new","to":"trial","account":42})";
  bj::object o = EncodeActivity(a);
  EXPECT_EQ(o.at("account"), 42);
  EXPECT_EQ(o.at("event"), bj::parse(a.event));
  // An entry recorded before events existed says which request it was.
  a.event.clear();
  a.subject.reset();
  bj::object old = EncodeActivity(a);
  EXPECT_TRUE(old.at("account").is_null());
  EXPECT_EQ(old.at("event"), bj::parse(R"({"action":"request","target":"/iam/clients/42/services/7"})"));
}

TEST(CodecServiceTest, ActivationAndTheOpenRequest) {
  ServiceView v;
  v.service.product = "CDN";
  bj::object o = EncodeService(v);
  EXPECT_EQ(o.at("activation"), "not_activated");
  EXPECT_TRUE(o.at("activation_request").is_null());
  ActivationRequest r;
  r.product = "CDN";
  r.requested_email = "ops@acme.example";
  r.message = "soon";
  r.requested_at = kCreated;
  v.activation = Activation::kRequested;
  v.activation_request = r;
  o = EncodeService(v);
  EXPECT_EQ(o.at("activation"), "requested");
  EXPECT_EQ(o.at("activation_request"),
            bj::parse(R"({"product":"CDN","requested_at":")" + std::string(kCreatedText) +
                      R"(","requested_by_email":"ops@acme.example","message":"soon"})"));
  v.activation = Activation::kDeletionPending;
  EXPECT_EQ(EncodeService(v).at("activation"), "deletion_pending");
}

TEST(CodecGroupTest, IdsAreTheOriginalGroupNumbers) {
  struct Case {
    Group g;
    int64_t id;
    const char* name;
  };
  for (const Case& c : std::initializer_list<Case>{
           {Group::kAdministrators, 1, "Administrators"},
           {Group::kUsers, 2, "Users"},
           {Group::kEngineers, 5, "Engineers"},
           {Group::kPurgePrefetchApiWeb, 3009, "Purge and Prefetch only (API+Web)"},
           {Group::kPurgePrefetchApi, 3022, "Purge and Prefetch only (API)"},
       }) {
    bj::object o = EncodeGroup(c.g);
    EXPECT_EQ(o.at("id"), c.id);
    EXPECT_EQ(o.at("name"), c.name);
  }
}

}  // namespace
}  // namespace clientele::http::json
