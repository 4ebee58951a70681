#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/result.h"
#include "domain/client_query.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

// POST /iam/users: a new account and its first user. The HTTP layer fills `type_errors` with
// fields of the wrong JSON type, so one answer lists every problem.
struct NewAccountRequest {
  std::string email;
  std::string password;
  std::string company;
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<std::string> lang;
  std::optional<std::string> custom_id;
  std::optional<std::string> country_code;
  std::optional<std::string> user_type;
  std::optional<int64_t> seller;
  bool is_test = false;
  std::vector<std::pair<std::string, std::optional<bool>>> services;  // personal visibility
  FieldErrors type_errors;
};

// PATCH /iam/clients/{id}. An outer nullopt leaves a field alone; an inner one clears it.
struct ClientPatch {
  std::optional<std::string> email;
  std::optional<std::string> company_name;
  std::optional<std::optional<std::string>> name;
  std::optional<std::optional<std::string>> phone;
  std::optional<std::optional<std::string>> website;
  std::optional<std::optional<std::string>> custom_id;
  std::optional<std::optional<std::string>> country_code;
  std::optional<std::optional<int64_t>> seller;
  std::optional<std::string> lang;
  std::optional<bool> is_test;
  std::optional<std::string> status;  // read-only: only compared, never written
  FieldErrors type_errors;
};

// An account with what its page shows: products and users.
// What an account's view shows of one of its products.
struct ServiceSummary {
  std::string product;
  ProductStatus status = ProductStatus::kNew;
  bool enabled = false;
};

struct ClientView {
  Client client;
  std::vector<ServiceSummary> services;  // in the catalogue's order
  std::vector<User> users;
};

struct CreatedAccount {
  User user;
  Client client;
};

struct ClientListing {
  std::vector<ClientView> items;
  std::optional<int64_t> count;
};

// Customer accounts, for resellers and sellers. Every method checks the caller's role and
// scopes every lookup to the caller's organisation (another organisation's account: kNotFound).
class AccountService {
 public:
  explicit AccountService(storage::Database& db) : db_(db) {}

  Result<CreatedAccount> Create(const Caller& caller, const NewAccountRequest& request,
                                Timestamp now);
  Result<ClientView> Get(const Caller& caller, ClientId id);
  // A customer user's own account (GET /iam/clients/me).
  Result<ClientView> Mine(const Caller& caller);
  Result<ClientListing> List(const Caller& caller, const ClientQuery& query);
  // The query is built from the catalog's product names (the list's filters name products), in
  // the same unit of work as the list; an error from `build` is returned as it is.
  using QueryBuilder =
      std::function<Result<ClientQuery>(const std::vector<std::string>& product_names)>;
  Result<ClientListing> List(const Caller& caller, const QueryBuilder& build);
  // The query `build` makes from the catalog, checked before a Stream() starts answering.
  Result<ClientQuery> Prepare(const Caller& caller, const QueryBuilder& build);
  // Every match of `query` (limit and offset ignored), in its order, handed to `write` a slice
  // at a time with the accounts' products and users, all in one unit of work: a list of any
  // length in bounded memory. `write` returns false when the reader has gone; that ends it.
  using SliceWriter = std::function<bool(const std::vector<ClientView>& slice)>;
  Status Stream(const Caller& caller, const ClientQuery& query, const SliceWriter& write);
  // The ids of every match of `query` (limit and offset ignored), in its order: what a bulk
  // action on "all N matching the filter" acts on. 8 bytes per account, no account read.
  Result<std::vector<ClientId>> Ids(const Caller& caller, const ClientQuery& query);
  Result<ClientView> Update(const Caller& caller, ClientId id, const ClientPatch& patch,
                            Timestamp now);
  Result<storage::Page<AccountStatusChange>> StatusChanges(const Caller& caller,
                                                           const storage::StatusChangeQuery& q);
  // Reads the first page of every organisation's accounts, so that the storage has built what
  // it keeps in memory for lists (the account index: seconds at a million accounts) before a
  // person asks. A server runs it on a thread of its own at start. Returns how many
  // organisations it read.
  Result<int64_t> WarmUp();

 private:
  storage::Database& db_;
};

// Creates an account with one row per catalog product and records its first status, inside
// the caller's transaction. Shared by account creation and organisation creation.
Result<Client> InsertAccount(storage::Tx& tx, Client draft,
                             const std::vector<std::pair<std::string, std::optional<bool>>>& visibility,
                             Timestamp now);

// The rules of a new account's own fields, however it is made (POST /iam/users, an import):
// e-mail and company (required), name, custom ID, phone, language, country code, and products
// listed twice for personal visibility. Adds a message per bad field to `errors`; e-mail and
// company are not checked again when `errors` already has them (a value of the wrong type).
// The password, user type and seller are the caller's to check.
void CheckNewAccountFields(const NewAccountRequest& request, FieldErrors& errors);
// The account `request` describes, in `org`: text trimmed, empty optional fields unset, the
// language "en" unless given, the country code in upper case. Status and times are the caller's.
Client NewAccountDraft(OrgId org, const NewAccountRequest& request);

// Staff only (reseller or seller): kPermissionDenied otherwise.
Status RequireStaff(const Caller& caller);

}  // namespace clientele
