// Every change of the domain is one unit of work: whichever of its store calls fails, the
// database is left exactly as it was, the caller is told, and the same change then succeeds.
// The store is a real SQLite file (testing::DatabaseFile) behind testing::FailingDatabase,
// which fails the n-th call; each change is run with n = 1, 2, ... until it gets through whole.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "domain/accounts.h"
#include "domain/api_tokens.h"
#include "domain/auth.h"
#include "domain/deletion.h"
#include "domain/organisations.h"
#include "domain/people.h"
#include "domain/products.h"
#include "domain/vendor_settings.h"
#include "testing/database_file.h"
#include "testing/failing_database.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

using testing::kNow;
using testing::kPassword;

class RollbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The scene every change starts from: a reseller, a seller, and a customer account with a
    // product in trial and an API token.
    reseller_ = testing::NewReseller(failing_, "boss@org-a.example");
    NewSeller seller;
    seller.email = "sam@org-a.example";
    seller.full_name = "Sam";
    auto sam = people_.CreateSeller(reseller_, seller, kNow);
    ASSERT_TRUE(sam.ok()) << sam.error().message;
    seller_ = sam->id;
    auto acme = accounts_.Create(reseller_, testing::Account("ops@acme.example", "Acme"), kNow);
    ASSERT_TRUE(acme.ok()) << acme.error().message;
    acme_ = acme->client.id;
    acme_admin_ = CallerOf(acme->user);
    cdn_ = ServiceOf("CDN");
    ServiceUpdate trial;
    trial.enabled = true;
    trial.status = ProductStatus::kTrial;
    ASSERT_TRUE(products_.UpdateService(reseller_, acme_, cdn_, trial, kNow).ok());
    NewApiToken token;
    token.name = "deploy";
    token.role_name = "Administrators";
    auto issued = tokens_.Create(acme_admin_, acme_, token, '_', kNow);
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    token_ = issued->token.id;
  }

  // dev@acme.example, invited by the account's administrator into Engineers.
  Result<User> InviteEngineer() {
    NewInvitation invitation;
    invitation.email = "dev@acme.example";
    invitation.group = Group::kEngineers;
    return people_.Invite(acme_admin_, invitation, kNow);
  }

  ServiceId ServiceOf(const std::string& product) {
    return testing::ServiceOf(products_, reseller_, acme_, product).id;
  }

  // Runs `change` failing its 1st, 2nd, ... store call until it gets through. After every
  // injected failure the change must report an error and the database must be as before.
  void ExpectAllOrNothing(const std::function<Status()>& change) {
    const std::string before = file_.Dump();
    int64_t n = 1;
    for (;; ++n) {
      failing_.FailAt(n);
      Status result = change();
      if (!failing_.failed()) {
        EXPECT_TRUE(result.ok()) << "without a failure: " << result.error().message;
        break;
      }
      SCOPED_TRACE("failing call " + std::to_string(n) + ": " + failing_.failed_call());
      EXPECT_FALSE(result.ok()) << "the failure was swallowed and the change reported success";
      EXPECT_EQ(testing::RowsChanged(before, file_.Dump()), "") << "the failed change left rows";
      if (::testing::Test::HasFailure()) break;  // one clear report, not a cascade
    }
    failing_.FailAt(0);
    EXPECT_GE(n, 2) << "a change of one store call proves nothing here";
    EXPECT_NE(file_.Dump(), before) << "the change that got through changed nothing";
  }

  template <typename T>
  static Status Done(const Result<T>& r) {
    if (r.ok()) return Ok();
    return r.error();
  }

  // Members are built in this order: the file, the real database, the failing one around it,
  // and the services under test on top (the scene is set up through them too, nothing armed).
  testing::DatabaseFile file_;
  testing::FailingDatabase failing_{file_.db()};
  AccountService accounts_{failing_};
  ProductService products_{failing_};
  DeletionService deletion_{failing_};
  AuthService auth_{failing_, "signing-key"};
  PeopleService people_{failing_, auth_, "https://portal.example"};
  ApiTokenService tokens_{failing_};
  OrganisationService organisations_{failing_};
  VendorSettingsService vendor_{failing_, std::string(32, 'k')};

  Caller reseller_;
  Caller acme_admin_;
  UserId seller_;
  ClientId acme_;
  ServiceId cdn_;
  TokenId token_;
};

TEST_F(RollbackTest, CreatingAReseller) {
  ExpectAllOrNothing([&] {
    return Done(organisations_.CreateReseller(
        {"new-boss@org-b.example", kPassword, "Org B", std::string("Bea")}, kNow));
  });
}

TEST_F(RollbackTest, CreatingACustomerAccount) {
  ExpectAllOrNothing([&] {
    NewAccountRequest r = testing::Account("it@globex.example", "Globex");
    r.seller = seller_.value;
    r.services = {{"DNS", true}};
    return Done(accounts_.Create(reseller_, r, kNow));
  });
}

TEST_F(RollbackTest, EditingAnAccountIntoATestAccount) {
  ExpectAllOrNothing([&] {
    ClientPatch patch;
    patch.is_test = true;
    patch.company_name = "Acme Testing";
    return Done(accounts_.Update(reseller_, acme_, patch, kNow));
  });
}

TEST_F(RollbackTest, MovingAProductToActive) {
  ExpectAllOrNothing([&] {
    ServiceUpdate active;
    active.status = ProductStatus::kActive;
    return Done(products_.UpdateService(reseller_, acme_, cdn_, active, kNow));
  });
}

TEST_F(RollbackTest, StartingATrialWithItsEmail) {
  ServiceId dns = ServiceOf("DNS");
  ExpectAllOrNothing([&] {
    ServiceUpdate trial;
    trial.enabled = true;
    trial.status = ProductStatus::kTrial;
    return Done(products_.UpdateService(reseller_, acme_, dns, trial, kNow));
  });
}

TEST_F(RollbackTest, ChangingDefaultVisibility) {
  ExpectAllOrNothing([&] {
    return Done(products_.SetDefaults(reseller_, {{"DNS", true}, {"STORAGE", true}}, kNow));
  });
}

TEST_F(RollbackTest, ResettingPersonalVisibilityOfEveryAccount) {
  ASSERT_TRUE(products_.SetClientVisibility(reseller_, acme_, {{"DNS", true}}, kNow).ok());
  ExpectAllOrNothing([&] { return products_.ResetAllVisibility(reseller_, {"DNS"}, kNow); });
}

TEST_F(RollbackTest, RequestingDeletion) {
  ASSERT_TRUE(deletion_.AddSetting(reseller_, reseller_.org,
                                   {0, reseller_.org, "deletion_request", "alerts@org-a.example", true}, {})
                  .ok());
  ExpectAllOrNothing([&] { return Done(deletion_.Request(acme_admin_, true, kNow)); });
}

TEST_F(RollbackTest, CancellingADeletionRequest) {
  ASSERT_TRUE(deletion_.Request(acme_admin_, true, kNow).ok());
  ExpectAllOrNothing([&] { return Done(deletion_.Cancel(reseller_, acme_, "kept", kNow)); });
}

TEST_F(RollbackTest, DeletingAnAccountAtOnce) {
  ExpectAllOrNothing([&] { return deletion_.DeleteAccount(reseller_, acme_, true, kNow); });
}

TEST_F(RollbackTest, InvitingACustomerUser) {
  ExpectAllOrNothing([&] { return Done(InviteEngineer()); });
}

TEST_F(RollbackTest, DeletingASellerUnassignsTheirAccounts) {
  ClientPatch assign;
  assign.seller = seller_.value;
  ASSERT_TRUE(accounts_.Update(reseller_, acme_, assign, kNow).ok());
  ExpectAllOrNothing([&] { return people_.DeleteSeller(reseller_, seller_, kNow); });
}

TEST_F(RollbackTest, BlockingASellerEndsTheirSessions) {
  ExpectAllOrNothing(
      [&] { return Done(people_.SetBlocked(reseller_, seller_, UserType::kSeller, true, kNow)); });
}

TEST_F(RollbackTest, ChangingOnesPasswordEndsOtherSessions) {
  ASSERT_TRUE(auth_.Login("ops@acme.example", kPassword, std::nullopt, kNow).ok());
  ExpectAllOrNothing([&] {
    return Done(people_.ChangePassword(acme_admin_, acme_admin_.user, kPassword,
                                       "Another-Sturdy-Password-7", "Another-Sturdy-Password-7", kNow));
  });
}

TEST_F(RollbackTest, SigningIn) {
  ExpectAllOrNothing(
      [&] { return Done(auth_.Login("ops@acme.example", kPassword, std::nullopt, kNow)); });
}

TEST_F(RollbackTest, ActingAsACustomer) {
  ExpectAllOrNothing([&] { return Done(people_.ImpersonateAccount(reseller_, acme_, kNow)); });
}

TEST_F(RollbackTest, RevokingAnApiToken) {
  ExpectAllOrNothing([&] { return tokens_.Delete(acme_admin_, acme_, token_); });
}

TEST_F(RollbackTest, SavingBranding) {
  ExpectAllOrNothing([&] {
    BrandingUpdate update;
    update.brand_name = "Acme Cloud";
    update.support_email = "help@acme-cloud.example";
    return Done(vendor_.Update(reseller_, update, kNow));
  });
}

TEST_F(RollbackTest, HidingAProductFromOneAccount) {
  ExpectAllOrNothing([&] {
    return Done(products_.SetClientVisibility(reseller_, acme_, {{"DNS", false}}, kNow));
  });
}

TEST_F(RollbackTest, InvitingASeller) {
  ExpectAllOrNothing([&] {
    NewSeller seller;
    seller.email = "sue@org-a.example";
    seller.full_name = "Sue";
    return Done(people_.CreateSeller(reseller_, seller, kNow));
  });
}

TEST_F(RollbackTest, MovingACustomerUserToAnotherGroup) {
  auto dev = InviteEngineer();
  ASSERT_TRUE(dev.ok()) << dev.error().message;
  ExpectAllOrNothing(
      [&] { return people_.SetGroup(acme_admin_, acme_, dev->id, Group::kAdministrators); });
}

TEST_F(RollbackTest, RemovingACustomerUser) {
  auto dev = InviteEngineer();
  ASSERT_TRUE(dev.ok()) << dev.error().message;
  ExpectAllOrNothing([&] { return people_.RevokeAccess(acme_admin_, acme_, dev->id, kNow); });
}

TEST_F(RollbackTest, SigningInToThePortal) {
  ExpectAllOrNothing([&] {
    return Done(auth_.StartWebSession("ops@acme.example", kPassword, std::nullopt,
                                      storage::Portal::kCustomer, kNow));
  });
}

TEST_F(RollbackTest, IssuingAnApiToken) {
  ExpectAllOrNothing([&] {
    NewApiToken token;
    token.name = "ci";
    token.role_name = "Engineers";
    return Done(tokens_.Create(acme_admin_, acme_, token, '_', kNow));
  });
}

TEST_F(RollbackTest, AddingAnAlertAddress) {
  ExpectAllOrNothing([&] {
    return Done(deletion_.AddSetting(
        reseller_, reseller_.org, {0, reseller_.org, "failed_login", "sec@org-a.example", true},
        {}));
  });
}

}  // namespace
}  // namespace clientele
