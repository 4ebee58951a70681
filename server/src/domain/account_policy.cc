#include "domain/account_policy.h"

#include "domain/accounts.h"
#include "domain/deletion.h"

namespace clientele {

std::string_view PolicySourceName(PolicySource source) {
  switch (source) {
    case PolicySource::kPlatform:
      return "platform";
    case PolicySource::kOrganisation:
      return "organisation";
    case PolicySource::kAccount:
      return "account";
  }
  return "platform";
}

namespace {

PolicyValue ValueOf(std::optional<int> own, int org_value, int platform_value) {
  PolicyValue v;
  v.inherited = org_value;
  if (own) {
    v.days = *own;
    v.source = PolicySource::kAccount;
  } else {
    v.days = org_value;
    // The organisation's value is the platform's until the operator sets another.
    v.source = org_value == platform_value ? PolicySource::kPlatform : PolicySource::kOrganisation;
  }
  return v;
}

void CheckRange(FieldErrors& errors, const char* field, const std::optional<int>& value,
                std::optional<int> current, int min, int max, const std::string& why_min) {
  if (!value || *value == current) return;
  if (max < min) {
    errors.Add(field, "The platform operator allows no other value for this organisation.");
  } else if (*value < min) {
    errors.Add(field, why_min);
  } else if (*value > max) {
    errors.Add(field, "At most " + std::to_string(max) +
                          " days: the limit the platform operator set for this organisation.");
  }
}

}  // namespace

EffectivePolicy PolicyOf(const Client& account, const Organisation& org, int grace_days) {
  EffectivePolicy p;
  p.client = account.id;
  p.trial_days = ValueOf(account.trial_days, org.trial_days, kPlatformTrialDays);
  p.trial_days.min = org.trial_days;
  p.trial_days.max = org.max_trial_days;
  p.days_to_deleted = ValueOf(account.days_to_deleted, org.days_to_deleted,
                              kPlatformDaysToDeleted);
  p.days_to_deleted.min = 1;
  p.days_to_deleted.max = org.max_days_to_deleted;
  // A platform setting (`clientele platform set`), the same for every organisation.
  p.deletion_grace_days.days = grace_days;
  p.deletion_grace_days.inherited = grace_days;
  p.deletion_grace_days.source = PolicySource::kPlatform;
  return p;
}

FieldErrors CheckPolicyPatch(const PolicyPatch& patch, const Client& account,
                             const Organisation& org) {
  FieldErrors errors;
  if (patch.trial_days)
    CheckRange(errors, "trial_days", *patch.trial_days, account.trial_days, org.trial_days,
               org.max_trial_days,
               "At least " + std::to_string(org.trial_days) +
                   " days, the organisation's trial length: a trial can be extended, not "
                   "shortened.");
  if (patch.days_to_deleted)
    CheckRange(errors, "days_to_deleted", *patch.days_to_deleted, account.days_to_deleted, 1,
               org.max_days_to_deleted, "At least 1 day.");
  return errors;
}

Result<EffectivePolicy> AccountPolicyService::Get(const Caller& caller, ClientId client) {
  TRY_STATUS(RequireStaff(caller));
  std::optional<EffectivePolicy> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, client));
    TRY(Organisation org, tx.GetOrganisation(caller.org));
    TRY(int grace, GraceDays(tx));
    out = PolicyOf(c, org, grace);
    return Ok();
  }));
  return std::move(*out);
}

Result<EffectivePolicy> AccountPolicyService::Set(const Caller& caller, ClientId client,
                                                  const PolicyPatch& patch) {
  TRY_STATUS(RequireStaff(caller));
  std::optional<EffectivePolicy> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Client c, tx.GetClient(caller.org, client));
    TRY(Organisation org, tx.GetOrganisation(caller.org));
    FieldErrors errors = CheckPolicyPatch(patch, c, org);
    if (!errors.empty()) return errors.ToError();
    if (c.deleted) return MakeError(ErrorCode::kFailedPrecondition, "This account is deleted.");
    if (patch.trial_days && *patch.trial_days != c.trial_days) {
      c.trial_days = *patch.trial_days;
      TRY_STATUS(tx.SetClientTrialDays(caller.org, c.id, c.trial_days));
      TRY(int64_t moved, tx.RescheduleTrials(caller.org, c.id,
                                             c.trial_days.value_or(org.trial_days)));
      (void)moved;
    }
    if (patch.days_to_deleted && *patch.days_to_deleted != c.days_to_deleted) {
      c.days_to_deleted = *patch.days_to_deleted;
      TRY_STATUS(tx.SetClientDaysToDeleted(caller.org, c.id, c.days_to_deleted));
      TRY(int64_t moved, tx.RescheduleDeletions(caller.org, c.id,
                                                c.days_to_deleted.value_or(org.days_to_deleted)));
      (void)moved;
    }
    TRY(int grace, GraceDays(tx));
    out = PolicyOf(c, org, grace);
    return Ok();
  }));
  return std::move(*out);
}

}  // namespace clientele
