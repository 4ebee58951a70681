#pragma once

#include <optional>
#include <string>

#include "core/time.h"
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

}  // namespace clientele::lifecycle
