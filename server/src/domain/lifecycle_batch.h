#pragma once

#include <span>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/lifecycle.h"
#include "domain/model.h"
#include "domain/storage/services.h"

// The time-driven product lifecycle (SPEC §3) decided for a whole batch of due services of one
// organisation at once, in memory: pure, no storage, no clock. The job (jobs/lifecycle.cc) reads
// a batch with a few queries and writes what this decides with one statement per kind of row.
namespace clientele::lifecycle {

enum class DueKind {
  kTrialEnded,     // trial whose end has come -> trialend (at its trial end), "trial ended"
  kTrialEndsSoon,  // trial ending within kEndsSoonDays -> "trial ends soon", once per trial end
  kDeletion,       // trialend/paused past deleted_date -> deleted (at that date), "product deleted"
};

struct Batch {
  DueKind kind = DueKind::kTrialEnded;
  std::span<const Service> due;      // in the order they came due, all of one organisation
  std::span<const Client> accounts;  // the accounts of `due`
  // The state of every service of those accounts (not read for kTrialEndsSoon, which changes
  // no status).
  std::span<const storage::ServiceStore::ServiceState> services;
  int trial_days = 14;                // the organisation's
  int days_to_deleted = 30;           // the organisation's; an account may override both
  std::span<const Product> products;  // the catalog, for the products' titles in e-mails
  Timestamp now;
};

struct Decision {
  std::vector<Service> services;                    // the due services, changed
  std::vector<AccountStatusChange> status_changes;  // accounts whose status changes, at `now`
  std::vector<OutboxEmail> emails;                  // to queue; none for deleted accounts
};

// What the batch changes: each due service moved (and dated at its due time, however late the
// job runs), each account's status recomputed from all its products once its due services have
// moved, and one e-mail per transition with a dedupe key of the event, so that a batch run
// again queues nothing twice. What is due, what it changes and which e-mail it sends are the
// rules of lifecycle.h (NextEvent, Fire, CustomerEmailOf), which the preview runs too.
// kInternal if a due service's account is not in `accounts`, or the rules don't call a service
// due for the batch's kind at `now`.
Result<Decision> Decide(const Batch& batch);

}  // namespace clientele::lifecycle
