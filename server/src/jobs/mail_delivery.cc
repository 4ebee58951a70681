#include "jobs/mail_delivery.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "crypto/crypto.h"
#include "domain/email_outbox.h"
#include "mail/templates/templates.h"

namespace clientele::jobs {
namespace {

constexpr int kBatch = 100;
constexpr int64_t kLeaseSeconds = 300;

mail::TlsMode ParseTls(const std::string& tls) {
  if (tls == "none") return mail::TlsMode::kNone;
  if (tls == "tls") return mail::TlsMode::kImplicit;
  return mail::TlsMode::kStartTls;
}

}  // namespace

int64_t RetryDelaySeconds(int attempts) {
  int64_t delay = 60;
  for (int i = 1; i < attempts && delay < 3600; ++i) delay *= 2;
  return std::min<int64_t>(delay, 3600);
}

Result<mail::SmtpSettings> MailDelivery::SettingsFor(storage::Tx& tx, OrgId org) {
  TRY(Branding b, tx.GetBranding(org));
  TRY(Brand brand, BrandOf(tx, org));
  mail::SmtpSettings s;
  if (!b.smtp_host.empty()) {
    s.host = b.smtp_host;
    s.port = b.smtp_port > 0 ? b.smtp_port : 587;
    s.tls = ParseTls(b.smtp_tls);
    s.username = b.smtp_login;
    if (b.smtp_password_sealed) {
      if (!crypto::Open(config_.secret_key, *b.smtp_password_sealed, s.password))
        return MakeError(ErrorCode::kFailedPrecondition,
                         "The stored SMTP password can't be read with the configured secret key.");
    }
  } else if (config_.platform) {
    s = *config_.platform;
  } else {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "No mail server: set one in the vendor settings or configure the platform's.");
  }
  if (!b.from_email.empty()) s.from_address = b.from_email;
  else if (s.from_address.empty() && config_.platform) s.from_address = config_.platform->from_address;
  if (s.from_address.empty()) s.from_address = brand.support_email;
  s.from_name = brand.name;
  return s;
}

Result<DeliveryReport> MailDelivery::SendDue(Timestamp now) {
  DeliveryReport report;
  for (;;) {
    std::vector<OutboxEmail> batch;
    TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
      TRY(batch, tx.ClaimDueEmails(now, now.PlusSeconds(kLeaseSeconds), kBatch));
      return Ok();
    }));
    for (const auto& e : batch) {
      Status sent = Ok();
      std::optional<mail::SmtpSettings> settings;
      Status lookup = db_.Read([&](storage::Tx& tx) -> Status {
        TRY(settings, SettingsFor(tx, e.org));
        return Ok();
      });
      if (!lookup.ok()) {
        sent = lookup;
      } else {
        mail::Message m;
        m.to_address = e.to_address;
        m.to_name = e.to_name;
        m.subject = e.subject;
        m.text_body = e.text_body;
        if (!e.html_body.empty()) m.html_body = e.html_body;
        m.message_id = "outbox-" + std::to_string(e.id) + "@clientele";
        sent = mailer_.Send(*settings, m);
      }
      Status marked = db_.Write([&](storage::Tx& tx) -> Status {
        if (sent.ok()) return tx.MarkEmailSent(e.id, now);
        int attempts = e.attempts + 1;
        // Even "permanent" refusals are retried: most come from settings the reseller can fix
        // (login, TLS), and the schedule gives up after a day anyway.
        bool give_up = attempts >= kMaxEmailAttempts;
        return tx.MarkEmailFailed(e.id, attempts, now.PlusSeconds(RetryDelaySeconds(attempts)),
                                  sent.error().message, give_up);
      });
      if (!marked.ok()) {
        spdlog::error("outbox: could not record the result for e-mail {}: {}", e.id,
                      marked.error().message);
        continue;  // the lease runs out and the e-mail is tried again
      }
      if (sent.ok()) {
        ++report.sent;
      } else {
        bool gave_up = e.attempts + 1 >= kMaxEmailAttempts;
        ++(gave_up ? report.given_up : report.retrying);
        spdlog::warn("outbox: e-mail {} ({}) to {} not sent: {}", e.id, e.kind, e.to_address,
                     sent.error().message);
      }
    }
    if (static_cast<int>(batch.size()) < kBatch) return report;
  }
}

Status MailDelivery::SendTest(OrgId org, const std::string& to, Timestamp now) {
  std::optional<mail::SmtpSettings> settings;
  std::optional<Brand> brand;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(settings, SettingsFor(tx, org));
    TRY(brand, BrandOf(tx, org));
    return Ok();
  }));
  mail::EmailContext ctx;
  ctx.brand_name = brand->name;
  ctx.support_email = brand->support_email;
  ctx.when = now;
  auto rendered = mail::Render(mail::EmailKind::kSmtpTest, "en", ctx);
  mail::Message m;
  m.to_address = to;
  m.subject = rendered.subject;
  m.text_body = rendered.text;
  m.html_body = rendered.html;
  return mailer_.Send(*settings, m);
}

}  // namespace clientele::jobs
