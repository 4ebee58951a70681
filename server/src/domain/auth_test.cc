#include "domain/auth.h"

#include <gtest/gtest.h>

#include "domain/api_tokens.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

using testing::kNow;
using testing::kPassword;

TEST(LockScheduleTest, FreeFailuresThenDoublingUpToTheCap) {
  EXPECT_EQ(LockSecondsAfter(0), 0);
  EXPECT_EQ(LockSecondsAfter(4), 0);
  EXPECT_EQ(LockSecondsAfter(5), 60);
  EXPECT_EQ(LockSecondsAfter(6), 120);
  EXPECT_EQ(LockSecondsAfter(8), 480);
  EXPECT_EQ(LockSecondsAfter(9), 900);
  EXPECT_EQ(LockSecondsAfter(1000), 900);
}

TEST(AccessTokenTest, RoundTripsAndRejectsTamperingAndExpiry) {
  AccessClaims c;
  c.user = UserId{5};
  c.org = OrgId{2};
  c.type = UserType::kCommon;
  c.client = ClientId{9};
  c.group = Group::kEngineers;
  c.email = "e@x.example";
  c.acting_user = UserId{1};
  c.acting_email = "boss@x.example";
  c.issued_at = kNow;
  c.expires_at = kNow.PlusSeconds(3600);
  c.jti = "abc";
  std::string token = SignAccessToken(c, "key-1");
  auto back = VerifyAccessToken(token, "key-1", kNow.PlusSeconds(10));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->user, c.user);
  EXPECT_EQ(back->org, c.org);
  EXPECT_EQ(back->client, c.client);
  EXPECT_EQ(back->acting_user, c.acting_user);
  EXPECT_EQ(back->acting_email, "boss@x.example");
  EXPECT_FALSE(VerifyAccessToken(token, "key-2", kNow).ok());
  EXPECT_FALSE(VerifyAccessToken(token, "key-1", kNow.PlusSeconds(3600)).ok());
  std::string tampered = token;
  tampered[token.find('.') + 5] ^= 1;
  EXPECT_FALSE(VerifyAccessToken(tampered, "key-1", kNow).ok());
  EXPECT_FALSE(VerifyAccessToken("a.b", "key-1", kNow).ok());
  EXPECT_FALSE(VerifyAccessToken("", "key-1", kNow).ok());
}

class AuthServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db_ = testing::NewDatabase();
  Caller reseller_ = testing::NewReseller(*db_, "boss@org-a.example");
  AuthService auth_{*db_, "test-signing-key"};
};

TEST_F(AuthServiceTest, SignsInAndAuthenticatesBearer) {
  auto signed_in = auth_.Login("Boss@Org-A.example", kPassword, std::nullopt, kNow);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
  EXPECT_EQ(signed_in->caller.user, reseller_.user);
  auto caller = auth_.Authenticate("bearer " + signed_in->tokens.access, kNow.PlusSeconds(1));
  ASSERT_TRUE(caller.ok());
  EXPECT_EQ(caller->org, reseller_.org);
  EXPECT_EQ(caller->type, UserType::kReseller);
  EXPECT_FALSE(auth_.Authenticate("Basic abc", kNow).ok());
  EXPECT_FALSE(auth_.Authenticate("Bearer", kNow).ok());
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownEmailLookAlike) {
  auto wrong = auth_.Login("boss@org-a.example", "Wrong-Password-1", std::nullopt, kNow);
  auto unknown = auth_.Login("nobody@org-a.example", kPassword, std::nullopt, kNow);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  auto missing = auth_.Login("", "", std::nullopt, kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().fields.contains("username"));
  EXPECT_TRUE(missing.error().fields.contains("password"));
}

TEST_F(AuthServiceTest, LocksAfterRepeatedFailuresEvenForTheRightPassword) {
  for (int i = 0; i < kFreeFailures; ++i)
    ASSERT_EQ(auth_.Login("boss@org-a.example", "Wrong-Password-1", std::nullopt, kNow).error().code,
              ErrorCode::kUnauthenticated);
  auto locked = auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow.PlusSeconds(1));
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(locked.error().retry_after_seconds, 59);
  // After the lock the right password works and clears the counter.
  auto later = auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow.PlusSeconds(61));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(auth_.Login("boss@org-a.example", "Wrong-Password-1", std::nullopt, kNow.PlusSeconds(62))
                  .error().code == ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, FailuresLockOnlyTheAddressTheyCameFrom) {
  const char* stranger = "203.0.113.66";
  for (int i = 0; i < kFreeFailures; ++i)
    ASSERT_EQ(auth_.Login("boss@org-a.example", "Wrong-Password-1", std::nullopt, kNow, stranger)
                  .error().code,
              ErrorCode::kUnauthenticated);
  auto locked = auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow, stranger);
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kTooManyRequests);
  // The person, elsewhere, signs in with the right password.
  EXPECT_TRUE(
      auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow, "198.51.100.5").ok());
  // ... and that does not unlock the stranger.
  EXPECT_EQ(auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow, stranger).error().code,
            ErrorCode::kTooManyRequests);
  // The person stays unlocked: nothing is stored on the person any more.
  ASSERT_TRUE(db_->Read([&](storage::Tx& tx) -> Status {
                   TRY(User stored, tx.GetUser(reseller_.org, reseller_.user));
                   EXPECT_EQ(stored.locked_until, std::nullopt);
                   EXPECT_EQ(stored.failed_logins, 0);
                   return Ok();
                 }).ok());
}

TEST_F(AuthServiceTest, UnknownEmailsAreCountedAndLockedLikeKnownOnes) {
  for (const char* email : {"boss@org-a.example", "nobody@org-a.example"}) {
    std::vector<ErrorCode> codes;
    std::vector<std::string> messages;
    for (int i = 0; i <= kFreeFailures; ++i) {
      auto r = auth_.Login(email, "Wrong-Password-1", std::nullopt, kNow, "192.0.2.1");
      codes.push_back(r.error().code);
      messages.push_back(r.error().message);
    }
    std::vector<ErrorCode> expected(kFreeFailures, ErrorCode::kUnauthenticated);
    expected.push_back(ErrorCode::kTooManyRequests);
    EXPECT_EQ(codes, expected) << email;
    EXPECT_EQ(messages.front(), "No active account found with the given credentials.") << email;
    EXPECT_EQ(messages.back(), "Too many failed sign-in attempts. Try again in 60 seconds.")
        << email;
  }
}

TEST_F(AuthServiceTest, ManyFailuresFromEverywhereSlowEachAddressButLockNobodyOut) {
  // As if kAccountFailureCeiling failures had come from many addresses this hour.
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) {
                   storage::Throttle t;
                   t.key = SignInAccountKey("boss@org-a.example");
                   t.count = kAccountFailureCeiling;
                   t.window_start = t.updated_at = kNow;
                   return tx.PutThrottle(t);
                 }).ok());
  auto attempt = [&](const char* password, const char* address) {
    return auth_.Login("boss@org-a.example", password, std::nullopt, kNow, address);
  };
  EXPECT_EQ(attempt("Wrong-1", "192.0.2.7").error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(attempt("Wrong-2", "192.0.2.7").error().code, ErrorCode::kTooManyRequests);
  EXPECT_TRUE(attempt(kPassword, "192.0.2.8").ok());
}

TEST_F(AuthServiceTest, FailedLoginAlertsAreThrottledPerPerson) {
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) -> Status {
                   NotificationSetting s;
                   s.org = reseller_.org;
                   s.type = "failed_login";
                   s.email = "security@org-a.example";
                   TRY(auto stored, tx.InsertNotificationSetting(s));
                   (void)stored;
                   return Ok();
                 }).ok());
  auto alerts = [&] {
    int n = 0;
    EXPECT_TRUE(db_->Read([&](storage::Tx& tx) -> Status {
                     TRY(auto mails, tx.ListOutbox(reseller_.org, 100));
                     for (const auto& m : mails) n += m.to_address == "security@org-a.example";
                     return Ok();
                   }).ok());
    return n;
  };
  for (int i = 0; i < 3; ++i)
    (void)auth_.Login("boss@org-a.example", "Wrong-1", std::nullopt, kNow.PlusSeconds(i),
                      "192.0.2.9");
  EXPECT_EQ(alerts(), 1);
  (void)auth_.Login("boss@org-a.example", "Wrong-1", std::nullopt, kNow.PlusSeconds(901),
                    "192.0.2.10");
  EXPECT_EQ(alerts(), 2);
}

TEST_F(AuthServiceTest, BusyPasswordSlotsAnswerUnavailableAtOnce) {
  auth_.LimitPasswordChecks(1);
  std::optional<ConcurrencyLimit::Slot> held;
  ASSERT_TRUE(auth_.EnterPasswordCheck(held).ok());
  auto busy = auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(busy.error().retry_after_seconds, 1);
  held.reset();
  EXPECT_TRUE(auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow).ok());
}

TEST_F(AuthServiceTest, RefreshTokensWorkOnceAndExpire) {
  auto signed_in = auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow);
  ASSERT_TRUE(signed_in.ok());
  auto next = auth_.Refresh(signed_in->tokens.refresh, kNow.PlusSeconds(10));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(auth_.Refresh(signed_in->tokens.refresh, kNow.PlusSeconds(11)).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth_.Refresh(next->refresh, kNow.PlusSeconds(kRefreshTokenSeconds + 11)).error().code,
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth_.Refresh("made-up", kNow).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, SameEmailInTwoOrganisationsNeedsTheOrganisation) {
  Caller other = testing::NewReseller(*db_, "twin@org.example");
  Caller twin = testing::NewReseller(*db_, "TWIN@org.example");
  auto ambiguous = auth_.Login("twin@org.example", kPassword, std::nullopt, kNow);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_TRUE(ambiguous.error().fields.contains("reseller_id"));
  auto chosen = auth_.Login("twin@org.example", kPassword, twin.org, kNow);
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->caller.org, twin.org);
  EXPECT_NE(twin.org, other.org);
}

TEST_F(AuthServiceTest, ApiTokensAuthenticateUntilDeletedOrExpired) {
  ApiTokenService tokens(*db_);
  NewApiToken r;
  r.name = "ci";
  r.role_id = 1;
  r.expires_at = kNow.PlusDays(1);
  auto issued = tokens.Create(reseller_, *reseller_.client, r, '_', kNow);
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  auto caller = auth_.Authenticate("APIKEY " + issued->secret, kNow);
  ASSERT_TRUE(caller.ok());
  EXPECT_EQ(caller->api_token, issued->token.id);
  EXPECT_FALSE(auth_.Authenticate("APIKey " + issued->secret + "x", kNow).ok());
  EXPECT_FALSE(auth_.Authenticate("APIKey " + issued->secret, kNow.PlusDays(2)).ok());
  ASSERT_TRUE(tokens.Delete(reseller_, *reseller_.client, issued->token.id).ok());
  EXPECT_FALSE(auth_.Authenticate("APIKey " + issued->secret, kNow).ok());
  // Another account's tokens are invisible.
  EXPECT_EQ(tokens.List(reseller_, ClientId{999}, false).error().code, ErrorCode::kNotFound);
}

TEST_F(AuthServiceTest, BlockedPeopleLoseAccessAtOnce) {
  auto signed_in = auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow);
  ASSERT_TRUE(signed_in.ok());
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) -> Status {
                   TRY(User u, tx.GetUser(reseller_.org, reseller_.user));
                   u.blocked = true;
                   return tx.UpdateUser(u);
                 }).ok());
  EXPECT_FALSE(auth_.Authenticate("Bearer " + signed_in->tokens.access, kNow).ok());
  EXPECT_FALSE(auth_.Refresh(signed_in->tokens.refresh, kNow).ok());
  EXPECT_EQ(auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow).error().code,
            ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, ACustomerUserInTheResellersOwnAccountNeverSignsIn) {
  // Before the rules refused it, a seller could invite an Administrators user into the
  // reseller's own account; such a person must not get in with it.
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) -> Status {
                   User u;
                   u.org = reseller_.org;
                   u.client = reseller_.client;
                   u.email = "planted@org-a.example";
                   u.type = UserType::kCommon;
                   u.group = Group::kAdministrators;
                   u.password_hash = crypto::HashPassword(kPassword).value();
                   u.activated = true;
                   u.created_at = kNow;
                   TRY(User stored, tx.InsertUser(u));
                   (void)stored;
                   return Ok();
                 }).ok());
  auto planted = auth_.Login("planted@org-a.example", kPassword, std::nullopt, kNow);
  ASSERT_FALSE(planted.ok());
  EXPECT_EQ(planted.error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(auth_.Login("boss@org-a.example", kPassword, std::nullopt, kNow).ok());
}

}  // namespace
}  // namespace clientele
