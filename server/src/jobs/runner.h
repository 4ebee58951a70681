#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "storage/store.h"

namespace clientele::jobs {

struct JobReport {
  std::string job;
  int64_t done = 0;
};

// Runs every kind of due time-driven work once, for the instant `now`. Each job is a function
// of the database and `now`: running it twice for the same `now` changes nothing the second
// time. Later issues add the product lifecycle, the deletion grace period and the e-mail outbox.
Result<std::vector<JobReport>> RunDueWork(storage::Database& db, Timestamp now);

}  // namespace clientele::jobs
