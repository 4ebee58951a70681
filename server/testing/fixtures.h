#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "crypto/crypto.h"
#include "domain/accounts.h"
#include "domain/organisations.h"
#include "domain/products.h"
#include "storage/sqlite/sqlite_store.h"

// Use-case tests run on a real SQLite ":memory:" database rather than a hand-written fake
// store, so the fake can never drift from what production does; it is as fast and hermetic.
namespace clientele::testing {

inline constexpr const char* kPassword = "Sturdy-Password-42";
inline const Timestamp kNow = Timestamp::FromSeconds(1'795'773'600);  // 2026-11-27T10:00:00Z

inline std::unique_ptr<storage::Database> NewDatabase() {
  EXPECT_TRUE(crypto::Init());
  auto db = storage::sqlite::SqliteDatabase::Open(":memory:");
  EXPECT_TRUE(db.ok());
  auto migrated = (*db)->Migrate();
  EXPECT_TRUE(migrated.ok());
  return std::move(*db);
}

// A reseller organisation and the Caller its reseller user becomes after signing in.
inline Caller NewReseller(storage::Database& db, const std::string& email) {
  OrganisationService orgs(db);
  auto created = orgs.CreateReseller({email, kPassword, "Org of " + email, std::nullopt}, kNow);
  EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
  Caller c = CallerOf(created->user);
  c.reseller_account = created->client.id;
  return c;
}

inline NewAccountRequest Account(const std::string& email, const std::string& company) {
  NewAccountRequest r;
  r.email = email;
  r.password = kPassword;
  r.company = company;
  return r;
}

// The service of `product` on an account, as staff see it; a test failure if there is none.
inline Service ServiceOf(ProductService& products, const Caller& staff, ClientId client,
                         const std::string& product) {
  auto services = products.Services(staff, client);
  EXPECT_TRUE(services.ok());
  if (services.ok())
    for (const auto& s : *services)
      if (s.service.product == product) return s.service;
  ADD_FAILURE() << "no " << product;
  return {};
}

// The same with what the Products tab shows beside it (activation, ...), as `who` sees it.
inline ServiceView ServiceViewOf(ProductService& products, const Caller& who, ClientId client,
                                 const std::string& product) {
  auto services = products.Services(who, client);
  EXPECT_TRUE(services.ok());
  if (services.ok())
    for (const auto& s : *services)
      if (s.service.product == product) return s;
  ADD_FAILURE() << "no " << product;
  return {};
}

}  // namespace clientele::testing
