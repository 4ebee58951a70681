#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "jobs/mail_delivery.h"
#include "domain/storage/unit_of_work.h"

namespace clientele::jobs {

struct JobReport {
  std::string job;
  int64_t done = 0;
};

// Runs every kind of due time-driven work once, for the instant `now`. Each job is a function
// of the database and `now`: running it twice for the same `now` changes nothing the second
// time. The outbox goes last, so e-mails the other jobs queue go out in the same run.
Result<std::vector<JobReport>> RunDueWork(storage::Database& db, MailDelivery& mail, Timestamp now);

// The same without the outbox, for a server whose OutboxPump sends the e-mails.
Result<std::vector<JobReport>> RunScheduledWork(storage::Database& db, Timestamp now);

}  // namespace clientele::jobs
