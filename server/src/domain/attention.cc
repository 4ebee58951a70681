#include "domain/attention.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "domain/accounts.h"
#include "domain/deletion.h"

namespace clientele {
namespace {

Status CheckDays(int days) {
  if (days < kMinPreviewDays || days > kMaxPreviewDays)
    return FieldError("days", "Must be from " + std::to_string(kMinPreviewDays) + " to " +
                                  std::to_string(kMaxPreviewDays) + " days.");
  return Ok();
}

// A seller's views are of the accounts assigned to them.
std::optional<UserId> SellerScope(const Caller& caller) {
  if (caller.type == UserType::kSeller) return caller.user;
  return std::nullopt;
}

std::vector<ClientId> DistinctClients(const std::vector<Service>& services) {
  std::vector<ClientId> ids;
  std::unordered_set<int64_t> seen;
  for (const auto& s : services)
    if (seen.insert(s.client.value).second) ids.push_back(s.client);
  return ids;
}

// Keeps in `q.ids` only `ids` (or the ids asked for that are among them).
void Intersect(ClientQuery& q, std::vector<ClientId> ids) {
  if (!q.ids.empty()) {
    std::unordered_set<int64_t> keep;
    for (ClientId id : ids) keep.insert(id.value);
    std::erase_if(q.ids, [&](ClientId id) { return !keep.contains(id.value); });
  } else {
    q.ids = std::move(ids);
  }
  if (q.ids.empty()) q.match_nothing = true;
}

Timestamp JustBefore(Timestamp t) { return Timestamp{t.micros - 1}; }

int DeletionAlertAddresses(const std::vector<NotificationSetting>& settings) {
  int n = 0;
  for (const auto& s : settings)
    if (s.enabled && s.type == AlertTypeName(AlertType::kDeletionRequest)) ++n;
  return n;
}

}  // namespace

Status ResolveDueFilters(storage::Tx& tx, OrgId org, ClientQuery& q) {
  if (q.trial_end_lte) {
    TRY(auto ids, tx.AccountsWithDueWork(org, false, *q.trial_end_lte));
    Intersect(q, std::move(ids));
    q.trial_end_lte.reset();
  }
  if (q.deleted_date_lte) {
    TRY(auto ids, tx.AccountsWithDueWork(org, true, *q.deleted_date_lte));
    Intersect(q, std::move(ids));
    q.deleted_date_lte.reset();
  }
  return Ok();
}

Result<LifecyclePreview> AttentionService::Preview(const Caller& caller, int days,
                                                   std::optional<ClientId> client,
                                                   Timestamp now) {
  TRY_STATUS(RequireStaff(caller));
  TRY_STATUS(CheckDays(days));
  LifecyclePreview out;
  out.now = now;
  out.until = now.PlusDays(days);
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(Organisation org, tx.GetOrganisation(caller.org));
    TRY(auto settings, tx.ListNotificationSettings(caller.org));
    std::vector<Service> services;
    std::vector<Client> accounts;
    std::vector<DeletionRequest> requests;
    if (client) {
      TRY(Client c, tx.GetClient(caller.org, *client));
      std::vector<ClientId> ids{c.id};
      TRY(services, tx.ListServices(caller.org, ids));
      TRY(requests, tx.OpenDeletionRequests(caller.org, ids));
      accounts.push_back(std::move(c));
    } else {
      const auto seller = SellerScope(caller);
      // Trials ending within the span, and those whose notice (kEndsSoonDays before the end)
      // may come within it: only the ones not told yet, or the trials whose notice went out
      // long ago would crowd out the notices to come.
      TRY(auto trials, tx.UpcomingTrialEnds(caller.org, out.until, seller, kPreviewRowLimit));
      TRY(auto notices,
          tx.UpcomingTrialNotices(caller.org, out.until.PlusDays(lifecycle::kEndsSoonDays),
                                  seller, kPreviewRowLimit));
      TRY(auto deletions,
          tx.UpcomingDeletions(caller.org, out.until, seller, kPreviewRowLimit));
      // Cut the span where a kind's rows were cut, so that what is listed is complete. Rows of
      // the same instant as the last one read may have been left out: stop just before it.
      if (static_cast<int64_t>(trials.size()) == kPreviewRowLimit)
        out.until = std::min(out.until, JustBefore(*trials.back().trial_end));
      if (static_cast<int64_t>(notices.size()) == kPreviewRowLimit)
        out.until = std::min(out.until, JustBefore(notices.back().trial_end->PlusDays(
                                            -lifecycle::kEndsSoonDays)));
      if (static_cast<int64_t>(deletions.size()) == kPreviewRowLimit)
        out.until = std::min(out.until, JustBefore(*deletions.back().deleted_date));
      out.truncated = out.until < now.PlusDays(days);
      TRY(requests, tx.OpenDeletionRequests(caller.org, {}));
      // Each service once: a trial may be in both reads.
      std::unordered_set<int64_t> read;
      for (auto* kind : {&trials, &notices, &deletions})
        for (auto& s : *kind)
          if (read.insert(s.id.value).second) services.push_back(std::move(s));
      std::vector<ClientId> ids = DistinctClients(services);
      std::unordered_set<int64_t> seen;
      for (ClientId id : ids) seen.insert(id.value);
      for (const auto& r : requests)
        if (seen.insert(r.client.value).second) ids.push_back(r.client);
      TRY(accounts, tx.GetClients(caller.org, ids));
      if (seller)
        std::erase_if(accounts, [&](const Client& c) { return c.seller != seller; });
    }
    lifecycle::PreviewInput input;
    input.now = now;
    input.until = out.until;
    input.services = services;
    input.accounts = accounts;
    input.requests = requests;
    input.deletion_alert_addresses = DeletionAlertAddresses(settings);
    input.trial_days = org.trial_days;
    input.days_to_deleted = org.days_to_deleted;
    out.events = lifecycle::Preview(input);
    return Ok();
  }));
  return out;
}

Result<Overview> AttentionService::GetOverview(const Caller& caller, int days, Timestamp now) {
  TRY_STATUS(RequireStaff(caller));
  TRY_STATUS(CheckDays(days));
  Overview out;
  out.now = now;
  out.until = now.PlusDays(days);
  const auto seller = SellerScope(caller);
  // What the Accounts list counts with the same filters (its defaults: no test accounts, no
  // deleted ones unless asked), so that each number is the count of the list it links to.
  auto base = [&] {
    ClientQuery q;
    q.limit = 0;
    if (seller) {
      q.filter_seller = true;
      q.seller = seller;
    }
    return q;
  };
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    for (AccountStatus s : {AccountStatus::kPreparation, AccountStatus::kTrial,
                            AccountStatus::kActive, AccountStatus::kTrialEnd}) {
      ClientQuery q = base();
      q.statuses = {s};
      TRY(auto page, tx.ListClients(caller.org, q));
      out.statuses.emplace_back(s, page.count.value_or(0));
    }
    {
      ClientQuery q = base();
      // As the list's deleted=true: every deleted account, test or not (web/src/resources/
      // clients/clientFilters.ts, toApiFilter).
      q.deleted = FlagFilter::kOnlyTrue;
      q.is_test = FlagFilter::kAll;
      TRY(auto page, tx.ListClients(caller.org, q));
      out.statuses.emplace_back(AccountStatus::kDeleted, page.count.value_or(0));
    }

    // The lists show products of the accounts the counts count.
    std::unordered_map<int64_t, Client> shown;
    auto company_of = [&](const std::vector<ClientId>& ids) -> Status {
      std::vector<ClientId> missing;
      for (ClientId id : ids)
        if (!shown.contains(id.value)) missing.push_back(id);
      TRY(auto clients, tx.GetClients(caller.org, missing));
      for (auto& c : clients) shown.emplace(c.id.value, std::move(c));
      return Ok();
    };
    auto listed = [&](const Client& c) { return !c.is_test && !c.deleted; };
    auto items = [&](const std::vector<Service>& services, bool trial,
                     std::vector<AttentionItem>& into) -> Status {
      TRY_STATUS(company_of(DistinctClients(services)));
      for (const auto& s : services) {
        if (static_cast<int>(into.size()) == kOverviewItems) break;
        auto it = shown.find(s.client.value);
        if (it == shown.end() || !listed(it->second)) continue;
        into.push_back({s.client, it->second.company_name, it->second.email, s.product,
                        trial ? *s.trial_end : *s.deleted_date});
      }
      return Ok();
    };
    // Enough rows to fill the list even if a few are test accounts'.
    constexpr int64_t kRead = 10 * kOverviewItems;
    {
      ClientQuery q = base();
      q.trial_end_lte = out.until;
      TRY_STATUS(ResolveDueFilters(tx, caller.org, q));
      TRY(auto page, tx.ListClients(caller.org, q));
      out.trials_ending_accounts = page.count.value_or(0);
      TRY(auto first, tx.UpcomingTrialEnds(caller.org, out.until, seller, kRead));
      TRY_STATUS(items(first, true, out.trials_ending));
    }
    {
      ClientQuery q = base();
      q.deleted_date_lte = out.until;
      TRY_STATUS(ResolveDueFilters(tx, caller.org, q));
      TRY(auto page, tx.ListClients(caller.org, q));
      out.deletions_due_accounts = page.count.value_or(0);
      TRY(auto first, tx.UpcomingDeletions(caller.org, out.until, seller, kRead));
      TRY_STATUS(items(first, false, out.deletions_due));
    }
    {
      TRY(auto open, tx.OpenDeletionRequests(caller.org, {}));
      std::vector<ClientId> ids;
      for (const auto& r : open) ids.push_back(r.client);
      TRY_STATUS(company_of(ids));
      for (const auto& r : open) {
        auto it = shown.find(r.client.value);
        if (it == shown.end() || (seller && it->second.seller != seller)) continue;
        ++out.deletion_requests_count;
        if (static_cast<int>(out.deletion_requests.size()) < kOverviewItems)
          out.deletion_requests.push_back(
              {r.client, it->second.company_name, it->second.email, std::nullopt, r.due_at});
      }
    }
    {
      // A seller's: the latest of the organisation's, theirs kept (the status history has no
      // seller filter; the latest few hundred hold enough of a seller's in practice).
      storage::StatusChangeQuery q;
      q.limit = seller ? 20 * kOverviewItems : kOverviewItems;
      q.with_count = false;
      TRY(auto page, tx.ListStatusChanges(caller.org, q));
      std::vector<ClientId> ids;
      for (const auto& c : page.items) ids.push_back(c.client);
      TRY_STATUS(company_of(ids));
      for (const auto& c : page.items) {
        if (static_cast<int>(out.status_changes.size()) == kOverviewItems) break;
        auto it = shown.find(c.client.value);
        if (it == shown.end() || (seller && it->second.seller != seller)) continue;
        out.status_changes.emplace_back(c, it->second.company_name);
      }
    }
    return Ok();
  }));
  return out;
}

}  // namespace clientele
