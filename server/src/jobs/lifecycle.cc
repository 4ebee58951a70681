#include "jobs/lifecycle.h"

#include "domain/email_outbox.h"
#include "domain/lifecycle.h"
#include "domain/products.h"

namespace clientele::jobs {
namespace {

std::string Key(const char* event, const Service& s, Timestamp at) {
  return std::string(event) + ":" + std::to_string(s.id.value) + ":" + std::to_string(at.micros);
}

Result<std::string> TitleOf(storage::Tx& tx, const std::string& product) {
  TRY(auto products, tx.ListProducts());
  for (const auto& p : products)
    if (p.name == product) return p.title;
  return product;
}

Status Notify(storage::Tx& tx, const Client& client, const Service& s, EmailKind kind,
              std::optional<Timestamp> when, const std::string& key, Timestamp now) {
  EmailData data;
  TRY(data.product_title, TitleOf(tx, s.product));
  data.account_company = client.company_name;
  data.when = when;
  return QueueEmail(tx, client.org, kind, {client.email, client.name.value_or(""), client.lang},
                    data, key, now);
}

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

}  // namespace

Result<LifecycleReport> RunLifecycle(storage::Database& db, Timestamp now, int batch) {
  LifecycleReport report;

  TRY(report.trials_ended, InBatches(db, batch, [&](storage::Tx& tx) -> Result<int64_t> {
    TRY(auto due, tx.TrialsEnded(now, batch));
    for (Service s : due) {
      TRY(Client client, tx.GetClient(s.org, s.client));
      TRY(lifecycle::Timing timing, TimingFor(tx, client));
      Timestamp at = *s.trial_end;  // it ended then, however late this run is
      lifecycle::Apply(s, ProductStatus::kTrialEnd, at, timing);
      TRY_STATUS(tx.UpdateService(s));
      TRY_STATUS(RecomputeAccountStatus(tx, s.org, s.client, now));
      if (!client.deleted)
        TRY_STATUS(Notify(tx, client, s, EmailKind::kTrialEnded, at,
                          Key("trial_ended", s, at), now));
    }
    return static_cast<int64_t>(due.size());
  }));

  TRY(report.ends_soon_notices, InBatches(db, batch, [&](storage::Tx& tx) -> Result<int64_t> {
    TRY(auto due, tx.TrialsEndingSoon(now.PlusDays(lifecycle::kEndsSoonDays), batch));
    for (Service s : due) {
      TRY(Client client, tx.GetClient(s.org, s.client));
      s.ends_soon_sent_for = s.trial_end;
      TRY_STATUS(tx.UpdateService(s));
      if (!client.deleted)
        TRY_STATUS(Notify(tx, client, s, EmailKind::kTrialEndsSoon, s.trial_end,
                          Key("trial_ends_soon", s, *s.trial_end), now));
    }
    return static_cast<int64_t>(due.size());
  }));

  TRY(report.products_deleted, InBatches(db, batch, [&](storage::Tx& tx) -> Result<int64_t> {
    TRY(auto due, tx.DeletionsDue(now, batch));
    for (Service s : due) {
      TRY(Client client, tx.GetClient(s.org, s.client));
      TRY(lifecycle::Timing timing, TimingFor(tx, client));
      Timestamp at = *s.deleted_date;
      lifecycle::Apply(s, ProductStatus::kDeleted, at, timing);
      TRY_STATUS(tx.UpdateService(s));
      TRY_STATUS(RecomputeAccountStatus(tx, s.org, s.client, now));
      if (!client.deleted)
        TRY_STATUS(Notify(tx, client, s, EmailKind::kProductDeleted, at,
                          Key("product_deleted", s, at), now));
    }
    return static_cast<int64_t>(due.size());
  }));
  return report;
}

}  // namespace clientele::jobs
