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
// Each change, its account status and its e-mail are one transaction; the due rows are chosen
// inside it, so runs that overlap (or repeat for the same `now`) never apply a change twice.
// Changes are made `batch` to a transaction.
inline constexpr int kLifecycleBatch = 500;
Result<LifecycleReport> RunLifecycle(storage::Database& db, Timestamp now,
                                     int batch = kLifecycleBatch);

}  // namespace clientele::jobs
