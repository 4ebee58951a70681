#include "domain/products.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "domain/accounts.h"
#include "domain/organisations.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

using testing::Account;
using testing::kNow;
using P = ProductStatus;

class ProductServiceTest : public ::testing::Test {
 protected:
  // A customer account with the six catalog products, all new and inheriting the defaults.
  ClientId NewAccount(const std::string& email,
                      std::vector<std::pair<std::string, std::optional<bool>>> services = {}) {
    auto r = Account(email, "Company of " + email);
    r.services = std::move(services);
    auto created = accounts_.Create(reseller_, r, kNow);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    customer_ = CallerOf(created->user);
    return created->client.id;
  }

  ServiceId IdOf(ClientId client, const std::string& product) {
    return testing::ServiceOf(products_, reseller_, client, product).id;
  }

  Result<ServiceView> SetStatus(ClientId client, const std::string& product, ProductStatus to,
                                Timestamp at = kNow) {
    ServiceUpdate u;
    u.status = to;
    return products_.UpdateService(reseller_, client, IdOf(client, product), u, at);
  }

  // Product -> (effective visibility, personal) as the staff's Products tab shows it.
  std::map<std::string, std::pair<bool, bool>> Visibility(ClientId client) {
    auto v = products_.ClientVisibility(reseller_, client);
    EXPECT_TRUE(v.ok());
    std::map<std::string, std::pair<bool, bool>> out;
    if (v.ok())
      for (const auto& p : *v) out[p.product] = {p.available, p.personal};
    return out;
  }

  std::map<std::string, bool> Defaults() {
    auto d = products_.Defaults(reseller_);
    EXPECT_TRUE(d.ok());
    std::map<std::string, bool> out;
    if (d.ok())
      for (const auto& p : *d) {
        EXPECT_FALSE(p.personal);
        out[p.product] = p.available;
      }
    return out;
  }

  AccountStatus StatusOf(ClientId client) {
    auto view = accounts_.Get(reseller_, client);
    EXPECT_TRUE(view.ok());
    return view.ok() ? view->client.status : AccountStatus::kDeleted;
  }

  // The account's recorded status changes, oldest first, as (old, new).
  std::vector<std::pair<std::optional<AccountStatus>, AccountStatus>> Changes(ClientId client) {
    auto page = accounts_.StatusChanges(reseller_, {});
    EXPECT_TRUE(page.ok());
    std::vector<AccountStatusChange> mine;
    for (const auto& c : page->items)
      if (c.client == client) mine.push_back(c);
    std::sort(mine.begin(), mine.end(), [](auto& a, auto& b) { return a.id < b.id; });
    std::vector<std::pair<std::optional<AccountStatus>, AccountStatus>> out;
    for (const auto& c : mine) out.emplace_back(c.old_status, c.new_status);
    return out;
  }

  std::unique_ptr<storage::Database> db_ = testing::NewDatabase();
  AccountService accounts_{*db_};
  ProductService products_{*db_};
  Caller reseller_ = testing::NewReseller(*db_, "boss@org-a.example");
  Caller customer_;
};

TEST_F(ProductServiceTest, DefaultsShowEveryProductAndPersonalValuesOverrideThem) {
  EXPECT_EQ(Defaults(), (std::map<std::string, bool>{{"CDN", true},
                                                     {"CLOUD", true},
                                                     {"DDOS", true},
                                                     {"DNS", true},
                                                     {"STORAGE", true},
                                                     {"STREAMING", true}}));
  ClientId acme = NewAccount("ops@acme.example", {{"CDN", false}, {"STORAGE", true}});
  auto set = products_.SetDefaults(reseller_, {{"DNS", false}, {"STORAGE", false}}, kNow);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_FALSE(Defaults().at("DNS"));
  EXPECT_FALSE(Defaults().at("STORAGE"));
  EXPECT_TRUE(Defaults().at("CLOUD"));

  auto v = Visibility(acme);
  EXPECT_EQ(v.at("CDN"), std::make_pair(false, true));     // personal: hidden
  EXPECT_EQ(v.at("STORAGE"), std::make_pair(true, true));  // personal value beats the default
  EXPECT_EQ(v.at("DNS"), std::make_pair(false, false));    // inherits the new default
  EXPECT_EQ(v.at("CLOUD"), std::make_pair(true, false));

  auto changed = products_.SetClientVisibility(reseller_, acme, {{"DNS", true}}, kNow);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(Visibility(acme).at("DNS"), std::make_pair(true, true));

  ASSERT_TRUE(products_.ResetClientVisibility(reseller_, acme, {"DNS", "STORAGE"}, kNow).ok());
  v = Visibility(acme);
  EXPECT_EQ(v.at("DNS"), std::make_pair(false, false));
  EXPECT_EQ(v.at("STORAGE"), std::make_pair(false, false));
  EXPECT_EQ(v.at("CDN"), std::make_pair(false, true));  // not reset

  // The customer sees only what is visible to it; staff see all six.
  auto mine = products_.Services(customer_, acme);
  ASSERT_TRUE(mine.ok());
  std::vector<std::string> names;
  for (const auto& s : *mine) names.push_back(s.service.product);
  EXPECT_EQ(names, (std::vector<std::string>{"STREAMING", "DDOS", "CLOUD"}));
  EXPECT_EQ(products_.Services(reseller_, acme)->size(), 6u);
  auto hidden = products_.GetService(customer_, acme, IdOf(acme, "CDN"));
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
}

TEST_F(ProductServiceTest, OnlyTheResellerChangesDefaultsAndCustomersNoVisibility) {
  ClientId acme = NewAccount("ops@acme.example");
  auto d = products_.SetDefaults(customer_, {{"CDN", false}}, kNow);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kPermissionDenied);
  auto c = products_.SetClientVisibility(customer_, acme, {{"CDN", false}}, kNow);
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(Defaults().at("CDN"));
  EXPECT_EQ(Visibility(acme).at("CDN"), std::make_pair(true, false));
}

TEST_F(ProductServiceTest, UnknownOrRepeatedProductsAreFieldErrors) {
  ClientId acme = NewAccount("ops@acme.example");
  auto bad = products_.SetClientVisibility(reseller_, acme,
                                           {{"FASTEDGE", false}, {"CDN", false}, {"CDN", true}},
                                           kNow);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().fields.at("product_name"),
            (std::vector<std::string>{"\"FASTEDGE\" is not a product.",
                                      "\"CDN\" is listed twice."}));
  EXPECT_EQ(Visibility(acme).at("CDN"), std::make_pair(true, false));
}

TEST_F(ProductServiceTest, RefusesToHideProductsInTrialOrActiveAndChangesNothing) {
  ClientId acme = NewAccount("ops@acme.example");
  ASSERT_TRUE(SetStatus(acme, "CDN", P::kTrial).ok());
  ASSERT_TRUE(SetStatus(acme, "DNS", P::kActive).ok());
  ASSERT_TRUE(SetStatus(acme, "CLOUD", P::kActive).ok());
  ASSERT_TRUE(SetStatus(acme, "CLOUD", P::kPaused).ok());
  auto before = Visibility(acme);

  auto refused = products_.SetClientVisibility(
      reseller_, acme, {{"CDN", false}, {"DNS", false}, {"STORAGE", false}, {"CLOUD", false}},
      kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().fields.at("trial"), std::vector<std::string>{"CDN"});
  EXPECT_EQ(refused.error().fields.at("active"), std::vector<std::string>{"DNS"});
  EXPECT_TRUE(refused.error().fields.at("activating").empty());
  EXPECT_EQ(Visibility(acme), before);  // STORAGE and CLOUD were not hidden either

  // Switching the default off would hide them from this inheriting customer too.
  auto defaults = products_.SetDefaults(reseller_, {{"DNS", false}, {"STORAGE", false}}, kNow);
  ASSERT_FALSE(defaults.ok());
  EXPECT_EQ(defaults.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(defaults.error().fields.at("active"), std::vector<std::string>{"DNS"});
  EXPECT_TRUE(defaults.error().fields.at("trial").empty());
  EXPECT_TRUE(Defaults().at("STORAGE"));

  // A paused product may be hidden; a personal "shown" keeps an active one out of the default's
  // reach.
  ASSERT_TRUE(products_.SetClientVisibility(reseller_, acme, {{"CLOUD", false}, {"DNS", true}},
                                            kNow)
                  .ok());
  EXPECT_EQ(Visibility(acme).at("CLOUD"), std::make_pair(false, true));
  ASSERT_TRUE(products_.SetDefaults(reseller_, {{"DNS", false}}, kNow).ok());
  EXPECT_FALSE(Defaults().at("DNS"));
  EXPECT_EQ(Visibility(acme).at("DNS"), std::make_pair(true, true));

  // Resetting DNS to the (now hidden) default would hide an active product: refused.
  Status reset = products_.ResetClientVisibility(reseller_, acme, {"DNS"}, kNow);
  ASSERT_FALSE(reset.ok());
  EXPECT_EQ(reset.error().fields.at("active"), std::vector<std::string>{"DNS"});
  EXPECT_EQ(Visibility(acme).at("DNS"), std::make_pair(true, true));
  Status reset_all = products_.ResetAllVisibility(reseller_, {"DNS"}, kNow);
  ASSERT_FALSE(reset_all.ok());
  EXPECT_EQ(reset_all.error().fields.at("active"), std::vector<std::string>{"DNS"});
  EXPECT_EQ(Visibility(acme).at("DNS"), std::make_pair(true, true));
}

TEST_F(ProductServiceTest, OnlyAllowedStatusMovesAreMadeByHand) {
  ClientId acme = NewAccount("ops@acme.example");
  struct Step {
    ProductStatus to;
    bool allowed;
    std::vector<ProductStatus> allowed_next;  // when allowed: what the tab offers next
  };
  const std::vector<Step> steps = {
      {P::kTrialEnd, false, {}},  // nothing to end yet
      {P::kPaused, false, {}},
      {P::kDeleted, false, {}},  // only the jobs delete
      {P::kNew, true, {P::kTrial, P::kActive}},  // the status it has: nothing changes
      {P::kTrial, true, {P::kTrialEnd, P::kActive, P::kPaused}},
      {P::kNew, false, {}},
      {P::kTrialEnd, true, {P::kTrial, P::kActive, P::kPaused}},
      {P::kTrial, true, {P::kTrialEnd, P::kActive, P::kPaused}},  // another trial
      {P::kActive, true, {P::kTrialEnd, P::kPaused}},
      {P::kTrial, false, {}},
      {P::kPaused, true, {P::kTrialEnd, P::kActive}},
      {P::kTrial, false, {}},
      {P::kActive, true, {P::kTrialEnd, P::kPaused}},
  };
  ProductStatus now_status = P::kNew;
  for (const auto& step : steps) {
    SCOPED_TRACE(std::string(ToString(now_status)) + " -> " + ToString(step.to));
    auto r = SetStatus(acme, "CDN", step.to);
    if (step.allowed) {
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(r->service.status, step.to);
      EXPECT_EQ(r->allowed_statuses, step.allowed_next);
      now_status = step.to;
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
      EXPECT_TRUE(r.error().fields.contains("status"));
    }
    auto stored = products_.GetService(reseller_, acme, IdOf(acme, "CDN"));
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->service.status, now_status);
  }
}

TEST_F(ProductServiceTest, HiddenProductCannotStartOrBeActivated) {
  ClientId acme = NewAccount("ops@acme.example", {{"CDN", false}});
  auto r = SetStatus(acme, "CDN", P::kTrial);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().fields.contains("status"));
  ServiceUpdate enable;
  enable.enabled = true;
  auto e = products_.UpdateService(reseller_, acme, IdOf(acme, "CDN"), enable, kNow);
  ASSERT_FALSE(e.ok());
  EXPECT_TRUE(e.error().fields.contains("enabled"));
  auto stored = products_.GetService(reseller_, acme, IdOf(acme, "CDN"));
  EXPECT_EQ(stored->service.status, P::kNew);
  EXPECT_FALSE(stored->service.enabled);
  EXPECT_EQ(StatusOf(acme), AccountStatus::kPreparation);
}

TEST(ActivationTest, EnabledDecidesThenAPendingDeletionThenAnOpenRequest) {
  Service on, off;
  on.enabled = true;
  EXPECT_EQ(ActivationOf(on, true, true), Activation::kActivated);
  EXPECT_EQ(ActivationOf(on, false, false), Activation::kActivated);
  EXPECT_EQ(ActivationOf(off, true, true), Activation::kDeletionPending);
  EXPECT_EQ(ActivationOf(off, true, false), Activation::kDeletionPending);
  EXPECT_EQ(ActivationOf(off, false, true), Activation::kRequested);
  EXPECT_EQ(ActivationOf(off, false, false), Activation::kNotActivated);
}

TEST_F(ProductServiceTest, AStatusAloneDoesNotActivate) {
  ClientId acme = NewAccount("ops@acme.example");
  auto r = SetStatus(acme, "CDN", P::kActive);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->activation, Activation::kNotActivated);
  // The customer sees the same.
  EXPECT_EQ(testing::ServiceViewOf(products_, customer_, acme, "CDN").activation,
            Activation::kNotActivated);
}

TEST_F(ProductServiceTest, AnActivationRequestStaysOpenUntilTheProductIsActivated) {
  ClientId acme = NewAccount("ops@acme.example");
  ServiceId cdn = IdOf(acme, "CDN");
  auto asked = products_.RequestActivation(customer_, acme, cdn, "  next month  ", kNow);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->product, "CDN");
  EXPECT_EQ(asked->message, "next month");

  // Read again later, by either side: pending, with who asked and when.
  for (const Caller& who : {customer_, reseller_}) {
    auto view = testing::ServiceViewOf(products_, who, acme, "CDN");
    EXPECT_EQ(view.activation, Activation::kRequested);
    ASSERT_TRUE(view.activation_request);
    EXPECT_EQ(view.activation_request->requested_email, "ops@acme.example");
    EXPECT_EQ(view.activation_request->requested_at, kNow);
    EXPECT_EQ(view.activation_request->message, "next month");
  }
  auto again = products_.RequestActivation(customer_, acme, cdn, "", kNow.PlusSeconds(60));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);

  ServiceUpdate on;
  on.enabled = true;
  auto activated = products_.UpdateService(reseller_, acme, cdn, on, kNow.PlusDays(1));
  ASSERT_TRUE(activated.ok()) << activated.error().message;
  EXPECT_EQ(activated->activation, Activation::kActivated);
  EXPECT_FALSE(activated->activation_request);

  // Deactivated later: nothing is pending any more, so it can be asked for again.
  ServiceUpdate off;
  off.enabled = false;
  auto stopped = products_.UpdateService(reseller_, acme, cdn, off, kNow.PlusDays(2));
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->activation, Activation::kNotActivated);
  EXPECT_TRUE(products_.RequestActivation(customer_, acme, cdn, "", kNow.PlusDays(3)).ok());
}

TEST_F(ProductServiceTest, TrialStartEndsAfterTheOrganisationsTrialDays) {
  OrganisationService orgs(*db_);
  ASSERT_TRUE(orgs.SetTiming(reseller_.org, 7, std::nullopt).ok());
  ClientId acme = NewAccount("ops@acme.example");
  Timestamp start = kNow.PlusSeconds(90);
  auto r = SetStatus(acme, "CDN", P::kTrial, start);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->service.start, start);
  EXPECT_EQ(r->service.trial_end, start.PlusDays(7));
  EXPECT_EQ(r->service.status_changed_at, start);
  EXPECT_EQ(r->service.previous_status, P::kNew);
  EXPECT_FALSE(r->service.deleted_date);

  ASSERT_TRUE(orgs.SetTiming(reseller_.org, 30, std::nullopt).ok());
  ClientId other = NewAccount("ops@other.example");
  auto longer = SetStatus(other, "DNS", P::kTrial, start);
  ASSERT_TRUE(longer.ok());
  EXPECT_EQ(longer->service.trial_end, start.PlusDays(30));
}

TEST_F(ProductServiceTest, AccountStatusFollowsItsProducts) {
  ClientId acme = NewAccount("ops@acme.example");
  EXPECT_EQ(StatusOf(acme), AccountStatus::kPreparation);
  struct Step {
    std::string product;
    ProductStatus to;
    AccountStatus account;
  };
  for (const Step& s : std::initializer_list<Step>{
           {"CDN", P::kTrial, AccountStatus::kTrial},
           {"DNS", P::kTrial, AccountStatus::kTrial},  // no change recorded
           {"DNS", P::kActive, AccountStatus::kActive},
           {"CDN", P::kTrialEnd, AccountStatus::kActive},
           {"DNS", P::kPaused, AccountStatus::kTrialEnd},
           {"CDN", P::kTrial, AccountStatus::kTrial},
       }) {
    SCOPED_TRACE(s.product + " -> " + ToString(s.to));
    ASSERT_TRUE(SetStatus(acme, s.product, s.to).ok());
    EXPECT_EQ(StatusOf(acme), s.account);
  }
  using A = AccountStatus;
  using Change = std::pair<std::optional<A>, A>;
  EXPECT_EQ(Changes(acme), (std::vector<Change>{{std::nullopt, A::kPreparation},
                                                {A::kPreparation, A::kTrial},
                                                {A::kTrial, A::kActive},
                                                {A::kActive, A::kTrialEnd},
                                                {A::kTrialEnd, A::kTrial}}));
  // Activation alone moves no status.
  ServiceUpdate enable;
  enable.enabled = true;
  auto e = products_.UpdateService(reseller_, acme, IdOf(acme, "STORAGE"), enable, kNow);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->service.enabled);
  EXPECT_EQ(e->service.status, P::kNew);
  EXPECT_EQ(Changes(acme).size(), 5u);
}

}  // namespace
}  // namespace clientele
