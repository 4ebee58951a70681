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

// What a list shows of each listed account's products, when the storage has it at hand (the
// account index keeps every product's status): then the list needs no read of the services.
struct ListedProducts {
  // A state: kNone, or a ProductStatus with kEnabled or'ed in when the product is enabled.
  static constexpr uint8_t kNone = 0xff;  // the account has no service of that product
  static constexpr uint8_t kEnabled = 0x80;

  bool known = false;                 // false: read the services instead
  std::vector<std::string> products;  // the columns of `states`
  std::vector<uint8_t> states;        // per listed account (in list order), one per column

  uint8_t State(size_t account, size_t column) const {
    return states[account * products.size() + column];
  }
  static uint8_t Pack(ProductStatus status, bool enabled) {
    return static_cast<uint8_t>(static_cast<uint8_t>(status) | (enabled ? kEnabled : 0));
  }
  static ProductStatus StatusOf(uint8_t state) {
    return static_cast<ProductStatus>(state & ~kEnabled);
  }
  static bool EnabledOf(uint8_t state) { return (state & kEnabled) != 0; }
};

struct ClientPage {
  std::vector<Client> items;
  std::optional<int64_t> count;  // set when the query asked for a page (limit)
  ListedProducts products;       // of `items`, in their order
};

struct ClientIdList {
  std::vector<ClientId> ids;
  ListedProducts products;  // of `ids`, in their order
};

struct StatusChangeQuery {
  std::optional<ClientId> client;
  std::optional<Timestamp> from, to;
  std::optional<AccountStatus> new_status, old_status;  // what it changed to, and from
  int64_t limit = 20;
  int64_t offset = 0;
  // false: the page's items only, `count` left 0 (the overview's latest few: counting would
  // read every change of the organisation).
  bool with_count = true;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // `draft.id` is ignored; the stored account is returned.
  virtual Result<Client> InsertClient(const Client& draft) = 0;
  virtual Result<Client> GetClient(OrgId org, ClientId id) = 0;
  virtual Status UpdateClient(const Client& client) = 0;  // by client.org + client.id
  // Whether a live (not deleted) account of `org` uses this e-mail (compared case-insensitively).
  virtual Result<bool> ClientEmailTaken(OrgId org, const std::string& email,
                                        std::optional<ClientId> except) = 0;
  virtual Result<ClientPage> ListClients(OrgId org, const ClientQuery& query) = 0;
  // Every match of `query` (its limit and offset ignored), in its order: the ids only, so that
  // a list of any length can be read in slices with GetClients.
  virtual Result<ClientIdList> ListClientIds(OrgId org, const ClientQuery& query) = 0;
  // These accounts of `org`, in the order given; ids that are not (or no longer) there are left
  // out.
  virtual Result<std::vector<Client>> GetClients(OrgId org, std::span<const ClientId> ids) = 0;

  // Bulk writes, for imports: many accounts in one statement or stream instead of one each.
  // Every draft goes into `org` (its own `org` and `id` are ignored); the new ids are returned in
  // the order of `drafts`. kAlreadyExists if a live account of `org` already has one of the
  // e-mails (then nothing of the unit of work may be kept).
  virtual Result<std::vector<ClientId>> InsertClients(OrgId org,
                                                      std::span<const Client> drafts) = 0;
  // The e-mail keys (ASCII lower case) among `emails` (compared case-insensitively) that an
  // account of `org` has, live or deleted; each once, in no particular order.
  virtual Result<std::vector<std::string>> ClientEmailsInUse(
      OrgId org, std::span<const std::string> emails) = 0;

  // Writes the account status (already recomputed by the caller).
  virtual Status SetClientStatus(OrgId org, ClientId client, AccountStatus status,
                                 Timestamp now) = 0;
  virtual Status SetClientDaysToDeleted(OrgId org, ClientId client, std::optional<int> days) = 0;
  // The account's own trial length (nullopt: the organisation's). Issue 16.
  virtual Status SetClientTrialDays(OrgId org, ClientId client, std::optional<int> days) = 0;

  virtual Status InsertStatusChange(OrgId org, const AccountStatusChange& change) = 0;
  // The batch forms of SetClientStatus (status = new_status, updated_at = changed_at; kNotFound,
  // nothing written, if an account is not in `org`) and InsertStatusChange, one statement each
  // (also for an import; each change's `id` is ignored).
  virtual Status SetClientStatuses(OrgId org, std::span<const AccountStatusChange> changes) = 0;
  virtual Status InsertStatusChanges(OrgId org, std::span<const AccountStatusChange> changes) = 0;
  virtual Result<Page<AccountStatusChange>> ListStatusChanges(OrgId org,
                                                              const StatusChangeQuery& query) = 0;
};

}  // namespace clientele::storage
