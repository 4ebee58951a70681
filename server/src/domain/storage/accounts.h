#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/client_query.h"
#include "domain/model.h"
#include "domain/storage/page.h"

// The storage port for accounts (clients) and their status history. Errors as in
// unit_of_work.h.
namespace clientele::storage {

struct ClientPage {
  std::vector<Client> items;
  std::optional<int64_t> count;  // set when the query asked for a page (limit)
};

struct StatusChangeQuery {
  std::optional<ClientId> client;
  std::optional<Timestamp> from, to;
  int64_t limit = 20;
  int64_t offset = 0;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // `draft.id` is ignored; the stored account is returned.
  virtual Result<Client> InsertClient(const Client& draft) = 0;
  virtual Result<Client> GetClient(OrgId org, ClientId id) = 0;
  // The accounts of `ids` that belong to `org`, by id (an unknown id is left out).
  virtual Result<std::vector<Client>> GetClients(OrgId org, std::span<const ClientId> ids) = 0;
  virtual Status UpdateClient(const Client& client) = 0;  // by client.org + client.id
  // Whether a live (not deleted) account of `org` uses this e-mail (compared case-insensitively).
  virtual Result<bool> ClientEmailTaken(OrgId org, const std::string& email,
                                        std::optional<ClientId> except) = 0;
  virtual Result<ClientPage> ListClients(OrgId org, const ClientQuery& query) = 0;

  // Writes the account status (already recomputed by the caller).
  virtual Status SetClientStatus(OrgId org, ClientId client, AccountStatus status,
                                 Timestamp now) = 0;
  virtual Status SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) = 0;

  virtual Status InsertStatusChange(OrgId org, const AccountStatusChange& change) = 0;
  // The batch forms of SetClientStatus (status = new_status, updated_at = changed_at; kNotFound,
  // nothing written, if an account is not in `org`) and InsertStatusChange, one statement each.
  virtual Status SetClientStatuses(OrgId org, std::span<const AccountStatusChange> changes) = 0;
  virtual Status InsertStatusChanges(OrgId org, std::span<const AccountStatusChange> changes) = 0;
  virtual Result<Page<AccountStatusChange>> ListStatusChanges(OrgId org,
                                                              const StatusChangeQuery& query) = 0;
};

}  // namespace clientele::storage
