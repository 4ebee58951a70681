#include "jobs/mail_delivery.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "crypto/crypto.h"
#include "domain/email_outbox.h"
#include "jobs/outbox_pump.h"
#include "mail/templates/templates.h"
#include "testing/failing_database.h"
#include "testing/fixtures.h"

namespace clientele::jobs {
namespace {

using testing::kNow;

// A Mailer whose behaviour is chosen per mail server host: accept, fail with a category, or
// hold the send until released (a slow or dead server).
class FakeMailer final : public mail::Mailer {
 public:
  struct Sent {
    std::string host;
    mail::Message message;
    mail::SmtpSettings settings;
  };

  using mail::Mailer::Send;
  Status Send(const mail::SmtpSettings& settings, const mail::Message& message,
              mail::SendFailureInfo* why) override {
    std::unique_lock lock(mu_);
    ++calls_[settings.host];
    cv_.notify_all();
    // Like curl, a held send notices a cancellation within a moment.
    while (held_.contains(settings.host)) {
      if (settings.cancel && settings.cancel->load()) {
        if (why) why->failure = mail::SendFailure::kCancelled;
        return MakeError(ErrorCode::kUnavailable, "cancelled");
      }
      cv_.wait_for(lock, std::chrono::milliseconds(10));
    }
    if (auto f = failures_.find(settings.host); f != failures_.end()) {
      if (why) *why = f->second;
      return MakeError(ErrorCode::kUnavailable, "the server said something private");
    }
    sent_.push_back({settings.host, message, settings});
    cv_.notify_all();
    return Ok();
  }

  void Hold(const std::string& host) {
    std::lock_guard lock(mu_);
    held_.insert(host);
  }
  void Release(const std::string& host) {
    std::lock_guard lock(mu_);
    held_.erase(host);
    cv_.notify_all();
  }
  void Fail(const std::string& host, mail::SendFailure failure, int code = 0) {
    std::lock_guard lock(mu_);
    failures_[host] = {failure, code};
  }
  // Waits (bounded) until `host` has been asked to send `n` times.
  bool WaitForCalls(const std::string& host, int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] { return calls_[host] >= n; });
  }
  bool WaitForSent(const std::string& host, size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] { return SentTo(host) >= n; });
  }
  int calls(const std::string& host) {
    std::lock_guard lock(mu_);
    return calls_[host];
  }
  std::vector<Sent> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }

 private:
  size_t SentTo(const std::string& host) const {
    return std::count_if(sent_.begin(), sent_.end(), [&](const Sent& s) { return s.host == host; });
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> held_;
  std::map<std::string, mail::SendFailureInfo> failures_;
  std::map<std::string, int> calls_;
  std::vector<Sent> sent_;
};

class MailDeliveryTest : public ::testing::Test {
 protected:
  MailDeliveryTest() {
    key_ = crypto::RandomBytes(crypto::kSecretKeyBytes);
    config_.secret_key = key_;
  }

  // An organisation whose own mail server is `host`.
  OrgId NewOrg(const std::string& email, const std::string& host) {
    Caller reseller = testing::NewReseller(*db_, email);
    EXPECT_TRUE(db_->Write([&](storage::Tx& tx) -> Status {
                     TRY(Branding b, tx.GetBranding(reseller.org));
                     b.smtp_host = host;
                     b.smtp_port = 2525;
                     b.smtp_tls = "none";
                     b.from_email = "noreply@" + host;
                     return tx.PutBranding(b);
                   }).ok());
    return reseller.org;
  }

  void Queue(OrgId org, const std::string& to, const std::string& key,
             const std::string& link = "https://portal.example/reset?token=secret-token") {
    EmailData data;
    data.action_link = link;
    data.link_valid_hours = 1;
    ASSERT_TRUE(db_->Write([&](storage::Tx& tx) {
                     return QueueEmail(tx, org, EmailKind::kPasswordReset, {to, "", "en"}, data,
                                       key, kNow);
                   }).ok());
  }

  std::vector<OutboxEmail> Outbox(OrgId org) {
    std::vector<OutboxEmail> out;
    EXPECT_TRUE(db_->Read([&](storage::Tx& tx) -> Status {
                     TRY(out, tx.ListOutbox(org, 100));
                     return Ok();
                   }).ok());
    return out;
  }

  std::unique_ptr<storage::Database> db_ = testing::NewDatabase();
  std::string key_;
  MailConfig config_;
  FakeMailer mailer_;
};

TEST_F(MailDeliveryTest, DataIsSealedUntilSentAndClearedAfter) {
  db_->SetOutboxHooks({key_, {}});
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  Queue(org, "anna@example.com", "reset-1");
  auto pending = Outbox(org);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].kind, "password_reset");
  EXPECT_TRUE(crypto::IsSealedText(pending[0].data));
  EXPECT_EQ(pending[0].data.find("secret-token"), std::string::npos);
  EXPECT_EQ(pending[0].text_body, "");  // rendered when sent, not when queued

  MailDelivery delivery(*db_, mailer_, config_);
  auto report = delivery.SendDue(kNow);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->sent, 1);
  auto sent = mailer_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].message.text_body.find("secret-token"), std::string::npos);
  ASSERT_TRUE(sent[0].message.html_body.has_value());
  EXPECT_NE(sent[0].message.html_body->find("secret-token"), std::string::npos);
  // Organisations' own servers are held to public addresses, and conversations are bounded.
  EXPECT_FALSE(sent[0].settings.allow_private_addresses);
  EXPECT_EQ(sent[0].settings.timeout, std::chrono::seconds(10));
  EXPECT_EQ(sent[0].settings.total_timeout, std::chrono::seconds(30));

  auto after = Outbox(org);
  EXPECT_EQ(after[0].state, EmailState::kSent);
  EXPECT_EQ(after[0].data, "");
  EXPECT_EQ(after[0].kind, "password_reset");  // the record stays
}

// Rendered at delivery: in the recipient's language, with the brand the organisation has then.
TEST_F(MailDeliveryTest, RendersKindAndDataWithTheOrganisationsBrand) {
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) {
                   EmailData data;
                   data.product_title = "CDN";
                   data.when = kNow.PlusDays(14);
                   return QueueEmail(tx, org, EmailKind::kTrialStarted,
                                     {"kunde@example.com", "Karl", "de"}, data, "trial-1", kNow);
                 }).ok());
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) -> Status {
                   TRY(Branding b, tx.GetBranding(org));
                   b.brand_name = "Acme Cloud";
                   return tx.PutBranding(b);
                 }).ok());
  MailDelivery delivery(*db_, mailer_, config_);
  ASSERT_TRUE(delivery.SendDue(kNow).ok());
  auto sent = mailer_.sent();
  ASSERT_EQ(sent.size(), 1u);
  mail::EmailContext ctx;
  ctx.brand_name = "Acme Cloud";
  ctx.support_email = "boss@a.example";
  ctx.recipient_name = "Karl";
  ctx.product_title = "CDN";
  ctx.when = kNow.PlusDays(14);
  auto want = mail::Render(EmailKind::kTrialStarted, "de", ctx);
  EXPECT_EQ(sent[0].message.subject, want.subject);
  EXPECT_EQ(sent[0].message.text_body, want.text);
  EXPECT_EQ(sent[0].message.html_body, want.html);
  EXPECT_EQ(sent[0].message.to_name, "Karl");
}

// E-mails queued by a version that rendered them when queueing go out as they were stored.
TEST_F(MailDeliveryTest, SendsEmailsQueuedRenderedAsTheyAre) {
  db_->SetOutboxHooks({key_, {}});
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  OutboxEmail old;
  old.org = org;
  old.kind = "password_reset";
  old.dedupe_key = "old-1";
  old.to_address = "anna@example.com";
  old.subject = "Reset your password";
  old.text_body = "Reset: https://portal.example/reset?token=old-token\n";
  old.html_body = "<p>old</p>";
  old.next_attempt_at = kNow;
  old.created_at = kNow;
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) -> Status {
                   TRY(bool queued, tx.EnqueueEmail(old));
                   EXPECT_TRUE(queued);
                   return Ok();
                 }).ok());
  MailDelivery delivery(*db_, mailer_, config_);
  auto report = delivery.SendDue(kNow);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->sent, 1);
  auto sent = mailer_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].message.subject, old.subject);
  EXPECT_EQ(sent[0].message.text_body, old.text_body);
  EXPECT_EQ(sent[0].message.html_body, old.html_body);
  EXPECT_EQ(Outbox(org)[0].text_body, "");
}

TEST_F(MailDeliveryTest, OperatorMayAllowPrivateMailServers) {
  config_.allow_private_mail_servers = true;
  OrgId org = NewOrg("boss@a.example", "10.0.0.25");
  Queue(org, "anna@example.com", "reset-1");
  MailDelivery delivery(*db_, mailer_, config_);
  ASSERT_TRUE(delivery.SendDue(kNow).ok());
  ASSERT_EQ(mailer_.sent().size(), 1u);
  EXPECT_TRUE(mailer_.sent()[0].settings.allow_private_addresses);
}

TEST_F(MailDeliveryTest, AnUnusableServerFailsTheRestOfItsBatchWithoutTryingEach) {
  OrgId dead = NewOrg("boss@dead.example", "smtp.dead.example");
  OrgId fine = NewOrg("boss@fine.example", "smtp.fine.example");
  for (int i = 0; i < 3; ++i) Queue(dead, "d@example.com", "dead-" + std::to_string(i));
  Queue(fine, "f@example.com", "fine-1");
  mailer_.Fail("smtp.dead.example", mail::SendFailure::kConnect);
  MailDelivery delivery(*db_, mailer_, config_);
  auto report = delivery.SendDue(kNow);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->sent, 1);
  EXPECT_EQ(report->retrying, 3);
  EXPECT_EQ(mailer_.calls("smtp.dead.example"), 1);
  for (const auto& e : Outbox(dead)) {
    EXPECT_EQ(e.state, EmailState::kPending);
    EXPECT_EQ(e.attempts, 1);
    EXPECT_EQ(e.next_attempt_at.seconds(), kNow.PlusSeconds(60).seconds());
  }
}

// Many e-mails take few units of work: claims that grow, results recorded in sets (per 100 sent),
// and still each e-mail sent once and marked sent.
TEST_F(MailDeliveryTest, ManyEmailsAreClaimedAndRecordedInSets) {
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  constexpr int kEmails = 450;
  ASSERT_TRUE(db_->Write([&](storage::Tx& tx) -> Status {
                   for (int i = 0; i < kEmails; ++i) {
                     EmailData data;
                     data.action_link = "https://portal.example/" + std::to_string(i);
                     TRY_STATUS(QueueEmail(tx, org, EmailKind::kPasswordReset,
                                           {"p" + std::to_string(i) + "@example.com", "", "en"},
                                           data, "many-" + std::to_string(i), kNow));
                   }
                   return Ok();
                 }).ok());
  testing::FailingDatabase counting(*db_);  // fails nothing; counts the store calls
  MailDelivery delivery(counting, mailer_, config_);
  auto report = delivery.SendDue(kNow);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->sent, kEmails);
  std::set<std::string> ids;
  for (const auto& s : mailer_.sent()) ids.insert(s.message.message_id);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kEmails)) << "each e-mail once";
  for (const auto& e : Outbox(org)) EXPECT_EQ(e.state, EmailState::kSent);
  // Claims of 100, 200 and 400 (the last one short), each batch's settings and brand read, and
  // one record per 100 sent (or second): a few dozen calls, where one write per e-mail would be
  // hundreds.
  EXPECT_LT(counting.calls(), 40);
}

// A refusal of one recipient says nothing about the others.
TEST_F(MailDeliveryTest, ARefusedRecipientDoesNotStopTheBatch) {
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  Queue(org, "x@example.com", "k1");
  Queue(org, "y@example.com", "k2");
  mailer_.Fail("smtp.a.example", mail::SendFailure::kRecipientRefused, 550);
  MailDelivery delivery(*db_, mailer_, config_);
  ASSERT_TRUE(delivery.SendDue(kNow).ok());
  EXPECT_EQ(mailer_.calls("smtp.a.example"), 2);
}

TEST_F(MailDeliveryTest, NothingIsSentOnANearlyExpiredLeaseOrAfterCancel) {
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  Queue(org, "x@example.com", "k1");
  Queue(org, "y@example.com", "k2");
  MailDelivery delivery(*db_, mailer_, config_);
  auto batches = delivery.ClaimDue(kNow, {});
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 1u);
  OrgBatch late = (*batches)[0];
  late.lease_end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  DeliveryReport r = delivery.SendBatch(late);
  EXPECT_EQ(r.sent + r.retrying + r.given_up, 0);
  EXPECT_EQ(mailer_.calls("smtp.a.example"), 0);
  // Put back as they were: due again, no attempt counted.
  auto again = delivery.ClaimDue(kNow, {});
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 1u);
  ASSERT_EQ((*again)[0].emails.size(), 2u);
  EXPECT_EQ((*again)[0].emails[0].attempts, 0);

  delivery.Cancel();
  r = delivery.SendBatch((*again)[0]);
  EXPECT_EQ(mailer_.calls("smtp.a.example"), 0);
  EXPECT_EQ(Outbox(org)[0].state, EmailState::kPending);
}

TEST_F(MailDeliveryTest, ClaimsGroupByOrganisationAndSkipTheBusyOnes) {
  OrgId a = NewOrg("boss@a.example", "smtp.a.example");
  OrgId b = NewOrg("boss@b.example", "smtp.b.example");
  Queue(a, "1@example.com", "a1");
  Queue(b, "2@example.com", "b1");
  Queue(a, "3@example.com", "a2");
  MailDelivery delivery(*db_, mailer_, config_);
  auto skipped = delivery.ClaimDue(kNow, {a});
  ASSERT_TRUE(skipped.ok());
  ASSERT_EQ(skipped->size(), 1u);
  EXPECT_EQ((*skipped)[0].org, b);
  auto rest = delivery.ClaimDue(kNow, {});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].org, a);
  EXPECT_EQ((*rest)[0].emails.size(), 2u);
}

// The server: a commit wakes the pump, and an organisation whose mail server never answers
// holds up only its own e-mail.
TEST_F(MailDeliveryTest, PumpSendsOnCommitAndADeadServerDelaysOnlyItsOrganisation) {
  OrgId dead = NewOrg("boss@dead.example", "smtp.dead.example");
  OrgId fine = NewOrg("boss@fine.example", "smtp.fine.example");
  mailer_.Hold("smtp.dead.example");
  MailDelivery delivery(*db_, mailer_, config_);
  FixedClock clock(kNow);
  OutboxPump pump(delivery, clock, 2);
  db_->SetOutboxHooks({key_, [&pump] { pump.Wake(); }});
  pump.Start();

  Queue(dead, "d@example.com", "dead-1");
  ASSERT_TRUE(mailer_.WaitForCalls("smtp.dead.example", 1));
  Queue(dead, "d@example.com", "dead-2");  // waits behind the first, in its own organisation
  Queue(fine, "f@example.com", "fine-1");
  ASSERT_TRUE(mailer_.WaitForSent("smtp.fine.example", 1));
  Queue(fine, "f@example.com", "fine-2");
  ASSERT_TRUE(mailer_.WaitForSent("smtp.fine.example", 2));
  EXPECT_EQ(mailer_.calls("smtp.dead.example"), 1);

  mailer_.Release("smtp.dead.example");
  EXPECT_TRUE(mailer_.WaitForSent("smtp.dead.example", 2));
  pump.Stop();
  for (const auto& e : Outbox(dead)) EXPECT_EQ(e.state, EmailState::kSent);
}

TEST_F(MailDeliveryTest, StoppingThePumpPutsBackWhatIsBeingSent) {
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  mailer_.Hold("smtp.a.example");
  MailDelivery delivery(*db_, mailer_, config_);
  FixedClock clock(kNow);
  OutboxPump pump(delivery, clock, 2);
  db_->SetOutboxHooks({key_, [&pump] { pump.Wake(); }});
  pump.Start();
  Queue(org, "x@example.com", "k1");
  ASSERT_TRUE(mailer_.WaitForCalls("smtp.a.example", 1));
  pump.Stop();
  EXPECT_TRUE(mailer_.sent().empty());
  auto e = Outbox(org)[0];
  EXPECT_EQ(e.state, EmailState::kPending);
  EXPECT_EQ(e.attempts, 0);
  EXPECT_EQ(e.next_attempt_at, kNow);  // due again at once, for the next run
}

TEST_F(MailDeliveryTest, TestEmailRunsInTheBackgroundAndReportsOnlyACategory) {
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  mailer_.Hold("smtp.a.example");
  mailer_.Fail("smtp.a.example", mail::SendFailure::kRecipientRefused, 550);
  int64_t id = 0;
  {
    MailDelivery delivery(*db_, mailer_, config_);
    auto started = delivery.StartTest(org, "ops@example.com", kNow);
    ASSERT_TRUE(started.ok()) << started.error().message;
    EXPECT_EQ(started->state, MailTestState::kSending);
    id = started->id;
    ASSERT_TRUE(mailer_.WaitForCalls("smtp.a.example", 1));
    auto again = delivery.StartTest(org, "ops@example.com", kNow.PlusSeconds(1));
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    auto sending = delivery.GetTest(org, id, kNow.PlusSeconds(2));
    ASSERT_TRUE(sending.ok());
    EXPECT_EQ(sending->state, MailTestState::kSending);
    // Abandoned by a stopped instance: reported as timed out.
    EXPECT_EQ(delivery.GetTest(org, id, kNow.PlusSeconds(61))->failure, "timeout");
    OrgId other = NewOrg("boss@b.example", "smtp.b.example");
    EXPECT_EQ(delivery.GetTest(other, id, kNow).error().code, ErrorCode::kNotFound);
    mailer_.Release("smtp.a.example");
  }  // joins the test's thread
  MailDelivery delivery(*db_, mailer_, config_);
  auto done = delivery.GetTest(org, id, kNow.PlusSeconds(3));
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, MailTestState::kFailed);
  EXPECT_EQ(done->failure, "recipient_refused");
  EXPECT_EQ(done->reply_code, 550);
  EXPECT_TRUE(done->finished_at.has_value());
}

TEST_F(MailDeliveryTest, TestEmailSentAndBounded) {
  OrgId org = NewOrg("boss@a.example", "smtp.a.example");
  int64_t id = 0;
  {
    MailDelivery delivery(*db_, mailer_, config_);
    auto started = delivery.StartTest(org, "ops@example.com", kNow);
    ASSERT_TRUE(started.ok());
    id = started->id;
  }
  ASSERT_EQ(mailer_.sent().size(), 1u);
  EXPECT_EQ(mailer_.sent()[0].settings.total_timeout, std::chrono::seconds(15));
  EXPECT_EQ(mailer_.sent()[0].message.to_address, "ops@example.com");
  MailDelivery delivery(*db_, mailer_, config_);
  EXPECT_EQ(delivery.GetTest(org, id, kNow)->state, MailTestState::kSent);
  // The previous one is done, so another may start.
  EXPECT_TRUE(delivery.StartTest(org, "ops@example.com", kNow.PlusSeconds(5)).ok());
}

TEST_F(MailDeliveryTest, TestEmailWithoutAMailServerIsRefusedAtOnce) {
  Caller reseller = testing::NewReseller(*db_, "boss@none.example");
  MailDelivery delivery(*db_, mailer_, config_);
  auto started = delivery.StartTest(reseller.org, "ops@example.com", kNow);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kFailedPrecondition);
  // Answered like a test that failed, so the API needs no shape of its own for it.
  EXPECT_EQ(started.error().details,
            (std::map<std::string, std::string>{{"failure", "not_configured"}, {"status", "failed"}}));
}

}  // namespace
}  // namespace clientele::jobs
