// Conformance: SettingsStore and OrganisationStore (settings, organisations, branding, presets, throttles).
#include "storage/conformance/fixture.h"

namespace clientele::storage::conformance {
namespace {

// ---------------------------------------------------------------------------------------------
// Settings and organisations

TEST_P(StoreConformanceTest, SettingsKeepBinaryValues) {
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetSetting("missing"); })), std::nullopt);
  const std::string binary("k\0e\xffy", 5);
  EXPECT_OK(W([&](Tx& tx) { return tx.PutSetting("signing_key", binary); }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetSetting("signing_key"); })), binary);
  EXPECT_OK(W([](Tx& tx) { return tx.PutSetting("signing_key", "second"); }));
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetSetting("signing_key"); })), "second");
}

TEST_P(StoreConformanceTest, OrganisationsInsertGetListAndTiming) {
  OrgId a = NewOrg("Alpha");
  OrgId b = NewOrg("Beta");
  EXPECT_NE(a, b);
  auto got = V(R([&](Tx& tx) { return tx.GetOrganisation(a); }));
  EXPECT_EQ(got.name, "Alpha");
  EXPECT_EQ(got.trial_days, 14);
  EXPECT_EQ(got.created_at, kT0);
  EXPECT_FALSE(got.reseller_client);
  EXPECT_EQ(CodeOf(R([](Tx& tx) { return tx.GetOrganisation(OrgId{999999}); })),
            ErrorCode::kNotFound);
  Client own = NewClient(a, "owner@alpha.example", "Alpha");
  EXPECT_OK(W([&](Tx& tx) { return tx.SetResellerClient(a, own.id); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.GetOrganisation(a); })).reseller_client, own.id);
  EXPECT_OK(W([&](Tx& tx) { return tx.SetOrganisationTiming(a, 7, 5); }));
  got = V(R([&](Tx& tx) { return tx.GetOrganisation(a); }));
  EXPECT_EQ(got.trial_days, 7);
  EXPECT_EQ(got.days_to_deleted, 5);
  EXPECT_EQ(CodeOf(W([](Tx& tx) { return tx.SetOrganisationTiming(OrgId{999999}, 7, 5); })),
            ErrorCode::kNotFound);
  auto all = V(R([](Tx& tx) { return tx.ListOrganisations(); }));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, a);
  EXPECT_EQ(all[1].id, b);
  auto products = V(R([](Tx& tx) { return tx.ListProducts(); }));
  ASSERT_EQ(products.size(), 6u);
  EXPECT_EQ(products[0].name, "CDN");
  EXPECT_EQ(products[4].title, "DDoS Protection");
}

TEST_P(StoreConformanceTest, ThrottlesPutGetReplaceDeleteAndPurge) {
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetThrottle("signin:abc"); })), std::nullopt);
  Throttle t;
  t.key = "signin:abc";
  t.count = 3;
  t.window_start = kT0;
  t.updated_at = kT0.PlusSeconds(5);
  EXPECT_OK(W([&](Tx& tx) { return tx.PutThrottle(t); }));
  auto got = V(R([](Tx& tx) { return tx.GetThrottle("signin:abc"); }));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->count, 3);
  EXPECT_EQ(got->window_start, kT0);
  EXPECT_EQ(got->blocked_until, std::nullopt);
  EXPECT_EQ(got->updated_at, kT0.PlusSeconds(5));

  t.count = 6;
  t.blocked_until = kT0.PlusSeconds(120);
  t.updated_at = kT0.PlusSeconds(60);
  EXPECT_OK(W([&](Tx& tx) { return tx.PutThrottle(t); }));
  got = V(R([](Tx& tx) { return tx.GetThrottle("signin:abc"); }));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->count, 6);
  EXPECT_EQ(got->blocked_until, kT0.PlusSeconds(120));

  Throttle other = t;
  other.key = "mail:forgot:def";
  other.blocked_until.reset();
  other.updated_at = kT0.PlusDays(1);
  EXPECT_OK(W([&](Tx& tx) { return tx.PutThrottle(other); }));
  EXPECT_EQ(V(W([&](Tx& tx) { return tx.DeleteThrottlesBefore(kT0.PlusSeconds(61)); })), 1);
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetThrottle("signin:abc"); })), std::nullopt);
  EXPECT_TRUE(V(R([](Tx& tx) { return tx.GetThrottle("mail:forgot:def"); })));
  EXPECT_OK(W([](Tx& tx) { return tx.DeleteThrottle("mail:forgot:def"); }));
  EXPECT_OK(W([](Tx& tx) { return tx.DeleteThrottle("mail:forgot:def"); }));  // gone is fine
  EXPECT_EQ(V(R([](Tx& tx) { return tx.GetThrottle("mail:forgot:def"); })), std::nullopt);
}

TEST_P(StoreConformanceTest, FilterPresets) {
  OrgId org = NewOrg();
  User u = NewUser(org, std::nullopt, "p@example.com", UserType::kSeller);
  User v = NewUser(org, std::nullopt, "q@example.com", UserType::kSeller);
  for (const char* name : {"beta", "Alpha", "gamma"})
    V(W([&](Tx& tx) { return tx.InsertPreset({0, org, u.id, name, "{}", kT0}); }));
  EXPECT_EQ(CodeOf(W([&](Tx& tx) {
              return tx.InsertPreset({0, org, u.id, "beta", "{}", kT0});
            })),
            ErrorCode::kAlreadyExists);
  V(W([&](Tx& tx) { return tx.InsertPreset({0, org, v.id, "beta", "{}", kT0}); }));
  auto list = V(R([&](Tx& tx) { return tx.ListPresets(org, u.id); }));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].name, "Alpha");
  EXPECT_EQ(list[1].name, "beta");
  EXPECT_EQ(CodeOf(W([&](Tx& tx) { return tx.DeletePreset(org, v.id, list[0].id); })),
            ErrorCode::kNotFound);
  EXPECT_OK(W([&](Tx& tx) { return tx.DeletePreset(org, u.id, list[0].id); }));
  EXPECT_EQ(V(R([&](Tx& tx) { return tx.ListPresets(org, u.id); })).size(), 2u);
}

TEST_P(StoreConformanceTest, BrandingDefaultsAndSealedPassword) {
  OrgId org = NewOrg();
  Branding empty = V(R([&](Tx& tx) { return tx.GetBranding(org); }));
  EXPECT_EQ(empty.org, org);
  EXPECT_TRUE(empty.brand_name.empty());
  EXPECT_FALSE(empty.smtp_password_sealed);
  Branding b = empty;
  b.brand_name = "Acme Cloud";
  b.smtp_host = "mail.example";
  b.smtp_port = 587;
  b.smtp_tls = "tls";
  b.smtp_password_sealed = std::string("\x00sealed\xff", 8);
  b.updated_at = kT0;
  EXPECT_OK(W([&](Tx& tx) { return tx.PutBranding(b); }));
  b.support_email = "help@example.com";
  EXPECT_OK(W([&](Tx& tx) { return tx.PutBranding(b); }));
  Branding got = V(R([&](Tx& tx) { return tx.GetBranding(org); }));
  EXPECT_EQ(got.brand_name, "Acme Cloud");
  EXPECT_EQ(got.support_email, "help@example.com");
  EXPECT_EQ(got.smtp_port, 587);
  EXPECT_EQ(got.smtp_password_sealed, std::string("\x00sealed\xff", 8));
}

}  // namespace
}  // namespace clientele::storage::conformance
