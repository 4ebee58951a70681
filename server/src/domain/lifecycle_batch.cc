#include "domain/lifecycle_batch.h"

#include <string>
#include <unordered_map>

#include "domain/account_status.h"
#include "domain/email_outbox.h"

namespace clientele::lifecycle {
namespace {

std::string Key(const char* event, const Service& s, Timestamp at) {
  return std::string(event) + ":" + std::to_string(s.id.value) + ":" + std::to_string(at.micros);
}

Event EventOf(DueKind kind) {
  switch (kind) {
    case DueKind::kTrialEnded:
      return Event::kTrialEnd;
    case DueKind::kTrialEndsSoon:
      return Event::kTrialEndsSoon;
    case DueKind::kDeletion:
      return Event::kProductDeleted;
  }
  return Event::kTrialEnd;
}

std::string TitleOf(std::span<const Product> products, const std::string& product) {
  for (const auto& p : products)
    if (p.name == product) return p.title;
  return product;
}

}  // namespace

Result<Decision> Decide(const Batch& b) {
  const bool moves_status = b.kind != DueKind::kTrialEndsSoon;
  std::unordered_map<int64_t, const Client*> accounts;
  for (const auto& c : b.accounts) accounts.emplace(c.id.value, &c);
  // Each account's products as they stand while the batch moves them.
  std::unordered_map<int64_t, std::vector<storage::ServiceStore::ServiceState>> products;
  // Where each account's last due service is: its status is recomputed there, once.
  std::unordered_map<int64_t, size_t> last_due;
  if (moves_status) {
    for (const auto& s : b.services) products[s.client.value].push_back(s);
    for (size_t i = 0; i < b.due.size(); ++i) last_due[b.due[i].client.value] = i;
  }

  Decision out;
  out.services.reserve(b.due.size());
  out.emails.reserve(b.due.size());
  for (size_t i = 0; i < b.due.size(); ++i) {
    Service s = b.due[i];
    auto found = accounts.find(s.client.value);
    if (found == accounts.end())
      return Internal("the account of due service " + std::to_string(s.id.value) + " is missing");
    const Client& account = *found->second;
    const Timing timing = TimingOf(account, b.trial_days, b.days_to_deleted);

    // The storage chose the row by the batch's kind; the rules (shared with the preview) say
    // what it is and when. A row they don't call due is a broken invariant, not a skip: a
    // skipped row would be chosen again by the next batch for ever.
    auto next = NextEvent(s, b.now);
    if (!next || next->event != EventOf(b.kind) || next->at > b.now)
      return Internal("service " + std::to_string(s.id.value) + " is not due for " +
                      std::string(EventName(EventOf(b.kind))));
    const Timestamp when = next->event == Event::kTrialEndsSoon ? *s.trial_end : next->at;
    const std::string key =
        Key(b.kind == DueKind::kTrialEnded      ? "trial_ended"
            : b.kind == DueKind::kTrialEndsSoon ? "trial_ends_soon"
                                                : "product_deleted",
            s, when);
    Fire(s, next->event, timing);
    out.services.push_back(s);

    if (moves_status) {
      auto& mine = products[s.client.value];
      for (auto& p : mine)
        if (p.id == s.id) p.status = s.status;
      if (last_due[s.client.value] == i) {
        std::vector<ProductStatus> statuses;
        for (const auto& p : mine) statuses.push_back(p.status);
        AccountStatus recomputed = ComputeAccountStatus(statuses, account.deleted);
        if (recomputed != account.status)
          out.status_changes.push_back({0, account.id, account.status, recomputed, b.now});
      }
    }

    if (auto kind = CustomerEmailOf(next->event, account)) {
      EmailData data;
      data.product_title = TitleOf(b.products, s.product);
      data.account_company = account.company_name;
      data.when = when;
      out.emails.push_back(OutboxEmailOf(account.org, *kind,
                                         {account.email, account.name.value_or(""), account.lang},
                                         std::move(data), key, b.now));
    }
  }
  return out;
}

}  // namespace clientele::lifecycle
