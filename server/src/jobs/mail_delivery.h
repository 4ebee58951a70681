#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "core/time.h"
#include "mail/mailer.h"
#include "storage/store.h"

namespace clientele::jobs {

struct MailConfig {
  std::optional<mail::SmtpSettings> platform;  // the platform's default mail server
  std::string secret_key;                      // opens stored SMTP passwords (32 bytes)
};

struct DeliveryReport {
  int64_t sent = 0;
  int64_t retrying = 0;
  int64_t given_up = 0;
};

inline constexpr int kMaxEmailAttempts = 15;
// Seconds to wait after the `attempts`-th failure: 1 min, doubling, at most 1 hour.
int64_t RetryDelaySeconds(int attempts);

// Sends what the outbox holds, through each organisation's mail server or the platform's.
// E-mails are leased while they are sent, so two instances never send one twice; a crash
// mid-send leaves the e-mail to be retried when the lease ends.
class MailDelivery {
 public:
  MailDelivery(storage::Database& db, mail::Mailer& mailer, MailConfig config)
      : db_(db), mailer_(mailer), config_(std::move(config)) {}

  Result<DeliveryReport> SendDue(Timestamp now);

  // "Send test email" of the Vendor settings: sent at once through the organisation's mail
  // server, so the reseller sees the server's answer. kUnavailable/kInvalidArgument from SMTP.
  Status SendTest(OrgId org, const std::string& to, Timestamp now);

  // The mail server an organisation's e-mails go through. kFailedPrecondition if none is set.
  Result<mail::SmtpSettings> SettingsFor(storage::Tx& tx, OrgId org);

 private:
  storage::Database& db_;
  mail::Mailer& mailer_;
  MailConfig config_;
};

}  // namespace clientele::jobs
