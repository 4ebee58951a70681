#include <string_view>
#include <vector>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// The account change log (migration 0014): what a write unit changed, for the account indexes.
namespace clientele::storage::sql {
namespace {

// Versions listed per organisation before the oldest are pruned. An index further behind than
// this loads again.
constexpr int64_t kKeptVersions = 10000;

}  // namespace

void SqlTx::Changed(OrgId org, std::optional<ClientId> client) {
  auto& accounts = changed_[org.value];
  if (accounts.count(0) != 0) return;
  if (!client || accounts.size() >= kMaxListedChanges) {
    accounts = {0};
    return;
  }
  accounts.insert(client->value);
}

std::vector<OrgId> SqlTx::ChangedOrganisations() const {
  std::vector<OrgId> orgs;
  for (const auto& [org, accounts] : changed_) orgs.push_back(OrgId{org});
  return orgs;
}

Status SqlTx::Finish() {
  return Guard([&]() -> Status {
    for (const auto& [org, accounts] : changed_) {
      // The row lock on the organisation also keeps its versions in commit order. changed_ is
      // ordered by id, so a unit of several organisations takes these row locks in ascending
      // order too, the order of the organisations' locks on PostgreSQL (locking_tx.h).
      int64_t version = s_.Int(
          "UPDATE organisations SET accounts_version = accounts_version + 1 WHERE id = $1 "
          "RETURNING accounts_version",
          std::vector<Param>{Arg(org)});
      // In bulk: an import or a batch of the jobs lists thousands of accounts per unit.
      static constexpr std::string_view kColumns[] = {"org_id", "version", "client_id"};
      std::vector<int64_t> clients(accounts.begin(), accounts.end());
      InsertInSlices(s_, "account_changes", kColumns, clients.size(),
                     [&](std::vector<Param>& values, size_t i) {
                       AppendRow(values, Arg(org), Arg(version), Arg(clients[i]));
                     });
      if (version % 1000 == 0 && version > kKeptVersions) {
        int64_t floor = version - kKeptVersions;
        s_.Exec("DELETE FROM account_changes WHERE org_id = $1 AND version < $2",
                {Arg(org), Arg(floor)});
        s_.Exec("UPDATE organisations SET accounts_log_floor = $2 WHERE id = $1",
                {Arg(org), Arg(floor)});
      }
    }
    changed_.clear();
    return Ok();
  });
}

}  // namespace clientele::storage::sql
