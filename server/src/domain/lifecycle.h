#pragma once

#include <optional>
#include <string>

#include "core/time.h"
#include "domain/email.h"
#include "domain/model.h"

// Product lifecycle rules (SPEC §3), pure: no storage, no clock.
namespace clientele::lifecycle {

// Why a reseller or seller may not move a product from `from` to `to` by hand, or nullopt when
// the move is allowed. Setting the status it already has is allowed (nothing changes).
std::optional<std::string> CheckManualTransition(ProductStatus from, ProductStatus to);

// Whether a product in this status blocks hiding it (SPEC §3: trial and active do).
inline bool BlocksHiding(ProductStatus s) {
  return s == ProductStatus::kTrial || s == ProductStatus::kActive;
}

struct Timing {
  int trial_days = 14;
  int days_to_deleted = 30;
};

// Moves `service` into `to` at `at`, setting what the new status implies: previous_status and
// status_changed_at always; a new trial starts now and ends after trial_days; trialend and
// paused schedule deleted_date after days_to_deleted; active clears the schedule.
void Apply(Service& service, ProductStatus to, Timestamp at, const Timing& timing);

// Days before a trial's end when the "trial ends soon" notice goes out.
inline constexpr int kEndsSoonDays = 3;

// The time-driven rules, one code path for the jobs (lifecycle_batch.h, jobs/) and the preview
// (lifecycle_preview.h): what comes next for a product, when, what it changes and which e-mail
// it sends.
enum class Event { kTrialEndsSoon, kTrialEnd, kProductDeleted, kAccountDeleted };
// "trial_ends_soon", "trial_end", "product_deleted", "account_deleted" (the preview's words).
std::string_view EventName(Event event);

struct Due {
  Event event = Event::kTrialEnd;
  Timestamp at;  // when it comes due; the jobs do it at their first run at or after this
};

// The next event that happens to `s` by itself, nullopt if none will: a trial's "ends soon"
// notice (kEndsSoonDays before its end, once per trial end, and not once the end has come by
// `now`), then its end; a product in trialend or paused becomes Deleted at its deleted_date.
std::optional<Due> NextEvent(const Service& s, Timestamp now);

// Makes `event` happen to `s` as the jobs do: a trial ends at its trial end (so deleted_date is
// counted from then, however late the job runs), a product is deleted at its deleted_date, a
// notice marks its trial end as told. kAccountDeleted changes no single service here.
void Fire(Service& s, Event event, const Timing& timing);

// The e-mail `event` sends to the account's own address, if any: none for a deleted account,
// and none for kAccountDeleted (that one goes to the organisation's alert addresses).
std::optional<EmailKind> CustomerEmailOf(Event event, const Client& account);

// The timing that applies to one account: the organisation's values unless the account has its
// own (SPEC §3: the operator's override; the reseller's within the operator's limits).
inline Timing TimingOf(const Client& account, int org_trial_days, int org_days_to_deleted) {
  return Timing{account.trial_days.value_or(org_trial_days),
                account.days_to_deleted.value_or(org_days_to_deleted)};
}

}  // namespace clientele::lifecycle
