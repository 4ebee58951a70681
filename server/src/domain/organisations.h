#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "domain/model.h"
#include "storage/store.h"

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

 private:
  storage::Database& db_;
};

}  // namespace clientele
