#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "core/result.h"
#include "domain/client_query.h"
#include "storage/index/account_index.h"
#include "storage/sql/session.h"

// The in-memory account index of every organisation one Database serves (storage/index), and
// how it is kept equal to the database: before each query, the organisation's accounts_version
// is read inside the caller's unit of work; an index behind it reads the account change log
// (migration 0014) and reloads the accounts listed there, or everything when the log no longer
// reaches back far enough. So an index is never older than the unit's snapshot, whichever
// instance wrote.
namespace clientele::storage::sql {

class AccountIndexes {
 public:
  // The page of `query` for `org`, from its index (loaded or caught up first through `s`).
  // `only` restricts the matches to those accounts (the users_* filters, answered by SQL).
  index::IndexedPage Query(Session& s, OrgId org, const ClientQuery& query,
                           const std::vector<ClientId>* only);

  // Bytes held by every index (approximate), for logs and benchmarks.
  size_t MemoryBytes();

 private:
  struct Entry {
    std::shared_mutex mu;  // shared: queries; exclusive: loading and catching up
    std::unique_ptr<index::AccountIndex> index;
    int64_t version = -1;
  };
  Entry& EntryOf(OrgId org);
  static std::unique_ptr<index::AccountIndex> Load(Session& s, OrgId org);
  // False when the index can't take the changes in place (it must be loaded again).
  static bool CatchUp(Session& s, OrgId org, index::AccountIndex& index, int64_t from, int64_t to);

  std::mutex mu_;
  std::map<int64_t, std::unique_ptr<Entry>> orgs_;
};

// How many accounts one unit may list in the change log before it asks for a reload instead.
inline constexpr size_t kMaxListedChanges = 20000;

}  // namespace clientele::storage::sql
