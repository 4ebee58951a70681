#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "domain/model.h"
#include "domain/storage/page.h"

// The storage port for people: users of accounts and sellers. Errors as in unit_of_work.h.
namespace clientele::storage {

class PeopleStore {
 public:
  virtual ~PeopleStore() = default;

  virtual Result<User> InsertUser(const User& draft) = 0;
  virtual Result<User> GetUser(OrgId org, UserId id) = 0;
  virtual Status UpdateUser(const User& user) = 0;
  virtual Result<bool> UserEmailTaken(OrgId org, const std::string& email) = 0;
  // Bulk forms, for imports. The e-mail keys (ASCII lower case) among `emails` (compared
  // case-insensitively) that a live person of `org` has; each once, in no particular order.
  virtual Result<std::vector<std::string>> UserEmailsInUse(OrgId org,
                                                           std::span<const std::string> emails) = 0;
  // Many people at once: every draft goes into `org` (its `id` and `org` are ignored), live.
  // kAlreadyExists if a live person of `org` already has one of the e-mails.
  virtual Status InsertUsers(OrgId org, std::span<const User> drafts) = 0;
  // Live users with this e-mail in any organisation, by organisation: sign-in does not name the
  // organisation.
  virtual Result<std::vector<User>> FindUsersForSignIn(const std::string& email) = 0;
  virtual Result<std::vector<User>> ListUsersOfClients(OrgId org,
                                                       std::span<const ClientId> clients) = 0;
  virtual Result<bool> SellerExists(OrgId org, UserId seller) = 0;

  // The live person of `org` with this e-mail (case-insensitive), if any.
  virtual Result<std::optional<User>> FindUserByEmail(OrgId org, const std::string& email) = 0;
  struct SellerQuery {
    std::vector<UserId> ids;
    std::optional<std::string> id_contains, email_contains, name_contains;
    std::optional<bool> activated;
    std::optional<bool> blocked;
    std::optional<bool> deleted;                         // nullopt: only live sellers
    std::vector<std::pair<std::string, bool>> ordering;  // column key, descending
    std::optional<int64_t> limit;
    int64_t offset = 0;
  };
  virtual Result<Page<User>> ListSellers(OrgId org, const SellerQuery& query) = 0;
  // Accounts assigned to `seller` lose it; returns how many.
  virtual Result<int64_t> UnassignSeller(OrgId org, UserId seller) = 0;
};

}  // namespace clientele::storage
