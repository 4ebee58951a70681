#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

// The storage port for organisations: their timing rules, branding and mail server. Errors as
// in unit_of_work.h.
namespace clientele::storage {

struct NewOrganisation {
  std::string name;
  int trial_days = 14;
  int days_to_deleted = 30;
};

class OrganisationStore {
 public:
  virtual ~OrganisationStore() = default;

  virtual Result<Organisation> InsertOrganisation(const NewOrganisation& draft, Timestamp now) = 0;
  virtual Result<Organisation> GetOrganisation(OrgId org) = 0;
  virtual Status SetResellerClient(OrgId org, ClientId client) = 0;
  virtual Result<std::vector<Organisation>> ListOrganisations() = 0;
  virtual Status SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) = 0;
  // The operator's limits of what the reseller may set for one account (Organisation).
  virtual Status SetOrganisationLimits(OrgId org, int max_trial_days, int max_days_to_deleted) = 0;

  // Branding and mail server of an organisation (defaults when never saved).
  virtual Result<Branding> GetBranding(OrgId org) = 0;
  virtual Status PutBranding(const Branding& branding) = 0;
};

}  // namespace clientele::storage
