#include "domain/organisations.h"

#include "crypto/crypto.h"
#include "domain/accounts.h"
#include "domain/validation.h"

namespace clientele {

Result<CreatedReseller> OrganisationService::CreateReseller(const NewReseller& r, Timestamp now) {
  FieldErrors errors;
  std::string email = validation::Trim(r.email);
  if (auto bad = validation::CheckEmail(email)) errors.Add("email", *bad);
  if (auto bad = validation::CheckPassword(r.password, email)) errors.Add("password", *bad);
  if (auto bad = validation::CheckText(r.company, 1, validation::kMaxCompany))
    errors.Add("company", *bad);
  if (r.name)
    if (auto bad = validation::CheckText(*r.name, 0, validation::kMaxName)) errors.Add("name", *bad);
  if (!errors.empty()) return errors.ToError();
  TRY(std::string hash, crypto::HashPassword(r.password));

  std::optional<CreatedReseller> created;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Organisation org, tx.InsertOrganisation({validation::Trim(r.company), 14, 30}, now));
    Client draft;
    draft.org = org.id;
    draft.email = email;
    draft.name = r.name;
    draft.company_name = validation::Trim(r.company);
    draft.is_reseller_account = true;
    TRY(Client client, InsertAccount(tx, draft, {}, now));
    User user;
    user.org = org.id;
    user.client = client.id;
    user.email = email;
    user.name = r.name;
    user.type = UserType::kReseller;
    user.group = Group::kAdministrators;
    user.password_hash = hash;
    user.activated = true;
    user.created_at = now;
    TRY(User stored, tx.InsertUser(user));
    TRY_STATUS(tx.SetResellerClient(org.id, client.id));
    client.owner = stored.id;
    TRY_STATUS(tx.UpdateClient(client));
    org.reseller_client = client.id;
    created = CreatedReseller{std::move(org), std::move(stored), std::move(client)};
    return Ok();
  }));
  return std::move(*created);
}

Result<std::vector<Organisation>> OrganisationService::List() {
  std::vector<Organisation> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, tx.ListOrganisations());
    return Ok();
  }));
  return out;
}

}  // namespace clientele

namespace clientele {

Result<Organisation> OrganisationService::SetTiming(OrgId org, std::optional<int> trial_days,
                                                    std::optional<int> days_to_deleted,
                                                    std::optional<int> max_trial_days,
                                                    std::optional<int> max_days_to_deleted) {
  FieldErrors errors;
  if (trial_days && (*trial_days < 1 || *trial_days > 3650))
    errors.Add("trial_days", "Must be from 1 to 3650 days.");
  if (days_to_deleted && (*days_to_deleted < 1 || *days_to_deleted > 3650))
    errors.Add("days_to_deleted", "Must be from 1 to 3650 days.");
  if (max_trial_days && (*max_trial_days < 1 || *max_trial_days > 3650))
    errors.Add("max_trial_days", "Must be from 1 to 3650 days.");
  if (max_days_to_deleted && (*max_days_to_deleted < 1 || *max_days_to_deleted > 3650))
    errors.Add("max_days_to_deleted", "Must be from 1 to 3650 days.");
  if (!errors.empty()) return errors.ToError();
  std::optional<Organisation> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Organisation o, tx.GetOrganisation(org));
    int trial = trial_days.value_or(o.trial_days);
    int days = days_to_deleted.value_or(o.days_to_deleted);
    TRY_STATUS(tx.SetOrganisationTiming(org, trial, days));
    if (max_trial_days || max_days_to_deleted)
      TRY_STATUS(tx.SetOrganisationLimits(org, max_trial_days.value_or(o.max_trial_days),
                                          max_days_to_deleted.value_or(o.max_days_to_deleted)));
    if (days != o.days_to_deleted) {
      TRY(int64_t moved, tx.RescheduleDeletions(org, std::nullopt, days));
      (void)moved;
    }
    TRY(out, tx.GetOrganisation(org));
    return Ok();
  }));
  return std::move(*out);
}

Status OrganisationService::SetAccountDaysToDeleted(OrgId org, ClientId client,
                                                    std::optional<int> days) {
  if (days && (*days < 1 || *days > 3650))
    return FieldError("days", "Must be from 1 to 3650 days.");
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(Organisation o, tx.GetOrganisation(org));
    TRY(Client c, tx.GetClient(org, client));
    TRY_STATUS(tx.SetClientDaysToDeleted(org, c.id, days));
    TRY(int64_t moved, tx.RescheduleDeletions(org, c.id, days.value_or(o.days_to_deleted)));
    (void)moved;
    return Ok();
  });
}

}  // namespace clientele
