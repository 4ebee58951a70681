#pragma once

#include <optional>

#include "core/result.h"
#include "core/time.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

// The lifecycle policy that applies to one account, and where each value comes from (issue 16):
// the trial length, the days to Deleted and the deletion grace period. The platform operator
// sets the organisation's values and the limits (`clientele org set`); within those limits the
// reseller or a seller may give one account a longer trial and its own days to Deleted, as the
// original lets a reseller change a trial's `days_limit`.
namespace clientele {

// What a new organisation starts with (`clientele reseller create`).
inline constexpr int kPlatformTrialDays = 14;
inline constexpr int kPlatformDaysToDeleted = 30;

enum class PolicySource { kPlatform, kOrganisation, kAccount };
// "platform", "organisation", "account".
std::string_view PolicySourceName(PolicySource source);

struct PolicyValue {
  int days = 0;
  PolicySource source = PolicySource::kPlatform;
  int inherited = 0;             // what applies without the account's own value
  std::optional<int> min, max;   // what staff may set for the account; none: only the operator
};

struct EffectivePolicy {
  ClientId client;
  PolicyValue trial_days;
  PolicyValue days_to_deleted;
  PolicyValue deletion_grace_days;
};

// A change of one account's own values: unset = leave; a null value = back to the inherited.
struct PolicyPatch {
  std::optional<std::optional<int>> trial_days;
  std::optional<std::optional<int>> days_to_deleted;
};

// The rules, pure. The account's trial length may be from the organisation's trial length (a
// trial is extended, never shortened) to the operator's max_trial_days; its days to Deleted
// from 1 to max_days_to_deleted. A value the account already has may be kept even if the
// operator lowered a limit since. Field errors on "trial_days" and "days_to_deleted".
EffectivePolicy PolicyOf(const Client& account, const Organisation& org, int grace_days);
FieldErrors CheckPolicyPatch(const PolicyPatch& patch, const Client& account,
                             const Organisation& org);

class AccountPolicyService {
 public:
  explicit AccountPolicyService(storage::Database& db) : db_(db) {}

  Result<EffectivePolicy> Get(const Caller& caller, ClientId client);
  // Sets the account's own values in one unit of work: products in trial get their trial end
  // counted again from their start, products in trialend or paused their deletion date from the
  // day they got there. kFailedPrecondition for a deleted account.
  Result<EffectivePolicy> Set(const Caller& caller, ClientId client, const PolicyPatch& patch);

 private:
  storage::Database& db_;
};

}  // namespace clientele
