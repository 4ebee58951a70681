#include "domain/lifecycle_preview.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace clientele::lifecycle {
namespace {

// The order of one run of the jobs (jobs/runner.cc): trials ended, notices, product deletions,
// then the accounts whose grace period is over.
int RunOrder(Event e) {
  switch (e) {
    case Event::kTrialEnd:
      return 0;
    case Event::kTrialEndsSoon:
      return 1;
    case Event::kProductDeleted:
      return 2;
    case Event::kAccountDeleted:
      return 3;
  }
  return 4;
}

}  // namespace

std::vector<PreviewEvent> Preview(const PreviewInput& in) {
  std::unordered_map<int64_t, const Client*> accounts;
  for (const auto& c : in.accounts) accounts.emplace(c.id.value, &c);

  std::vector<PreviewEvent> out;
  // When each account is deleted by the deletion job within the span.
  std::unordered_map<int64_t, Timestamp> account_deleted;
  for (const auto& r : in.requests) {
    if (r.state != DeletionState::kPending || r.due_at > in.until) continue;
    auto found = accounts.find(r.client.value);
    if (found == accounts.end() || found->second->deleted) continue;
    const Timestamp date = std::max(r.due_at, in.now);
    account_deleted[r.client.value] = date;
    PreviewEvent e{date, r.client, std::nullopt, Event::kAccountDeleted, {}};
    e.emails.assign(static_cast<size_t>(std::max(in.deletion_alert_addresses, 0)),
                    EmailKind::kAccountDeleted);
    out.push_back(std::move(e));
  }

  for (const auto& original : in.services) {
    auto found = accounts.find(original.client.value);
    if (found == accounts.end()) continue;
    const Client& account = *found->second;
    const Timing timing = TimingOf(account, in.trial_days, in.days_to_deleted);
    auto deleted = account_deleted.find(account.id.value);
    Service s = original;
    // A product has at most three events ahead (notice, end, deletion); the bound only guards
    // against rules that would never settle.
    for (int step = 0; step < 4; ++step) {
      auto next = NextEvent(s, in.now);
      if (!next) break;
      const Timestamp date = std::max(next->at, in.now);
      if (date > in.until) break;
      // The deletion job runs after the lifecycle: what falls on the same instant still happens.
      if (deleted != account_deleted.end() && date > deleted->second) break;
      PreviewEvent e{date, s.client, s.product, next->event, {}};
      if (auto kind = CustomerEmailOf(next->event, account)) e.emails.push_back(*kind);
      out.push_back(std::move(e));
      Fire(s, next->event, timing);
    }
  }

  std::stable_sort(out.begin(), out.end(), [](const PreviewEvent& a, const PreviewEvent& b) {
    return std::tuple(a.date, RunOrder(a.event), a.client.value, a.product.value_or("")) <
           std::tuple(b.date, RunOrder(b.event), b.client.value, b.product.value_or(""));
  });
  return out;
}

}  // namespace clientele::lifecycle
