#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

struct NewReseller {
  std::string email;
  std::string password;
  std::string company;
  std::optional<std::string> name;
};

struct CreatedReseller {
  Organisation organisation;
  User user;
  Client client;  // the reseller's own account
};

// Platform-operator work: organisations and their reseller. Used by the command line only.
class OrganisationService {
 public:
  explicit OrganisationService(storage::Database& db) : db_(db) {}

  // An organisation, its Reseller user and the reseller's own account (never deletable).
  Result<CreatedReseller> CreateReseller(const NewReseller& request, Timestamp now);
  Result<std::vector<Organisation>> List();
  // The operator's lifecycle settings (SPEC §1, §3): trial length and days to Deleted of an
  // organisation, and one account's own days to Deleted (nullopt: the organisation's). Products
  // already waiting in trialend or paused get their deletion date moved accordingly.
  // With the limits (issue 16) of what the reseller may set for one account: its trial length
  // up to `max_trial_days`, its days to Deleted up to `max_days_to_deleted` (1 to 3650 each).
  Result<Organisation> SetTiming(OrgId org, std::optional<int> trial_days,
                                 std::optional<int> days_to_deleted,
                                 std::optional<int> max_trial_days = std::nullopt,
                                 std::optional<int> max_days_to_deleted = std::nullopt);
  Status SetAccountDaysToDeleted(OrgId org, ClientId client, std::optional<int> days);

 private:
  storage::Database& db_;
};

}  // namespace clientele
