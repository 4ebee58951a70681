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
    const Timing timing{b.trial_days, account.days_to_deleted.value_or(b.days_to_deleted)};

    EmailKind kind = EmailKind::kTrialEnded;
    std::string key;
    Timestamp when;
    switch (b.kind) {
      case DueKind::kTrialEnded:
        when = *s.trial_end;  // it ended then, however late this run is
        Apply(s, ProductStatus::kTrialEnd, when, timing);
        key = Key("trial_ended", s, when);
        break;
      case DueKind::kTrialEndsSoon:
        when = *s.trial_end;
        s.ends_soon_sent_for = s.trial_end;
        kind = EmailKind::kTrialEndsSoon;
        key = Key("trial_ends_soon", s, when);
        break;
      case DueKind::kDeletion:
        when = *s.deleted_date;
        Apply(s, ProductStatus::kDeleted, when, timing);
        kind = EmailKind::kProductDeleted;
        key = Key("product_deleted", s, when);
        break;
    }
    out.services.push_back(s);

    if (moves_status) {
      auto& mine = products[s.client.value];
      for (auto& p : mine)
        if (p.id == s.id) p.status = s.status;
      if (last_due[s.client.value] == i) {
        std::vector<ProductStatus> statuses;
        for (const auto& p : mine) statuses.push_back(p.status);
        AccountStatus next = ComputeAccountStatus(statuses, account.deleted);
        if (next != account.status)
          out.status_changes.push_back({0, account.id, account.status, next, b.now});
      }
    }

    if (!account.deleted) {
      EmailData data;
      data.product_title = TitleOf(b.products, s.product);
      data.account_company = account.company_name;
      data.when = when;
      out.emails.push_back(OutboxEmailOf(account.org, kind,
                                         {account.email, account.name.value_or(""), account.lang},
                                         std::move(data), key, b.now));
    }
  }
  return out;
}

}  // namespace clientele::lifecycle
