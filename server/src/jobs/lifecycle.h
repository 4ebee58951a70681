#pragma once

#include "core/result.h"
#include "core/time.h"
#include "domain/storage/unit_of_work.h"

namespace clientele::jobs {

struct LifecycleReport {
  int64_t trials_ended = 0;
  int64_t ends_soon_notices = 0;
  int64_t products_deleted = 0;
};

// The automatic product lifecycle (SPEC §3) as of `now`, for every organisation:
//   trial whose end has come        -> trialend (at its trial end), e-mail "trial ended"
//   trial ending within 3 days      -> e-mail "trial ends soon", once per trial
//   trialend/paused past deleted_date -> deleted (at that date), e-mail "product deleted"
// One organisation at a time, in batches of `batch` changes: each batch is one transaction that
// chooses its due rows (on PostgreSQL under the organisation's lock, and FOR UPDATE SKIP LOCKED),
// applies the rules to the whole batch in memory (domain/lifecycle_batch.h) and writes the
// changed products, account statuses, status history and e-mails with one statement each. So
// runs that overlap, on any number of instances, or repeat for the same `now` never apply a
// change or queue an e-mail twice, and a run that fails part-way loses only its current batch.
inline constexpr int kLifecycleBatch = 2000;
Result<LifecycleReport> RunLifecycle(storage::Database& db, Timestamp now,
                                     int batch = kLifecycleBatch);

}  // namespace clientele::jobs
