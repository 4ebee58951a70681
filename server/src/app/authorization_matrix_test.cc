// The authorization matrix (issue "Trust", SPEC §1, §6, §13): every route of the route table ×
// every kind of principal × every kind of target, through the real request pipeline on a real
// SQLite database, against the expected answers in kRoutes. A route without a row fails;
// the rows are in authorization_matrix_table.h.
//
// Each request that may change something runs on a fresh copy of one prepared database, so
// what one case changes never leaks into the next.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "crypto/crypto.h"
#include "domain/account_policy.h"
#include "domain/accounts.h"
#include "domain/activity.h"
#include "domain/api_tokens.h"
#include "domain/attention.h"
#include "domain/auth.h"
#include "domain/bulk.h"
#include "domain/deletion.h"
#include "domain/organisations.h"
#include "domain/people.h"
#include "domain/presets.h"
#include "domain/products.h"
#include "domain/throttles.h"
#include "domain/vendor_settings.h"
#include "http/api.h"
#include "app/authorization_matrix_table.h"
#include "jobs/mail_delivery.h"
#include "mail/mailer.h"
#include "storage/sqlite/sqlite_store.h"

namespace clientele::app::authorization_matrix {

using namespace clientele::http;  // the pipeline under test
namespace {

namespace fs = std::filesystem;
constexpr const char* kPassword = "Sturdy-Password-42";
constexpr int64_t kMissingId = 987654;

class NullMailer final : public mail::Mailer {
 public:
  Status Send(const mail::SmtpSettings&, const mail::Message&,
              mail::SendFailureInfo*) override {
    return Ok();
  }
};

// Everything `clientele serve` wires together, over one database.
struct App {
  App(storage::Database& db, const std::string& signing_key, const std::string& secret_key)
      : delivery(db, mailer, jobs::MailConfig{std::nullopt, secret_key, false}),
        accounts(db),
        products(db),
        vendor(db, secret_key),
        auth(db, signing_key),
        tokens(db),
        activity(db),
        presets(db),
        people(db, auth, "http://localhost"),
        deletion(db),
        throttles(db),
        bulk(db),
        attention(db),
        policy(db),
        services{accounts, auth, tokens, activity, presets, people, deletion, products, vendor,
                 delivery, clock, throttles, bulk, attention, policy},
        // Thousands of requests a second per principal: the per-person rate is not tested here.
        api(services, "", RequestLimits{.per_person = {1e9, 1e9}}) {}
  SystemClock clock;
  NullMailer mailer;
  jobs::MailDelivery delivery;
  AccountService accounts;
  ProductService products;
  VendorSettingsService vendor;
  AuthService auth;
  ApiTokenService tokens;
  ActivityService activity;
  PresetService presets;
  PeopleService people;
  DeletionService deletion;
  ThrottleService throttles;
  BulkService bulk;
  AttentionService attention;
  AccountPolicyService policy;
  Services services;
  Api api;
};

// --- The fixture ------------------------------------------------------------------------------

struct World {
  fs::path dir;
  fs::path template_db;
  std::string signing_key;
  std::string secret_key;
  std::vector<Principal> principals;
  std::map<Axis, std::vector<Target>> targets;
};

std::string Bearer(const std::string& access) { return "Bearer " + access; }

World* BuildWorld() {
  EXPECT_TRUE(crypto::Init());
  auto* w = new World;
  // Thousands of small databases: on a memory file system where there is one.
  fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  w->dir = base / ("clientele-matrix-" + crypto::RandomToken(6));
  fs::create_directories(w->dir);
  w->template_db = w->dir / "template.db";
  w->secret_key = crypto::RandomBytes(32);
  Timestamp now = SystemClock().Now();
  {
    auto opened = storage::sqlite::SqliteDatabase::Open(w->template_db.string(), 1);
    EXPECT_TRUE(opened.ok());
    auto& db = **opened;
    EXPECT_TRUE(db.Migrate().ok());
    auto key = AuthService::LoadSigningKey(db, w->secret_key);
    EXPECT_TRUE(key.ok());
    w->signing_key = *key;
    App app(db, w->signing_key, w->secret_key);
    OrganisationService orgs(db);
    auto a = orgs.CreateReseller({"reseller@a.example", kPassword, "Org A", std::nullopt}, now);
    auto b = orgs.CreateReseller({"reseller@b.example", kPassword, "Org B", std::nullopt}, now);
    EXPECT_TRUE(a.ok() && b.ok());
    Caller reseller_a = CallerOf(a->user), reseller_b = CallerOf(b->user);
    auto account = [&](const Caller& staff, const std::string& email) {
      NewAccountRequest r;
      r.email = email;
      r.password = kPassword;
      r.company = "Company " + email;
      auto created = app.accounts.Create(staff, r, now);
      EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
      return *created;
    };
    CreatedAccount x = account(reseller_a, "admin@x.example");
    CreatedAccount y = account(reseller_a, "admin@y.example");
    CreatedAccount bz = account(reseller_b, "admin@bz.example");
    std::string hash = crypto::HashPassword(kPassword).value();
    auto person = [&](OrgId org, std::optional<ClientId> client, UserType type,
                      std::optional<Group> group, const std::string& email, bool blocked) {
      User u;
      u.org = org;
      u.client = client;
      u.email = email;
      u.type = type;
      u.group = group;
      u.password_hash = hash;
      u.activated = true;
      u.blocked = blocked;
      u.created_at = now;
      std::optional<User> stored;
      EXPECT_TRUE(db.Write([&](storage::Tx& tx) -> Status {
                      TRY(stored, tx.InsertUser(u));
                      return Ok();
                    }).ok());
      return *stored;
    };
    OrgId org_a = a->organisation.id, org_b = b->organisation.id;
    User seller = person(org_a, std::nullopt, UserType::kSeller, std::nullopt, "seller@a.example", false);
    User blocked = person(org_a, std::nullopt, UserType::kSeller, std::nullopt, "blocked@a.example", true);
    User seller_b = person(org_b, std::nullopt, UserType::kSeller, std::nullopt, "seller@b.example", false);
    auto customer = [&](const CreatedAccount& acc, Group g, const std::string& email) {
      return person(acc.client.org, acc.client.id, UserType::kCommon, g, email, false);
    };
    User eng_x = customer(x, Group::kEngineers, "engineers@x.example");
    User users_x = customer(x, Group::kUsers, "users@x.example");
    User purge_api_x = customer(x, Group::kPurgePrefetchApi, "purge-api@x.example");
    User purge_web_x = customer(x, Group::kPurgePrefetchApiWeb, "purge-web@x.example");
    User users_y = customer(y, Group::kUsers, "users@y.example");
    User users_bz = customer(bz, Group::kUsers, "users@bz.example");

    auto access = [&](const User& u, const std::optional<User>& acting = std::nullopt) {
      std::optional<TokenPair> pair;
      EXPECT_TRUE(db.Write([&](storage::Tx& tx) -> Status {
                      TRY(pair, app.auth.IssueTokens(tx, u, acting, now));
                      return Ok();
                    }).ok());
      return Bearer(pair->access);
    };
    auto api_key = [&](const Caller& issuer, ClientId client, Group role) {
      NewApiToken t;
      t.name = std::string("key ") + GroupName(role);
      t.role_id = static_cast<int64_t>(role);
      auto issued = app.tokens.Create(issuer, client, t, '_', now);
      EXPECT_TRUE(issued.ok()) << (issued.ok() ? "" : issued.error().message);
      return std::make_pair("APIKey " + issued->secret, issued->token.id.value);
    };
    Caller admin_x = CallerOf(x.user);
    auto key_admin_x = api_key(admin_x, x.client.id, Group::kAdministrators);
    auto key_reseller_a = api_key(reseller_a, a->client.id, Group::kAdministrators);
    Caller admin_bz = CallerOf(bz.user);
    auto key_bz = api_key(admin_bz, bz.client.id, Group::kAdministrators);
    auto key_y = api_key(CallerOf(y.user), y.client.id, Group::kAdministrators);

    auto& P = w->principals;
    P.push_back({"anonymous", Kind::kAnonymous, kNone, false, "", 0});
    P.push_back({"reseller A", Kind::kStaffA, kRes, false, access(a->user), a->user.id.value});
    P.push_back({"seller A", Kind::kStaffA, kSel, false, access(seller), seller.id.value});
    P.push_back({"blocked seller A", Kind::kBlocked, kSel, false, access(blocked), blocked.id.value});
    P.push_back({"administrators X", Kind::kCustomerX, kAdm, false, access(x.user), x.user.id.value});
    P.push_back({"engineers X", Kind::kCustomerX, kEng, false, access(eng_x), eng_x.id.value});
    P.push_back({"users X", Kind::kCustomerX, kUse, false, access(users_x), users_x.id.value});
    P.push_back({"purge API X", Kind::kCustomerX, kPuA, false, access(purge_api_x), purge_api_x.id.value});
    P.push_back({"purge API+Web X", Kind::kCustomerX, kPuW, false, access(purge_web_x), purge_web_x.id.value});
    P.push_back({"administrators Y", Kind::kCustomerY, kAdm, false, access(y.user), y.user.id.value});
    P.push_back({"users Y", Kind::kCustomerY, kUse, false, access(users_y), users_y.id.value});
    P.push_back({"seller acting in X", Kind::kCustomerX, kAdm, true, access(x.user, seller), x.user.id.value});
    P.push_back({"reseller B", Kind::kResellerB, kRes, false, access(b->user), b->user.id.value});
    P.push_back({"API key reseller A", Kind::kStaffA, kRes, false, key_reseller_a.first, a->user.id.value});
    P.push_back({"API key administrators X", Kind::kCustomerX, kAdm, false, key_admin_x.first, x.user.id.value});
    for (auto [group, col, label] :
         {std::tuple{Group::kEngineers, kEng, "engineers"}, std::tuple{Group::kUsers, kUse, "users"},
          std::tuple{Group::kPurgePrefetchApi, kPuA, "purge API"},
          std::tuple{Group::kPurgePrefetchApiWeb, kPuW, "purge API+Web"}}) {
      auto group_key = api_key(admin_x, x.client.id, group);
      // Issued by an Administrators user: the token's role is what limits it.
      P.push_back({std::string("API key ") + label + " X", Kind::kCustomerX, col, false, group_key.first,
                   x.user.id.value});
    }

    // Objects the routes point at.
    auto first_service = [&](OrgId org, ClientId client) {
      std::vector<ClientId> ids{client};
      int64_t id = 0;
      EXPECT_TRUE(db.Read([&](storage::Tx& tx) -> Status {
                      TRY(auto services, tx.ListServices(org, ids));
                      id = services.front().id.value;
                      return Ok();
                    }).ok());
      return id;
    };
    auto account_target = [&](const std::string& name, Where where, int64_t client, int64_t service,
                              int64_t token) {
      return Target{name, where,
                    {{"clientId", std::to_string(client)},
                     {"serviceId", std::to_string(service)},
                     {"tokenId", std::to_string(token)}}};
    };
    w->targets[Axis::kAccount] = {
        account_target("X", Where::kX, x.client.id.value, first_service(org_a, x.client.id),
                       key_admin_x.second),
        account_target("Y", Where::kY, y.client.id.value, first_service(org_a, y.client.id),
                       key_y.second),
        account_target("reseller's own account A", Where::kResellerA, a->client.id.value,
                       first_service(org_a, a->client.id), key_reseller_a.second),
        account_target("B", Where::kB, bz.client.id.value, first_service(org_b, bz.client.id),
                       key_bz.second),
        account_target("missing", Where::kMissing, kMissingId, kMissingId, kMissingId),
    };
    auto user_target = [](const std::string& name, Where where, int64_t id) {
      return Target{name, where, {{"userId", std::to_string(id)}}};
    };
    w->targets[Axis::kUser] = {
        user_target("user of X", Where::kX, users_x.id.value),
        user_target("user of Y", Where::kY, users_y.id.value),
        user_target("reseller person A", Where::kResellerA, a->user.id.value),
        user_target("seller A", Where::kSellerA, seller.id.value),
        user_target("user of B", Where::kB, bz.user.id.value),
        user_target("missing", Where::kMissing, kMissingId),
        Target{"self", Where::kSelf, {}},
    };
    w->targets[Axis::kAccountUser] = {
        Target{"X", Where::kX, {{"clientId", std::to_string(x.client.id.value)}, {"userId", std::to_string(users_x.id.value)}}},
        Target{"Y", Where::kY, {{"clientId", std::to_string(y.client.id.value)}, {"userId", std::to_string(users_y.id.value)}}},
        Target{"reseller's own account A", Where::kResellerA, {{"clientId", std::to_string(a->client.id.value)}, {"userId", std::to_string(a->user.id.value)}}},
        Target{"B", Where::kB, {{"clientId", std::to_string(bz.client.id.value)}, {"userId", std::to_string(users_bz.id.value)}}},
        Target{"missing", Where::kMissing, {{"clientId", std::to_string(x.client.id.value)}, {"userId", std::to_string(kMissingId)}}},
    };
    w->targets[Axis::kUserEmail] = {
        Target{"user of X", Where::kX, {{"email", users_x.email}}},
        Target{"reseller person A", Where::kResellerA, {{"email", a->user.email}}},
        Target{"seller A", Where::kSellerA, {{"email", seller.email}}},
        Target{"user of B", Where::kB, {{"email", bz.user.email}}},
        Target{"missing", Where::kMissing, {{"email", "nobody@matrix.example"}}},
    };
    w->targets[Axis::kSeller] = {
        Target{"seller A", Where::kSellerA, {{"sellerId", std::to_string(seller.id.value)}}},
        Target{"seller B", Where::kB, {{"sellerId", std::to_string(seller_b.id.value)}}},
        Target{"reseller person A", Where::kResellerA, {{"sellerId", std::to_string(a->user.id.value)}}},
        Target{"missing", Where::kMissing, {{"sellerId", std::to_string(kMissingId)}}},
    };
    // Alert addresses, presets and log entries of both organisations.
    DeletionService& deletion = app.deletion;
    NotificationSetting n;
    n.type = "failed_login";
    n.email = "alerts@a.example";
    auto n_a = deletion.AddSetting(reseller_a, org_a, n, {});
    n.email = "alerts@b.example";
    auto n_b = deletion.AddSetting(reseller_b, org_b, n, {});
    EXPECT_TRUE(n_a.ok() && n_b.ok());
    w->targets[Axis::kOrg] = {
        Target{"org A", Where::kOrgA, {{"resellerId", std::to_string(org_a.value)}, {"notificationSettingsId", std::to_string(n_a->id)}}},
        Target{"org B", Where::kB, {{"resellerId", std::to_string(org_b.value)}, {"notificationSettingsId", std::to_string(n_b->id)}}},
        Target{"missing", Where::kMissing, {{"resellerId", std::to_string(kMissingId)}, {"notificationSettingsId", std::to_string(kMissingId)}}},
    };
    auto p_a = app.presets.Create(reseller_a, "preset", R"({"is_test":"true"})", now);
    auto p_b = app.presets.Create(reseller_b, "preset", R"({"is_test":"true"})", now);
    EXPECT_TRUE(p_a.ok() && p_b.ok());
    w->targets[Axis::kPreset] = {
        Target{"preset A", Where::kOrgA, {{"presetId", std::to_string(p_a->id)}}},
        Target{"preset B", Where::kB, {{"presetId", std::to_string(p_b->id)}}},
        Target{"missing", Where::kMissing, {{"presetId", std::to_string(kMissingId)}}},
    };
    auto log = [&](OrgId org) {
      ActivityEntry e;
      e.org = org;
      e.requested_at = now;
      e.method = "POST";
      e.path = "/iam/users";
      e.status_code = 201;
      int64_t id = 0;
      EXPECT_TRUE(db.Write([&](storage::Tx& tx) -> Status {
                      TRY(id, tx.InsertActivity(e));
                      return Ok();
                    }).ok());
      return id;
    };
    w->targets[Axis::kActivity] = {
        Target{"log A", Where::kOrgA, {{"id", std::to_string(log(org_a))}}},
        Target{"log B", Where::kB, {{"id", std::to_string(log(org_b))}}},
        Target{"missing", Where::kMissing, {{"id", std::to_string(kMissingId)}}},
    };
    w->targets[Axis::kMailTest] = {
        Target{"missing", Where::kMissing, {{"testId", std::to_string(kMissingId)}}},
    };
    w->targets[Axis::kNone] = {Target{"-", Where::kOrgA, {}}};
  }
  return w;
}

World& TheWorld() {
  static World* world = BuildWorld();
  return *world;
}

// What `spec` expects for `p` on `t`: "ok" (any answer the route gives when allowed: 2xx, 400,
// 409, 422, 429), or exactly "401", "403", "404".
std::string Expected(const RouteSpec& spec, const Principal& p, const Target& t) {
  auto exception = kExceptions.find({spec.method + " " + spec.pattern, p.name, t.name});
  if (exception != kExceptions.end()) return exception->second;
  if (spec.roles == "public") return "ok";
  if (p.kind == Kind::kAnonymous || p.kind == Kind::kBlocked) return "401";
  bool self = t.where == Where::kSelf;
  if (self && spec.self_ok) return p.acting && spec.refused_acting ? "403" : "ok";
  if (spec.roles[p.col] != 'y') return "403";
  if (p.acting && spec.refused_acting) return "403";
  bool staff = p.col == kRes || p.col == kSel;
  if (spec.absent_is_ok) return "ok|404";
  if (spec.own_account_only) {
    bool own = (p.kind == Kind::kStaffA && t.where == Where::kResellerA) ||
               (p.kind == Kind::kCustomerX && t.where == Where::kX) ||
               (p.kind == Kind::kCustomerY && t.where == Where::kY);
    return own ? "ok" : "404";
  }
  switch (t.where) {
    case Where::kMissing: return "404";
    // Staff are no customer users: routes for those do not find them.
    case Where::kSelf: return staff ? "404" : "ok";
    case Where::kB: return p.kind == Kind::kResellerB ? "ok" : "404";
    default: break;
  }
  if (p.kind == Kind::kResellerB) return t.where == Where::kOrgA && spec.axis == Axis::kNone ? "ok" : "404";
  if (spec.axis == Axis::kNone) return "ok";
  if (staff) {
    switch (t.where) {
      case Where::kX:
      case Where::kY:
      case Where::kOrgA:
        return "ok";
      case Where::kResellerA:
        // A seller changes nothing of the reseller's own account (checked before the object).
        if (spec.axis == Axis::kAccountUser && p.col == kSel && spec.method != "GET") return "403";
        // People of the reseller's own account are never managed as customer users.
        if (spec.axis == Axis::kUser || spec.axis == Axis::kAccountUser ||
            spec.axis == Axis::kUserEmail || spec.axis == Axis::kSeller)
          return "404";
        if (spec.on_reseller == OnReseller::kNever) return "403";
        if (spec.on_reseller == OnReseller::kSellerLooks && p.col == kSel &&
            spec.method != "GET")
          return "403";
        return "ok";
      case Where::kSellerA:
        if (spec.axis == Axis::kSeller || spec.axis == Axis::kUserEmail) return "ok";
        return "404";
      default:
        return "404";
    }
  }
  // Customers reach their own account and its people only.
  bool own = (p.kind == Kind::kCustomerX && t.where == Where::kX) ||
             (p.kind == Kind::kCustomerY && t.where == Where::kY);
  return own ? "ok" : "404";
}

bool Matches(const std::string& expected, int status) {
  if (expected == "ok|404") return status == 404 || Matches("ok", status);
  if (expected == "ok")
    return status < 500 && status != 401 && status != 403 && status != 404 && status != 405;
  return std::to_string(status) == expected;
}

std::string Fill(std::string text, const Target& t, const Principal& p) {
  auto replace = [&](const std::string& key, const std::string& value) {
    for (size_t at; (at = text.find("{" + key + "}")) != std::string::npos;)
      text.replace(at, key.size() + 2, value);
  };
  for (const auto& [k, v] : t.params) replace(k, v);
  if (t.where == Where::kSelf) replace("userId", std::to_string(p.user));
  return text;
}

fs::path CopyOfTemplate(const World& w, int n) {
  fs::path copy = w.dir / ("case-" + std::to_string(n) + ".db");
  fs::copy_file(w.template_db, copy, fs::copy_options::overwrite_existing);
  return copy;
}

TEST(AuthorizationMatrixTest, EveryRouteHasARow) {
  Router router = BuildRoutes();
  std::set<std::string> specified;
  for (const auto& s : kRoutes) specified.insert(s.method + " " + s.pattern);
  for (const auto& route : router.routes())
    EXPECT_TRUE(specified.contains(route.method + " " + route.pattern))
        << route.method << " " << route.pattern << " has no row in kRoutes";
  std::set<std::string> served;
  for (const auto& route : router.routes()) served.insert(route.method + " " + route.pattern);
  for (const auto& s : kRoutes)
    EXPECT_TRUE(served.contains(s.method + " " + s.pattern)) << s.method << " " << s.pattern
                                                            << " is not a route any more";
}

TEST(AuthorizationMatrixTest, EveryRouteEveryPrincipalEveryTarget) {
  World& w = TheWorld();
  // Reads share one copy; anything that may change runs on a copy of its own.
  auto shared = storage::sqlite::SqliteDatabase::Open(CopyOfTemplate(w, 0).string(), 1);
  ASSERT_TRUE(shared.ok());
  App reader(**shared, w.signing_key, w.secret_key);
  int n = 0, failures = 0, cases = 0;
  for (const auto& spec : kRoutes) {
    const auto& targets = w.targets[spec.axis];
    for (const auto& p : w.principals) {
      for (const auto& t : targets) {
        if (t.where == Where::kSelf && p.kind == Kind::kAnonymous) continue;
        ++n;
        Request req;
        req.method = spec.method;
        req.path = Fill(spec.pattern, t, p);
        req.target = req.path;
        req.body = spec.method == "GET" ? "" : Fill(spec.body, t, p);
        req.headers["host"] = "localhost";
        req.headers["content-type"] = "application/json";
        if (!p.authorization.empty()) req.headers["authorization"] = p.authorization;
        req.remote_ip = "10.1." + std::to_string(n / 250 % 250) + "." + std::to_string(n % 250);
        Target effective = t;
        if (auto it = t.params.find("userId"); it != t.params.end() && it->second == std::to_string(p.user))
          effective.where = Where::kSelf;
        std::string expected = Expected(spec, p, effective);
        Response res;
        if (spec.method == "GET") {
          res = reader.api.Handle(req);
        } else {
          auto db = storage::sqlite::SqliteDatabase::Open(CopyOfTemplate(w, 1).string(), 1);
          ASSERT_TRUE(db.ok());
          App app(**db, w.signing_key, w.secret_key);
          res = app.api.Handle(req);
        }
        ++cases;
        if (!Matches(expected, res.status)) {
          ++failures;
          ADD_FAILURE() << spec.method << " " << spec.pattern << " as " << p.name << " on "
                        << t.name << ": expected " << expected << ", got " << res.status << " "
                        << res.body.substr(0, 200);
        }
      }
    }
  }
  RecordProperty("cases", cases);
  EXPECT_GT(cases, 2000);
  EXPECT_EQ(failures, 0) << "of " << cases << " cases";
  shared->reset();
  std::error_code ignored;
  fs::remove_all(w.dir, ignored);
}

}  // namespace
}  // namespace clientele::app::authorization_matrix
