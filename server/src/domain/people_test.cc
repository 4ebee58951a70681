#include "domain/people.h"

#include <gtest/gtest.h>

#include "domain/email_outbox.h"
#include "domain/throttles.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

using testing::kNow;
using testing::kPassword;

// The token is only in the e-mail; read it back from the link in the outbox's data.
std::string LatestLinkToken(storage::Database& db, OrgId org) {
  std::string token;
  EXPECT_TRUE(db.Read([&](storage::Tx& tx) -> Status {
                  TRY(auto mails, tx.ListOutbox(org, 1));
                  TRY(EmailData data, DecodeEmailData(mails.front().data));
                  token = data.action_link.substr(data.action_link.find("token=") + 6);
                  return Ok();
                }).ok());
  return token;
}

class PeopleServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Database> db_ = testing::NewDatabase();
  AuthService auth_{*db_, "key"};
  PeopleService people_{*db_, auth_, "https://portal.example"};
  Caller reseller_ = testing::NewReseller(*db_, "boss@org-a.example");
};

TEST_F(PeopleServiceTest, SellerInvitationExpiresAfter24HoursAndResendWorks) {
  NewSeller s;
  s.email = "sam@org-a.example";
  s.full_name = "Sam";
  auto seller = people_.CreateSeller(reseller_, s, kNow);
  ASSERT_TRUE(seller.ok()) << seller.error().message;
  std::string first = LatestLinkToken(*db_, reseller_.org);
  ASSERT_FALSE(first.empty());

  auto late = people_.SetPasswordWithLink(first, kPassword, kNow.PlusSeconds(24 * 3600 + 1));
  ASSERT_FALSE(late.ok());
  EXPECT_TRUE(late.error().fields.contains("token"));

  ASSERT_TRUE(people_.RenewInvitation(reseller_, "SAM@org-a.example", kNow.PlusSeconds(25 * 3600)).ok());
  std::string second = LatestLinkToken(*db_, reseller_.org);
  EXPECT_NE(first, second);
  auto in_time = people_.SetPasswordWithLink(second, kPassword, kNow.PlusSeconds(48 * 3600));
  ASSERT_TRUE(in_time.ok()) << in_time.error().message;
  EXPECT_TRUE(in_time->activated);
  EXPECT_TRUE(auth_.Login("sam@org-a.example", kPassword, std::nullopt, kNow.PlusSeconds(49 * 3600)).ok());
}

TEST_F(PeopleServiceTest, RenewingTheInvitationOfAnActivatedPersonIsAPlainMessage) {
  NewSeller s;
  s.email = "ada@org-a.example";
  s.full_name = "Ada";
  ASSERT_TRUE(people_.CreateSeller(reseller_, s, kNow).ok());
  ASSERT_TRUE(people_.SetPasswordWithLink(LatestLinkToken(*db_, reseller_.org), kPassword, kNow).ok());
  auto again = people_.RenewInvitation(reseller_, s.email, kNow.PlusSeconds(60));
  ASSERT_FALSE(again.ok());
  // Told by its shape (a 400 {"message"}), not by a field error the handler must recognise.
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(again.error().message, "This user already activated.");
  EXPECT_TRUE(again.error().fields.empty());
}

TEST_F(PeopleServiceTest, PasswordResetLinksLastOneHourAndBlockedPeopleGetNone) {
  NewSeller s;
  s.email = "rita@org-a.example";
  s.full_name = "Rita";
  auto seller = people_.CreateSeller(reseller_, s, kNow);
  ASSERT_TRUE(seller.ok());
  ASSERT_TRUE(people_.SetPasswordWithLink(LatestLinkToken(*db_, reseller_.org), kPassword, kNow).ok());
  ASSERT_TRUE(people_.ForgotPassword("rita@org-a.example", kNow).ok());
  std::string reset = LatestLinkToken(*db_, reseller_.org);
  EXPECT_FALSE(people_.SetPasswordWithLink(reset, "Another-Secret-55", kNow.PlusSeconds(3601)).ok());

  ASSERT_TRUE(people_.SetBlocked(reseller_, seller->id, UserType::kSeller, true, kNow).ok());
  ASSERT_TRUE(people_.ForgotPassword("rita@org-a.example", kNow.PlusSeconds(10)).ok());
  EXPECT_EQ(LatestLinkToken(*db_, reseller_.org), reset) << "no new link for a blocked person";
  EXPECT_EQ(people_.ResetPasswordOf(reseller_, "rita@org-a.example", kNow).error().code,
            ErrorCode::kPermissionDenied);
}

// How many e-mails of the outbox went to `address`.
int MailsTo(storage::Database& db, OrgId org, const std::string& address) {
  int n = 0;
  EXPECT_TRUE(db.Read([&](storage::Tx& tx) -> Status {
                  TRY(auto mails, tx.ListOutbox(org, 1000));
                  for (const auto& m : mails) n += m.to_address == address;
                  return Ok();
                }).ok());
  return n;
}

TEST_F(PeopleServiceTest, ForgotPasswordMailsAreLimitedPerAddressAndPerClient) {
  const std::string me = "boss@org-a.example";
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(people_.ForgotPassword(me, kNow.PlusSeconds(i), "192.0.2.1").ok()) << i;
  EXPECT_EQ(MailsTo(*db_, reseller_.org, me), kResetMailsPerEmail.max);
  // The window is over an hour after the first.
  EXPECT_TRUE(people_.ForgotPassword(me, kNow.PlusSeconds(3600), "192.0.2.1").ok());
  EXPECT_EQ(MailsTo(*db_, reseller_.org, me), kResetMailsPerEmail.max + 1);

  // One client asking for many addresses (known or not) is cut off as well, silently.
  for (int i = 0; i < kResetMailsPerClient.max; ++i)
    EXPECT_TRUE(people_.ForgotPassword("nobody" + std::to_string(i) + "@org-a.example",
                                       kNow.PlusSeconds(7200), "192.0.2.2")
                    .ok());
  EXPECT_TRUE(people_.ForgotPassword(me, kNow.PlusSeconds(7200), "192.0.2.2").ok());
  EXPECT_EQ(MailsTo(*db_, reseller_.org, me), kResetMailsPerEmail.max + 1);
  EXPECT_TRUE(people_.ForgotPassword(me, kNow.PlusSeconds(7200), "192.0.2.3").ok());
  EXPECT_EQ(MailsTo(*db_, reseller_.org, me), kResetMailsPerEmail.max + 2);
}

TEST_F(PeopleServiceTest, StaffLinkMailsAreLimitedPerPerson) {
  NewSeller s;
  s.email = "ivan@org-a.example";
  s.full_name = "Ivan";
  ASSERT_TRUE(people_.CreateSeller(reseller_, s, kNow).ok());
  for (int i = 0; i < kLinkMailsPerPerson.max; ++i)
    ASSERT_TRUE(people_.RenewInvitation(reseller_, s.email, kNow.PlusSeconds(i)).ok()) << i;
  auto refused = people_.RenewInvitation(reseller_, s.email, kNow.PlusSeconds(10));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(refused.error().retry_after_seconds, 3600 - 10);
  EXPECT_EQ(people_.ResetPasswordOf(reseller_, s.email, kNow.PlusSeconds(11)).error().code,
            ErrorCode::kTooManyRequests);
  EXPECT_TRUE(people_.RenewInvitation(reseller_, s.email, kNow.PlusSeconds(3600)).ok());
}

TEST(ThrottleServiceTest, TestEmailsPerOrganisation) {
  auto db = testing::NewDatabase();
  ThrottleService throttles(*db);
  for (int i = 0; i < kTestMailsPerOrg.max; ++i)
    EXPECT_TRUE(throttles.TestEmail(OrgId{1}, kNow.PlusSeconds(i)).ok()) << i;
  auto refused = throttles.TestEmail(OrgId{1}, kNow.PlusSeconds(60));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(refused.error().retry_after_seconds, kTestMailsPerOrg.seconds - 60);
  EXPECT_TRUE(throttles.TestEmail(OrgId{2}, kNow.PlusSeconds(60)).ok()) << "per organisation";
  EXPECT_TRUE(throttles.TestEmail(OrgId{1}, kNow.PlusSeconds(kTestMailsPerOrg.seconds)).ok());
  // The jobs forget idle rows after a day.
  EXPECT_EQ(throttles.PurgeIdle(kNow.PlusSeconds(kThrottleRetentionSeconds)).value(), 0);
  EXPECT_EQ(throttles.PurgeIdle(kNow.PlusSeconds(kThrottleRetentionSeconds + 601)).value(), 2);
}

TEST_F(PeopleServiceTest, SellersAreTheResellersBusinessOnly) {
  Caller seller = reseller_;
  seller.type = UserType::kSeller;
  NewSeller s;
  s.email = "x@org-a.example";
  s.full_name = "X";
  EXPECT_EQ(people_.CreateSeller(seller, s, kNow).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(people_.ListSellers(seller, {}).error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace clientele
