#include "domain/deletion.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "domain/accounts.h"
#include "domain/products.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

using testing::Account;
using testing::kNow;

class DeletionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = accounts_.Create(reseller_, Account("ops@acme.example", "Acme"), kNow);
    ASSERT_TRUE(created.ok()) << created.error().message;
    acme_ = created->client.id;
    admin_ = CallerOf(created->user);
    // CDN and DNS activated, CDN in trial; the others not activated.
    for (const auto& [product, status] :
         std::map<std::string, std::optional<ProductStatus>>{{"CDN", ProductStatus::kTrial},
                                                              {"DNS", std::nullopt}}) {
      ServiceUpdate u;
      u.enabled = true;
      u.status = status;
      auto r = products_.UpdateService(reseller_, acme_, IdOf(product), u, kNow);
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
  }

  ServiceId IdOf(const std::string& product) {
    return testing::ServiceOf(products_, reseller_, acme_, product).id;
  }

  // Product -> (enabled, status) of the account, as staff see it.
  std::map<std::string, std::pair<bool, ProductStatus>> Products() {
    std::map<std::string, std::pair<bool, ProductStatus>> out;
    auto services = products_.Services(reseller_, acme_);
    EXPECT_TRUE(services.ok());
    if (services.ok())
      for (const auto& s : *services)
        out[s.service.product] = {s.service.enabled, s.service.status};
    return out;
  }

  std::unique_ptr<storage::Database> db_ = testing::NewDatabase();
  AccountService accounts_{*db_};
  ProductService products_{*db_};
  DeletionService deletion_{*db_};
  Caller reseller_ = testing::NewReseller(*db_, "boss@org-a.example");
  ClientId acme_;
  Caller admin_;
};

TEST_F(DeletionServiceTest, WhileADeletionIsPendingNoProductCanBeAskedFor) {
  // STORAGE: asked for before the deletion request.
  ASSERT_TRUE(products_.RequestActivation(admin_, acme_, IdOf("STORAGE"), "", kNow).ok());
  ASSERT_TRUE(deletion_.Request(admin_, true, kNow).ok());
  auto activation = [&](const std::string& product) {
    return testing::ServiceViewOf(products_, admin_, acme_, product).activation;
  };
  // Stopped or never activated alike: the customer sees why, not a request form.
  EXPECT_EQ(activation("CDN"), Activation::kDeletionPending);
  EXPECT_EQ(activation("STREAMING"), Activation::kDeletionPending);
  EXPECT_EQ(activation("STORAGE"), Activation::kDeletionPending);
  auto refused = products_.RequestActivation(admin_, acme_, IdOf("STREAMING"), "", kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);

  ASSERT_TRUE(deletion_.Cancel(reseller_, acme_, "", kNow.PlusDays(1)).ok());
  EXPECT_EQ(activation("CDN"), Activation::kActivated);
  EXPECT_EQ(activation("STREAMING"), Activation::kNotActivated);
  EXPECT_EQ(activation("STORAGE"), Activation::kRequested);  // still waiting for support
}

TEST_F(DeletionServiceTest, DeletingTheAccountClosesItsActivationRequests) {
  ASSERT_TRUE(products_.RequestActivation(admin_, acme_, IdOf("STORAGE"), "", kNow).ok());
  ASSERT_TRUE(deletion_.DeleteAccount(reseller_, acme_, true, kNow).ok());
  auto storage = testing::ServiceViewOf(products_, reseller_, acme_, "STORAGE");
  EXPECT_EQ(storage.activation, Activation::kNotActivated);
  EXPECT_FALSE(storage.activation_request);
}

TEST_F(DeletionServiceTest, RequestStopsActivatedProductsAndCancelRestoresExactlyThose) {
  ASSERT_TRUE(SetGraceDays(*db_, 5).ok());
  auto before = Products();
  ASSERT_EQ(before.at("CDN"), std::make_pair(true, ProductStatus::kTrial));
  ASSERT_EQ(before.at("DNS"), std::make_pair(true, ProductStatus::kNew));

  auto unconfirmed = deletion_.Request(admin_, false, kNow);
  ASSERT_FALSE(unconfirmed.ok());
  EXPECT_TRUE(unconfirmed.error().fields.contains("confirm"));
  EXPECT_EQ(Products(), before);

  auto r = deletion_.Request(admin_, true, kNow);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state, DeletionState::kPending);
  EXPECT_EQ(r->client, acme_);
  EXPECT_EQ(r->requested_email, "ops@acme.example");
  EXPECT_EQ(r->requested_at, kNow);
  EXPECT_EQ(r->due_at, kNow.PlusDays(5));
  EXPECT_EQ(r->stopped_services.size(), 2u);
  for (const auto& [product, state] : Products()) {
    EXPECT_FALSE(state.first) << product;  // every product stopped
    EXPECT_EQ(state.second, before.at(product).second) << product;  // statuses kept
  }
  auto current = deletion_.Current(admin_);
  ASSERT_TRUE(current.ok());
  ASSERT_TRUE(current->has_value());
  EXPECT_EQ((*current)->id, r->id);
  auto open = deletion_.OpenRequests(reseller_, {});
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().client, acme_);
  EXPECT_EQ(deletion_.OpenRequests(admin_, {}).error().code, ErrorCode::kPermissionDenied)
      << "customers do not see the organisation's requests";
  auto again = deletion_.Request(admin_, true, kNow);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);

  // Staff activate another product meanwhile: the cancel must not touch it, nor turn on more.
  ServiceUpdate enable;
  enable.enabled = true;
  ASSERT_TRUE(products_.UpdateService(reseller_, acme_, IdOf("CLOUD"), enable, kNow).ok());

  auto cancelled = deletion_.Cancel(reseller_, acme_, "  customer changed their mind ", kNow.PlusDays(1));
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->state, DeletionState::kCancelled);
  EXPECT_EQ(cancelled->closed_at, kNow.PlusDays(1));
  EXPECT_EQ(cancelled->closed_by_email, "boss@org-a.example");
  EXPECT_EQ(cancelled->note, "customer changed their mind");
  auto after = Products();
  EXPECT_EQ(after.at("CDN"), std::make_pair(true, ProductStatus::kTrial));
  EXPECT_EQ(after.at("DNS"), std::make_pair(true, ProductStatus::kNew));
  EXPECT_EQ(after.at("CLOUD"), std::make_pair(true, ProductStatus::kNew));
  for (const char* p : {"STORAGE", "STREAMING", "DDOS"}) EXPECT_FALSE(after.at(p).first) << p;

  auto none = deletion_.Current(admin_);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_TRUE(deletion_.OpenRequests(reseller_, {})->empty());
  auto twice = deletion_.Cancel(reseller_, acme_, "", kNow);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  auto history = deletion_.History(reseller_, acme_);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().state, DeletionState::kCancelled);
}

TEST_F(DeletionServiceTest, GraceDaysDefaultToTen) {
  auto r = deletion_.Request(admin_, true, kNow);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->due_at, kNow.PlusDays(kDefaultGraceDays));
  EXPECT_EQ(kDefaultGraceDays, 10);
  EXPECT_FALSE(SetGraceDays(*db_, 0).ok());
  EXPECT_FALSE(SetGraceDays(*db_, 366).ok());
}

TEST_F(DeletionServiceTest, OnlyAdministratorsOfTheAccountAsk) {
  Caller engineer = admin_;
  engineer.group = Group::kEngineers;
  auto r = deletion_.Request(engineer, true, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  auto staff = deletion_.Request(reseller_, true, kNow);
  ASSERT_FALSE(staff.ok());
  EXPECT_EQ(staff.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Products().at("CDN").first);  // nothing stopped
}

TEST_F(DeletionServiceTest, DeleteMarksTheAccountAndEveryProductDeleted) {
  ASSERT_TRUE(deletion_.Request(admin_, true, kNow).ok());
  Timestamp at = kNow.PlusDays(2);
  auto unconfirmed = deletion_.DeleteAccount(reseller_, acme_, false, at);
  ASSERT_FALSE(unconfirmed.ok());
  EXPECT_TRUE(unconfirmed.error().fields.contains("confirm"));

  ASSERT_TRUE(deletion_.DeleteAccount(reseller_, acme_, true, at).ok());
  auto view = accounts_.Get(reseller_, acme_);
  ASSERT_TRUE(view.ok());
  EXPECT_TRUE(view->client.deleted);
  EXPECT_EQ(view->client.deleted_at, at);
  EXPECT_EQ(view->client.status, AccountStatus::kDeleted);
  ASSERT_EQ(view->services.size(), 6u);
  for (const auto& s : view->services) {
    EXPECT_EQ(s.status, ProductStatus::kDeleted) << s.product;
    EXPECT_FALSE(s.enabled) << s.product;
  }
  auto history = deletion_.History(reseller_, acme_);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().state, DeletionState::kCompleted);
  EXPECT_EQ(history->front().closed_at, at);
  EXPECT_EQ(history->front().closed_by_email, "boss@org-a.example");

  Status twice = deletion_.DeleteAccount(reseller_, acme_, true, at);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  // A deleted account takes no new request.
  auto late = deletion_.Request(admin_, true, at);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(DeletionServiceTest, TheResellersOwnAccountIsNeverDeleted) {
  ASSERT_TRUE(reseller_.reseller_account.has_value());
  ClientId own = *reseller_.reseller_account;
  Status st = deletion_.DeleteAccount(reseller_, own, true, kNow);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(st.error().message, "The reseller's own account can never be deleted.");
  auto view = accounts_.Get(reseller_, own);
  ASSERT_TRUE(view.ok());
  EXPECT_FALSE(view->client.deleted);
  EXPECT_NE(view->client.status, AccountStatus::kDeleted);
}

TEST_F(DeletionServiceTest, AnotherOrganisationsAccountIsNotFound) {
  Caller other = testing::NewReseller(*db_, "boss@org-b.example");
  Status st = deletion_.DeleteAccount(other, acme_, true, kNow);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(accounts_.Get(reseller_, acme_)->client.deleted);
}

}  // namespace
}  // namespace clientele
