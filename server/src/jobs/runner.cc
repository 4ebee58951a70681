#include "jobs/runner.h"

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

}  // namespace

Result<std::vector<JobReport>> RunDueWork(storage::Database& db, Timestamp now) {
  std::vector<JobReport> reports;
  TRY(auto sessions, PurgeExpiredSessions(db, now));
  reports.push_back(std::move(sessions));
  return reports;
}

}  // namespace clientele::jobs
