#include "jobs/lifecycle.h"

#include <unordered_set>

#include "domain/lifecycle_batch.h"

namespace clientele::jobs {
namespace {

using lifecycle::DueKind;

// Runs `step` over batches until a batch comes back short. Each batch is one transaction.
template <typename Step>
Result<int64_t> InBatches(storage::Database& db, int batch, Step step) {
  int64_t total = 0;
  for (;;) {
    int64_t done = 0;
    TRY_STATUS(db.Write([&](storage::Tx& tx) -> Status {
      TRY(done, step(tx));
      return Ok();
    }));
    total += done;
    if (done < batch) return total;
  }
}

// One batch of one organisation, set-based: the due services (locked; on PostgreSQL after the
// organisation's lock, which the first call takes), their accounts and the status of every
// service of those accounts in three queries; the rules applied in memory (lifecycle::Decide);
// the changed services, account statuses, status history and e-mails written with one
// statement each.
Result<int64_t> RunBatch(storage::Tx& tx, OrgId org, DueKind kind, Timestamp now, int batch) {
  std::vector<Service> due;
  switch (kind) {
    case DueKind::kTrialEnded: {
      TRY(due, tx.TrialsEnded(org, now, batch));
      break;
    }
    case DueKind::kTrialEndsSoon: {
      TRY(due, tx.TrialsEndingSoon(org, now, now.PlusDays(lifecycle::kEndsSoonDays), batch));
      break;
    }
    case DueKind::kDeletion: {
      TRY(due, tx.DeletionsDue(org, now, batch));
      break;
    }
  }
  if (due.empty()) return int64_t{0};
  TRY(Organisation organisation, tx.GetOrganisation(org));
  std::vector<ClientId> ids;
  std::unordered_set<int64_t> seen;
  for (const auto& s : due)
    if (seen.insert(s.client.value).second) ids.push_back(s.client);
  TRY(std::vector<Client> accounts, tx.GetClients(org, ids));
  std::vector<storage::ServiceStore::ServiceState> services;
  if (kind != DueKind::kTrialEndsSoon) {
    TRY(services, tx.ServiceStates(org, ids));
  }
  TRY(std::vector<Product> products, tx.ListProducts());

  lifecycle::Batch input;
  input.kind = kind;
  input.due = due;
  input.accounts = accounts;
  input.services = services;
  input.trial_days = organisation.trial_days;
  input.days_to_deleted = organisation.days_to_deleted;
  input.products = products;
  input.now = now;
  TRY(lifecycle::Decision decision, lifecycle::Decide(input));

  TRY_STATUS(tx.UpdateServices(org, decision.services));
  TRY_STATUS(tx.SetClientStatuses(org, decision.status_changes));
  TRY_STATUS(tx.InsertStatusChanges(org, decision.status_changes));
  // Fewer may be queued than given: an e-mail of this event was queued before (a repeated run).
  TRY_STATUS(tx.EnqueueEmails(decision.emails));
  return static_cast<int64_t>(due.size());
}

}  // namespace

Result<LifecycleReport> RunLifecycle(storage::Database& db, Timestamp now, int batch) {
  std::vector<OrgId> orgs;
  TRY_STATUS(db.Read([&](storage::Tx& tx) -> Status {
    TRY(orgs, tx.OrganisationsWithDueServices(now, now.PlusDays(lifecycle::kEndsSoonDays)));
    return Ok();
  }));
  LifecycleReport report;
  for (OrgId org : orgs) {
    auto run = [&](DueKind kind) {
      return InBatches(db, batch,
                       [&](storage::Tx& tx) { return RunBatch(tx, org, kind, now, batch); });
    };
    TRY(int64_t ended, run(DueKind::kTrialEnded));
    TRY(int64_t notices, run(DueKind::kTrialEndsSoon));
    TRY(int64_t deleted, run(DueKind::kDeletion));
    report.trials_ended += ended;
    report.ends_soon_notices += notices;
    report.products_deleted += deleted;
  }
  return report;
}

}  // namespace clientele::jobs
