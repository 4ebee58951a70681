#include "jobs/runner.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "domain/deletion.h"
#include "domain/throttles.h"
#include "jobs/lifecycle.h"

namespace clientele::jobs {
namespace {

// Refresh tokens and browser sessions past their expiry can never be used again; keeping them
// only grows the tables.
Result<JobReport> PurgeExpiredSessions(storage::Database& db, Timestamp now) {
  JobReport report{"purge_expired_sessions", 0};
  TRY_STATUS(db.Write([&](storage::Tx& tx) -> Status {
    TRY(int64_t refresh, tx.DeleteExpiredRefreshSessions(now));
    TRY(int64_t web, tx.DeleteExpiredWebSessions(now));
    report.done = refresh + web;
    return Ok();
  }));
  return report;
}

// Accounts whose deletion request outlived the grace period are deleted, one organisation at a
// time. Chosen inside the transaction that deletes them (after the organisation's lock on
// PostgreSQL), so overlapping runs never delete one twice.
Result<JobReport> DeleteRequestedAccounts(storage::Database& db, Timestamp now) {
  JobReport report{"accounts_deleted", 0};
  std::vector<OrgId> orgs;
  TRY_STATUS(db.Read([&](storage::Tx& tx) -> Status {
    TRY(orgs, tx.OrganisationsWithDeletionRequestsDue(now));
    return Ok();
  }));
  for (OrgId org : orgs) {
    for (;;) {
      int64_t batch = 0;
      TRY_STATUS(db.Write([&](storage::Tx& tx) -> Status {
        TRY(auto due, tx.DeletionRequestsDue(org, now, 100));
        for (const auto& r : due) TRY_STATUS(DeleteAccountNow(tx, r.org, r.client, "", r.due_at));
        batch = static_cast<int64_t>(due.size());
        return Ok();
      }));
      report.done += batch;
      if (batch < 100) break;
    }
  }
  return report;
}

// Seconds since `start`, for the log.
double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<std::vector<JobReport>> RunScheduledWork(storage::Database& db, Timestamp now) {
  std::vector<JobReport> reports;
  auto start = std::chrono::steady_clock::now();
  TRY(auto lifecycle, RunLifecycle(db, now));
  if (lifecycle.trials_ended + lifecycle.ends_soon_notices + lifecycle.products_deleted > 0)
    spdlog::info(
        "lifecycle: {} trials ended, {} ends-soon notices, {} products deleted in {:.1f} s",
        lifecycle.trials_ended, lifecycle.ends_soon_notices, lifecycle.products_deleted,
        SecondsSince(start));
  reports.push_back({"trials_ended", lifecycle.trials_ended});
  reports.push_back({"trial_ends_soon_notices", lifecycle.ends_soon_notices});
  reports.push_back({"products_deleted", lifecycle.products_deleted});
  TRY(auto deleted, DeleteRequestedAccounts(db, now));
  reports.push_back(std::move(deleted));
  TRY(auto sessions, PurgeExpiredSessions(db, now));
  reports.push_back(std::move(sessions));
  TRY(int64_t throttles, ThrottleService(db).PurgeIdle(now));
  reports.push_back({"purge_idle_throttles", throttles});
  return reports;
}

Result<std::vector<JobReport>> RunDueWork(storage::Database& db, MailDelivery& mail, Timestamp now) {
  TRY(std::vector<JobReport> reports, RunScheduledWork(db, now));
  auto start = std::chrono::steady_clock::now();
  TRY(auto delivery, mail.SendDue(now));
  if (delivery.sent + delivery.retrying + delivery.given_up > 0)
    spdlog::info("mail delivery: {} sent, {} to retry, {} given up in {:.1f} s", delivery.sent,
                 delivery.retrying, delivery.given_up, SecondsSince(start));
  reports.push_back({"emails_sent", delivery.sent});
  reports.push_back({"emails_retrying", delivery.retrying});
  reports.push_back({"emails_given_up", delivery.given_up});
  return reports;
}

}  // namespace clientele::jobs
