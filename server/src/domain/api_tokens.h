#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/result.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

struct NewApiToken {
  std::string name;
  std::optional<std::string> description;
  std::optional<Timestamp> expires_at;
  std::optional<int64_t> role_id;
  std::optional<std::string> role_name;
  FieldErrors type_errors;
};

struct IssuedApiToken {
  ApiToken token;
  std::string secret;  // "<id>_<secret>" (or "<id>$<secret>" for the v1 endpoint); shown once
};

// API tokens of an account. Only the caller's own account is reachable (others: kNotFound);
// creating and deleting needs staff or the Administrators group; a token's role never exceeds
// its issuer's group.
class ApiTokenService {
 public:
  explicit ApiTokenService(storage::Database& db) : db_(db) {}

  Result<IssuedApiToken> Create(const Caller& caller, ClientId client, const NewApiToken& request,
                                char separator, Timestamp now);
  Result<std::vector<ApiToken>> List(const Caller& caller, ClientId client, bool include_deleted);
  Result<ApiToken> Get(const Caller& caller, ClientId client, TokenId id);
  Status Delete(const Caller& caller, ClientId client, TokenId id);

 private:
  storage::Database& db_;
};

}  // namespace clientele
