#include "domain/account_status.h"

#include <gtest/gtest.h>

#include <vector>

namespace clientele {
namespace {

using P = ProductStatus;
using A = AccountStatus;

constexpr P kAll[] = {P::kNew, P::kTrial, P::kTrialEnd, P::kActive, P::kPaused, P::kDeleted};

TEST(AccountStatusTest, SpecExamples) {
  EXPECT_EQ(ComputeAccountStatus({}, false), A::kPreparation);
  std::vector<P> all_new(6, P::kNew);
  EXPECT_EQ(ComputeAccountStatus(all_new, false), A::kPreparation);
  EXPECT_EQ(ComputeAccountStatus(std::vector{P::kNew, P::kTrial}, false), A::kTrial);
  EXPECT_EQ(ComputeAccountStatus(std::vector{P::kTrial, P::kActive}, false), A::kActive);
  EXPECT_EQ(ComputeAccountStatus(std::vector{P::kPaused, P::kNew}, false), A::kTrialEnd);
  EXPECT_EQ(ComputeAccountStatus(std::vector{P::kDeleted}, false), A::kTrialEnd);
  EXPECT_EQ(ComputeAccountStatus(std::vector{P::kTrialEnd, P::kTrial}, false), A::kTrial);
  EXPECT_EQ(ComputeAccountStatus(std::vector{P::kActive}, true), A::kDeleted);
}

// Every combination of three products, checked against the spec's wording read as counts.
TEST(AccountStatusTest, EveryCombinationOfThreeProducts) {
  for (P a : kAll)
    for (P b : kAll)
      for (P c : kAll) {
        std::vector<P> products{a, b, c};
        int active = 0, trial = 0, ended = 0;
        for (P p : products) {
          active += p == P::kActive;
          trial += p == P::kTrial;
          ended += p == P::kTrialEnd || p == P::kPaused || p == P::kDeleted;
        }
        A expected = active > 0              ? A::kActive
                     : trial > 0             ? A::kTrial
                     : ended > 0             ? A::kTrialEnd
                                             : A::kPreparation;
        EXPECT_EQ(ComputeAccountStatus(products, false), expected)
            << ToString(a) << "," << ToString(b) << "," << ToString(c);
        EXPECT_EQ(ComputeAccountStatus(products, true), A::kDeleted);
        // Order never matters.
        std::vector<P> reversed{c, b, a};
        EXPECT_EQ(ComputeAccountStatus(reversed, false), expected);
      }
}

TEST(AccountStatusTest, NamesRoundTrip) {
  for (P p : kAll) EXPECT_EQ(ParseProductStatus(ToString(p)), p);
  for (A a : {A::kPreparation, A::kTrial, A::kActive, A::kTrialEnd, A::kDeleted})
    EXPECT_EQ(ParseAccountStatus(ToString(a)), a);
  EXPECT_FALSE(ParseProductStatus("activating"));
  EXPECT_FALSE(ParseAccountStatus("new"));
  EXPECT_EQ(GroupFromId(3022), Group::kPurgePrefetchApi);
  EXPECT_EQ(GroupFromName("Engineers"), Group::kEngineers);
  EXPECT_FALSE(GroupFromId(4));
}

}  // namespace
}  // namespace clientele
