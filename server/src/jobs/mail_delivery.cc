#include "jobs/mail_delivery.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <thread>

#include "crypto/crypto.h"
#include "domain/email_outbox.h"
#include "mail/templates/templates.h"

namespace clientele::jobs {
namespace {

using Clock = std::chrono::steady_clock;

// E-mails claimed at once: at first (and always by the OutboxPump), and at most, as a run's
// claims grow (SendDue).
constexpr int kBatch = 100;
constexpr int kMaxClaim = 2000;
// Results are recorded at least this often (see SendBatch).
constexpr size_t kRecordEvery = 100;
constexpr std::chrono::seconds kRecordAfter{1};
constexpr int64_t kLeaseSeconds = 300;
// Bounds of one conversation with a mail server while delivering.
constexpr std::chrono::seconds kSendTimeout{10};
constexpr std::chrono::seconds kSendTotal{30};
// A send starts only while the lease outlasts its longest possible run by this margin, so an
// e-mail is never sent after another run may have taken it.
constexpr std::chrono::seconds kLeaseMargin{30};
// The test e-mail: a shorter leash, since the reseller is waiting for the answer.
constexpr std::chrono::seconds kTestTimeout{5};
constexpr std::chrono::seconds kTestTotal{15};
// A test still "sending" this long after it started was abandoned (its instance stopped).
constexpr int64_t kTestStaleSeconds = 60;
constexpr size_t kMaxTestsAtOnce = 4;
constexpr int64_t kKeepTestsSeconds = 86'400;

mail::TlsMode ParseTls(const std::string& tls) {
  if (tls == "none") return mail::TlsMode::kNone;
  if (tls == "tls") return mail::TlsMode::kImplicit;
  return mail::TlsMode::kStartTls;
}

// Failures that say the server, not this e-mail, is the problem: the rest of the batch would
// fail the same way, each after its own timeout.
bool ServerIsUnusable(mail::SendFailure f) {
  switch (f) {
    case mail::SendFailure::kResolve:
    case mail::SendFailure::kAddressNotAllowed:
    case mail::SendFailure::kConnect:
    case mail::SendFailure::kTimeout:
    case mail::SendFailure::kTls:
    case mail::SendFailure::kLogin:
      return true;
    default:
      return false;
  }
}

Timestamp After(Timestamp base, Clock::time_point since) {
  auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - since);
  return Timestamp{base.micros + elapsed.count()};
}

// The body as queued: sealed ones are opened with the key; plain ones (queued without a key, or
// before bodies were sealed) pass as they are.
Result<std::string> OpenBody(const std::string& key, const std::string& stored) {
  if (!crypto::IsSealedText(stored)) return stored;
  std::string body;
  if (!crypto::OpenText(key, stored, body))
    return MakeError(ErrorCode::kFailedPrecondition,
                     "The e-mail can't be opened with the configured secret key.");
  return body;
}

mail::EmailContext ContextOf(const EmailData& data, const Brand& brand) {
  mail::EmailContext ctx;
  ctx.brand_name = brand.name;
  ctx.support_email = brand.support_email;
  ctx.recipient_name = data.recipient_name;
  ctx.account_company = data.account_company;
  ctx.account_id = data.account_id;
  ctx.product_title = data.product_title;
  ctx.when = data.when;
  ctx.action_link = data.action_link;
  ctx.link_valid_hours = data.link_valid_hours;
  ctx.note = data.note;
  ctx.ip = data.ip;
  ctx.user_email = data.user_email;
  return ctx;
}

// The message of an outbox e-mail: rendered now from its kind and data, in the recipient's
// language, with the organisation's brand; one queued already rendered (by a version before
// the outbox kept data) is sent as it was stored.
Result<mail::Message> Compose(const OutboxEmail& e, const Brand& brand, const std::string& key) {
  mail::Message m;
  m.to_address = e.to_address;
  m.to_name = e.to_name;
  if (e.data.empty()) {
    m.subject = e.subject;
    TRY(m.text_body, OpenBody(key, e.text_body));
    TRY(std::string html, OpenBody(key, e.html_body));
    if (!html.empty()) m.html_body = std::move(html);
    return m;
  }
  auto kind = ParseEmailKind(e.kind);
  if (!kind) return MakeError(ErrorCode::kInternal, "Unknown kind of e-mail: " + e.kind);
  TRY(std::string json, OpenBody(key, e.data));
  TRY(EmailData data, DecodeEmailData(json));
  mail::RenderedEmail rendered = mail::Render(*kind, data.lang, ContextOf(data, brand));
  m.subject = std::move(rendered.subject);
  m.text_body = std::move(rendered.text);
  m.html_body = std::move(rendered.html);
  return m;
}

}  // namespace

struct MailDelivery::TestThread {
  std::thread thread;
  std::atomic<bool> done{false};
};

int64_t RetryDelaySeconds(int attempts) {
  int64_t delay = 60;
  for (int i = 1; i < attempts && delay < 3600; ++i) delay *= 2;
  return std::min<int64_t>(delay, 3600);
}

MailDelivery::MailDelivery(storage::Database& db, mail::Mailer& mailer, MailConfig config,
                           int workers)
    : db_(db), mailer_(mailer), config_(std::move(config)), workers_(std::max(1, workers)) {}

MailDelivery::~MailDelivery() {
  Cancel();
  std::lock_guard lock(tests_mu_);
  for (auto& t : tests_) t->thread.join();
}

void MailDelivery::Cancel() { cancel_ = true; }

Result<mail::SmtpSettings> MailDelivery::SettingsFor(storage::Tx& tx, OrgId org) {
  TRY(Branding b, tx.GetBranding(org));
  TRY(Brand brand, BrandOf(tx, org));
  mail::SmtpSettings s;
  if (!b.smtp_host.empty()) {
    s.host = b.smtp_host;
    s.port = b.smtp_port > 0 ? b.smtp_port : 587;
    s.tls = ParseTls(b.smtp_tls);
    s.username = b.smtp_login;
    s.allow_private_addresses = config_.allow_private_mail_servers;
    if (b.smtp_password_sealed) {
      if (!crypto::Open(config_.secret_key, *b.smtp_password_sealed, s.password))
        return MakeError(ErrorCode::kFailedPrecondition,
                         "The stored SMTP password can't be read with the configured secret key.");
    }
  } else if (config_.platform) {
    s = *config_.platform;  // the operator's own server: not limited to public addresses
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

Result<std::vector<OrgBatch>> MailDelivery::ClaimDue(Timestamp now,
                                                     const std::vector<OrgId>& skip_orgs,
                                                     int limit) {
  std::vector<OutboxEmail> claimed;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(claimed, tx.ClaimDueEmails(now, now.PlusSeconds(kLeaseSeconds), limit, skip_orgs));
    return Ok();
  }));
  const auto lease_end = Clock::now() + std::chrono::seconds(kLeaseSeconds);
  std::vector<OrgBatch> batches;
  std::map<int64_t, size_t> index;  // org -> position in `batches`, in order of first due
  for (auto& e : claimed) {
    auto [it, added] = index.try_emplace(e.org.value, batches.size());
    if (added) batches.push_back(OrgBatch{e.org, {}, now, lease_end});
    batches[it->second].emails.push_back(std::move(e));
  }
  return batches;
}

DeliveryReport MailDelivery::SendBatch(const OrgBatch& batch) {
  using EmailResult = storage::OutboxStore::EmailResult;
  DeliveryReport report;
  const auto claimed_at = batch.lease_end - std::chrono::seconds(kLeaseSeconds);
  std::optional<mail::SmtpSettings> settings;
  std::optional<Brand> brand;
  Status lookup = db_.Read([&](storage::Tx& tx) -> Status {
    TRY(settings, SettingsFor(tx, batch.org));
    TRY(brand, BrandOf(tx, batch.org));
    return Ok();
  });
  if (settings) {
    settings->timeout = kSendTimeout;
    settings->total_timeout = kSendTotal;
    settings->cancel = &cancel_;
  }
  // Set once the server proved unusable: the rest of the batch gets the same result.
  std::optional<Error> server_failure;
  // E-mails that failed for the whole batch (no server, server unusable): logged once.
  int64_t batch_failures = 0;

  // Results are written in sets: at the latest after kRecordEvery e-mails sent or kRecordAfter,
  // which bounds what a crash can make us send twice (an e-mail sent but not recorded goes out
  // again when its lease ends). Failures, which send nothing, wait for the end of the batch. A
  // result that can't be written leaves its e-mail leased: it is tried again after the lease.
  std::vector<EmailResult> results;
  size_t sent_unrecorded = 0;
  auto unrecorded_since = Clock::now();
  auto record = [&](std::vector<EmailResult>& done, bool count) {
    if (done.empty()) return;
    Status st = db_.Write([&](storage::Tx& tx) { return tx.RecordEmailResults(done); });
    if (!st.ok()) {
      spdlog::error("outbox: could not record the results of {} e-mail(s) of organisation {}: {}",
                    done.size(), batch.org.value, st.error().message);
    } else if (count) {
      for (const auto& r : done)
        ++(r.sent ? report.sent : r.give_up ? report.given_up : report.retrying);
    }
    done.clear();
    sent_unrecorded = 0;
    unrecorded_since = Clock::now();
  };
  // Puts e-mails back untouched (due when they were before the claim), for this run or another.
  auto put_back = [&](size_t from) {
    std::vector<EmailResult> back;
    for (size_t k = from; k < batch.emails.size(); ++k) {
      const OutboxEmail& rest = batch.emails[k];
      back.push_back({rest.id, false, rest.next_attempt_at, rest.attempts, rest.next_attempt_at,
                      rest.last_error, false});
    }
    size_t released = back.size();
    record(back, false);
    spdlog::info("outbox: {} e-mail(s) of organisation {} put back to be sent later", released,
                 batch.org.value);
  };

  for (size_t i = 0; i < batch.emails.size(); ++i) {
    const OutboxEmail& e = batch.emails[i];
    Timestamp now = After(batch.now, claimed_at);
    if (cancel_ || Clock::now() + kSendTotal + kLeaseMargin > batch.lease_end) {
      record(results, true);
      put_back(i);
      break;
    }

    Status sent = Ok();
    mail::SendFailureInfo why;
    bool whole_batch = false;
    if (!lookup.ok()) {
      sent = lookup;
      whole_batch = true;
    } else if (server_failure) {
      sent = *server_failure;
      whole_batch = true;
    } else {
      auto m = Compose(e, *brand, config_.secret_key);
      if (!m) {
        sent = m.error();
      } else {
        m->message_id = "outbox-" + std::to_string(e.id) + "@clientele";
        sent = mailer_.Send(*settings, *m, &why);
        now = After(batch.now, claimed_at);
        if (!sent.ok() && why.failure == mail::SendFailure::kCancelled) {
          record(results, true);
          put_back(i);
          break;
        }
        if (!sent.ok() && ServerIsUnusable(why.failure)) server_failure = sent.error();
      }
    }

    int attempts = e.attempts + 1;
    // Even "permanent" refusals are retried: most come from settings the reseller can fix
    // (login, TLS), and the schedule gives up after a day anyway.
    bool give_up = !sent.ok() && attempts >= kMaxEmailAttempts;
    results.push_back({e.id, sent.ok(), now, attempts, now.PlusSeconds(RetryDelaySeconds(attempts)),
                       sent.ok() ? std::string() : sent.error().message, give_up});
    if (whole_batch) {
      ++batch_failures;
    } else if (!sent.ok()) {
      spdlog::warn("outbox: e-mail {} ({}) of organisation {} to {} not sent: {}", e.id, e.kind,
                   batch.org.value, e.to_address, sent.error().message);
    }
    if (sent.ok()) ++sent_unrecorded;
    if (sent_unrecorded >= kRecordEvery || Clock::now() - unrecorded_since >= kRecordAfter)
      record(results, true);
  }
  record(results, true);
  if (batch_failures > 0)
    spdlog::warn("outbox: {} e-mail(s) of organisation {} not sent: {}", batch_failures,
                 batch.org.value, (!lookup.ok() ? lookup.error() : *server_failure).message);
  return report;
}

Result<DeliveryReport> MailDelivery::SendDue(Timestamp now) {
  DeliveryReport report;
  // Claims start small, so that runners starting together share a short queue, and grow while
  // they come back full, so that a long queue takes few claims.
  int limit = kBatch;
  for (;;) {
    TRY(std::vector<OrgBatch> batches, ClaimDue(now, {}, limit));
    size_t claimed = 0;
    for (const auto& b : batches) claimed += b.emails.size();
    // Each organisation on a thread of its own, at most `workers_` at once.
    std::atomic<size_t> next{0};
    std::mutex mu;
    auto work = [&] {
      for (size_t i = next++; i < batches.size(); i = next++) {
        DeliveryReport r = SendBatch(batches[i]);
        std::lock_guard lock(mu);
        report += r;
      }
    };
    std::vector<std::thread> threads;
    size_t helpers = std::min(batches.size(), static_cast<size_t>(workers_));
    for (size_t t = 1; t < helpers; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    if (claimed < static_cast<size_t>(limit) || cancel_) return report;
    limit = std::min(limit * 2, kMaxClaim);
  }
}

// ---------------------------------------------------------------------------------------------
// The test e-mail

void MailDelivery::JoinFinishedTests() {
  std::erase_if(tests_, [](std::unique_ptr<TestThread>& t) {
    if (!t->done) return false;
    t->thread.join();
    return true;
  });
}

Result<MailTest> MailDelivery::StartTest(OrgId org, const std::string& to, Timestamp now) {
  std::optional<mail::SmtpSettings> settings;
  Status read = db_.Read([&](storage::Tx& tx) -> Status {
    TRY(settings, SettingsFor(tx, org));
    return Ok();
  });
  if (!read.ok()) {
    Error e = read.error();
    // No mail server to use (or its password can't be read): answered like a finished test
    // that failed, so a caller reads one shape; the message is ours, never a server's.
    if (e.code == ErrorCode::kFailedPrecondition)
      e.details = {{"status", "failed"}, {"failure", "not_configured"}};
    return e;
  }
  std::lock_guard lock(tests_mu_);
  JoinFinishedTests();
  if (tests_.size() >= kMaxTestsAtOnce || cancel_)
    return MakeError(ErrorCode::kUnavailable,
                     "Too many test e-mails are being sent right now; try again in a moment.");
  std::optional<MailTest> test;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY_STATUS(tx.DeleteMailTests(org, now.PlusSeconds(-kKeepTestsSeconds)));
    TRY(auto running, tx.SendingMailTest(org, now.PlusSeconds(-kTestStaleSeconds)));
    if (running)
      return MakeError(ErrorCode::kAlreadyExists,
                       "A test e-mail is already being sent; wait for its result.");
    MailTest draft;
    draft.org = org;
    draft.to_address = to;
    draft.created_at = now;
    TRY(test, tx.InsertMailTest(draft));
    return Ok();
  }));
  settings->timeout = kTestTimeout;
  settings->total_timeout = kTestTotal;
  settings->cancel = &cancel_;
  auto running = std::make_unique<TestThread>();
  TestThread* slot = running.get();
  slot->thread = std::thread([this, slot, t = *test, s = std::move(*settings), now]() mutable {
    RunTest(std::move(t), std::move(s), now);
    slot->done = true;
  });
  tests_.push_back(std::move(running));
  return *test;
}

void MailDelivery::RunTest(MailTest test, mail::SmtpSettings settings, Timestamp now) {
  const auto started = Clock::now();
  std::optional<Brand> brand;
  Status read = db_.Read([&](storage::Tx& tx) -> Status {
    TRY(brand, BrandOf(tx, test.org));
    return Ok();
  });
  Status sent = read;
  mail::SendFailureInfo why;
  if (read.ok()) {
    mail::EmailContext ctx;
    ctx.brand_name = brand->name;
    ctx.support_email = brand->support_email;
    ctx.when = now;
    auto rendered = mail::Render(EmailKind::kSmtpTest, "en", ctx);
    mail::Message m;
    m.to_address = test.to_address;
    m.subject = rendered.subject;
    m.text_body = rendered.text;
    m.html_body = rendered.html;
    sent = mailer_.Send(settings, m, &why);
  }
  // Shutdown: left "sending", which readers see as a timeout once its time is up, like a test
  // whose instance died.
  if (!sent.ok() && why.failure == mail::SendFailure::kCancelled) return;
  if (!sent.ok()) {
    if (why.failure == mail::SendFailure::kNone) why.failure = mail::SendFailure::kOther;
    spdlog::info("test e-mail {} of organisation {} failed: {}", test.id, test.org.value,
                 sent.error().message);
  }
  Status recorded = db_.Write([&](storage::Tx& tx) {
    return tx.FinishMailTest(test.org, test.id,
                             sent.ok() ? MailTestState::kSent : MailTestState::kFailed,
                             sent.ok() ? "" : std::string(mail::SendFailureName(why.failure)),
                             sent.ok() ? 0 : why.reply_code, After(now, started));
  });
  if (!recorded.ok())
    spdlog::error("test e-mail {}: could not record the result: {}", test.id,
                  recorded.error().message);
}

Result<MailTest> MailDelivery::GetTest(OrgId org, int64_t id, Timestamp now) {
  std::optional<MailTest> test;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(test, tx.GetMailTest(org, id));
    return Ok();
  }));
  if (test->state == MailTestState::kSending &&
      test->created_at.PlusSeconds(kTestStaleSeconds) < now) {
    test->state = MailTestState::kFailed;
    test->failure = std::string(mail::SendFailureName(mail::SendFailure::kTimeout));
  }
  return std::move(*test);
}

}  // namespace clientele::jobs
