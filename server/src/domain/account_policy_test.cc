#include "domain/account_policy.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/deletion.h"

namespace clientele {
namespace {

Organisation Org(int trial = 14, int days = 30) {
  Organisation o;
  o.trial_days = trial;
  o.days_to_deleted = days;
  o.max_trial_days = 45;
  o.max_days_to_deleted = 60;
  return o;
}

TEST(AccountPolicyTest, EachValueSaysWhereItComesFrom) {
  Client c;
  auto p = PolicyOf(c, Org(), kDefaultGraceDays);
  EXPECT_EQ(p.trial_days.days, 14);
  EXPECT_EQ(p.trial_days.source, PolicySource::kPlatform);
  EXPECT_EQ(p.days_to_deleted.source, PolicySource::kPlatform);
  EXPECT_EQ(p.deletion_grace_days.days, kDefaultGraceDays);
  EXPECT_EQ(p.deletion_grace_days.source, PolicySource::kPlatform);
  EXPECT_FALSE(p.deletion_grace_days.max);

  p = PolicyOf(c, Org(7, 5), 12);
  EXPECT_EQ(p.trial_days.days, 7);
  EXPECT_EQ(p.trial_days.source, PolicySource::kOrganisation);
  EXPECT_EQ(p.days_to_deleted.days, 5);
  EXPECT_EQ(p.days_to_deleted.source, PolicySource::kOrganisation);
  EXPECT_EQ(p.deletion_grace_days.days, 12);
  EXPECT_EQ(p.deletion_grace_days.source, PolicySource::kPlatform);  // set by the operator

  c.trial_days = 21;
  c.days_to_deleted = 3;
  p = PolicyOf(c, Org(7, 5), 12);
  EXPECT_EQ(p.trial_days.days, 21);
  EXPECT_EQ(p.trial_days.source, PolicySource::kAccount);
  EXPECT_EQ(p.trial_days.inherited, 7);
  EXPECT_EQ(p.trial_days.min, 7);
  EXPECT_EQ(p.trial_days.max, 45);
  EXPECT_EQ(p.days_to_deleted.days, 3);
  EXPECT_EQ(p.days_to_deleted.source, PolicySource::kAccount);
  EXPECT_EQ(p.days_to_deleted.min, 1);
  EXPECT_EQ(p.days_to_deleted.max, 60);
}

TEST(AccountPolicyTest, LimitsOfWhatStaffMaySet) {
  Client c;
  struct Case {
    std::optional<std::optional<int>> trial, days;
    std::vector<std::string> bad;
  };
  const Case cases[] = {
      {std::optional<int>(14), std::nullopt, {}},  // the organisation's length: allowed
      {std::optional<int>(45), std::optional<int>(60), {}},
      {std::optional<int>(13), std::nullopt, {"trial_days"}},  // shorter than the organisation's
      {std::optional<int>(46), std::nullopt, {"trial_days"}},
      {std::nullopt, std::optional<int>(61), {"days_to_deleted"}},
      {std::nullopt, std::optional<int>(0), {"days_to_deleted"}},
      {std::optional<int>(), std::optional<int>(), {}},  // back to the organisation's
      {std::optional<int>(100), std::optional<int>(100), {"trial_days", "days_to_deleted"}},
  };
  for (const auto& k : cases) {
    FieldErrors errors = CheckPolicyPatch({k.trial, k.days}, c, Org());
    auto error = errors.ToError();
    std::vector<std::string> fields;
    for (const auto& [field, _] : error.fields) fields.push_back(field);
    std::sort(fields.begin(), fields.end());
    auto want = k.bad;
    std::sort(want.begin(), want.end());
    EXPECT_EQ(fields, want);
  }
}

TEST(AccountPolicyTest, AValueTheAccountHasMayBeKeptAfterTheLimitWasLowered) {
  Client c;
  c.trial_days = 50;  // above today's limit of 45
  EXPECT_TRUE(CheckPolicyPatch({std::optional<int>(50), std::nullopt}, c, Org()).empty());
  EXPECT_FALSE(CheckPolicyPatch({std::optional<int>(49), std::nullopt}, c, Org()).empty());
}

TEST(AccountPolicyTest, NoRoomWhenTheLimitIsBelowTheOrganisationsLength) {
  Client c;
  Organisation o = Org(50, 30);  // max_trial_days 45
  auto errors = CheckPolicyPatch({std::optional<int>(50), std::nullopt}, c, o).ToError();
  ASSERT_TRUE(errors.fields.contains("trial_days"));
  EXPECT_NE(errors.fields["trial_days"][0].find("operator"), std::string::npos);
}

}  // namespace
}  // namespace clientele
