#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/vendor_settings.h"
#include "mail/mailer.h"
#include "domain/storage/unit_of_work.h"

namespace clientele::jobs {

struct MailConfig {
  std::optional<mail::SmtpSettings> platform;  // the platform's default mail server
  std::string secret_key;                      // opens stored SMTP passwords and bodies (32 bytes)
  // Organisations' own mail servers may be on private or local addresses (the operator's
  // `--allow-private-mail-servers`); otherwise only public addresses are connected to.
  bool allow_private_mail_servers = false;
};

struct DeliveryReport {
  int64_t sent = 0;
  int64_t retrying = 0;
  int64_t given_up = 0;
  DeliveryReport& operator+=(const DeliveryReport& other) {
    sent += other.sent;
    retrying += other.retrying;
    given_up += other.given_up;
    return *this;
  }
};

inline constexpr int kMaxEmailAttempts = 15;
// Seconds to wait after the `attempts`-th failure: 1 min, doubling, at most 1 hour.
int64_t RetryDelaySeconds(int attempts);

// The due e-mails of one organisation, claimed (leased) together and sent in order.
struct OrgBatch {
  OrgId org;
  std::vector<OutboxEmail> emails;
  Timestamp now;                                    // the instant they were claimed for
  std::chrono::steady_clock::time_point lease_end;  // when other runs may take them again
};

// Sends what the outbox holds, through each organisation's mail server or the platform's.
//
// E-mails are claimed and leased (5 minutes) in sets, in a short transaction, then sent outside
// any transaction and marked sent or failed in sets, so two instances never send one twice; a
// crash mid-send leaves the e-mails whose results were not yet recorded (at most 100 sent, or a
// second of sending) to be retried when the lease ends. A send only starts while enough of the
// lease is left for it to finish; what can't start in time is put back, untouched.
//
// Organisations are independent: each one's e-mails go in their own batch, batches run on
// separate threads, and a mail server that can't be reached (or refuses the login) fails the
// rest of its batch at once instead of timing out on each e-mail. Every conversation is bounded
// (10 s to connect or for an answer, 30 s in all), so a slow or dead mail server delays only
// its own organisation.
//
// Thread-safe. Bodies sealed at rest (storage::OutboxHooks) are opened here, just before sending.
class MailDelivery final : public MailTestRunner {
 public:
  // `workers`: how many organisations SendDue serves at once.
  MailDelivery(storage::Database& db, mail::Mailer& mailer, MailConfig config, int workers = 8);
  // Cancels test e-mails still being sent and waits for their threads.
  ~MailDelivery() override;
  MailDelivery(const MailDelivery&) = delete;
  MailDelivery& operator=(const MailDelivery&) = delete;

  // Everything due by `now`, organisations in parallel; returns when all is sent or scheduled
  // for retry (`clientele jobs run`).
  Result<DeliveryReport> SendDue(Timestamp now);

  // The steps of SendDue, for callers that schedule batches themselves (OutboxPump). ClaimDue
  // leases up to `limit` due e-mails, except those of `skip_orgs`, grouped by organisation.
  // SendBatch sends them in order and records what became of them in sets (one statement per
  // 100 e-mails sent or per second, and at the end).
  Result<std::vector<OrgBatch>> ClaimDue(Timestamp now, const std::vector<OrgId>& skip_orgs,
                                         int limit = 100);
  DeliveryReport SendBatch(const OrgBatch& batch);

  // Abandons sends in progress within about a second and starts no more (shutdown): the
  // e-mails concerned are put back as they were, to be sent by the next run.
  void Cancel();

  // "Send test email" of the Vendor settings. Checks that there is a mail server to use
  // (kFailedPrecondition if not, or if its stored password can't be opened), records the test
  // and sends it on a thread of its own, bounded to 15 s, so no request worker waits for a
  // mail server. kAlreadyExists while the organisation's previous test is still being sent;
  // kUnavailable when too many tests run at once on this instance.
  Result<MailTest> StartTest(OrgId org, const std::string& to, Timestamp now) override;
  // A test of the organisation (kNotFound for another's). One still "sending" long after its
  // time limit (its instance stopped) is reported as failed with a "timeout".
  Result<MailTest> GetTest(OrgId org, int64_t id, Timestamp now) override;

  // The mail server an organisation's e-mails go through. kFailedPrecondition if none is set.
  Result<mail::SmtpSettings> SettingsFor(storage::Tx& tx, OrgId org);

 private:
  struct TestThread;
  void RunTest(MailTest test, mail::SmtpSettings settings, Timestamp now);
  void JoinFinishedTests();  // with tests_mu_ held

  storage::Database& db_;
  mail::Mailer& mailer_;
  const MailConfig config_;
  const int workers_;
  std::atomic<bool> cancel_{false};
  std::mutex tests_mu_;
  std::vector<std::unique_ptr<TestThread>> tests_;
};

}  // namespace clientele::jobs
