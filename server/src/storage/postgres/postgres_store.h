#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/storage/unit_of_work.h"
#include "storage/sql/account_indexes.h"

namespace clientele::storage::postgres {

class Connection;

// The PostgreSQL backend (15 or later), for several Clientele instances on one database.
//
// A small pool of libpq connections, opened on demand up to `pool_size`. A connection that
// breaks (server restart, network) is dropped and a new one is opened on the next use; the
// unit of work that was running on it fails with kUnavailable.
//
// Units of work:
// - Read() runs in a REPEATABLE READ, READ ONLY transaction: one consistent snapshot, like an
//   SQLite read transaction (a list and its count agree). Readers never wait for writers.
// - Write() runs in READ COMMITTED and takes, before the unit touches an organisation's data,
//   that organisation's transaction-scoped advisory lock (storage/sql/locking_tx.h): writers of
//   one organisation run one at a time, across all instances, as the domain's read-modify-write
//   units need (an account's status is recomputed from its products); writers of different
//   organisations run at the same time. What is not one organisation's data has its own narrow
//   lock or needs none (locking_tx.cc). Waiting for a lock (or for a row) is bounded by
//   lock_timeout = 5 s, then kUnavailable.
// - The due-work queries (TrialsEnded, TrialsEndingSoon, DeletionsDue, DeletionRequestsDue,
//   per organisation, and ClaimDueEmails) also take their rows with FOR UPDATE SKIP LOCKED, so
//   two instances running jobs at once never take the same row (see storage/sql/services.cc).
//
// Migrate() runs under a PostgreSQL advisory lock, so instances starting together apply each
// migration once.
class PostgresDatabase final : public Database {
 public:
  // `conninfo`: a libpq connection URI (postgresql://user@host:port/db?sslmode=...) or a
  // key=value string. Connects once to check it; kUnavailable if that fails. `bulk_writes`: for
  // big transactions (an import, `jobs run`): each statement is planned when it runs, for its
  // parameters and the tables as they are then (Connection::PlanEveryStatement), since a plan
  // kept from when a table was empty would scan it after it has grown by a million rows. (Not
  // plan_cache_mode = force_custom_plan: that would plan every foreign-key check anew, a row at
  // a time.)
  static Result<std::unique_ptr<PostgresDatabase>> Open(const std::string& conninfo,
                                                        int pool_size = 8,
                                                        bool bulk_writes = false);
  ~PostgresDatabase() override;

  Status Read(const std::function<Status(Tx&)>& work) override;
  Status Write(const std::function<Status(Tx&)>& work) override;
  Result<int> Migrate() override;
  Status RefreshStatistics() override;
  void SetOutboxHooks(OutboxHooks hooks) override;

 private:
  PostgresDatabase(std::string conninfo, int pool_size, bool bulk_writes);
  std::unique_ptr<Connection> Connect() const;
  class Lease;
  Status Run(bool write, const std::function<Status(Tx&)>& work);
  // Run's unit of work; `queued_email`: it committed and queued an e-mail.
  Status RunLeased(bool write, const std::function<Status(Tx&)>& work, bool& queued_email);

  const std::string conninfo_;
  const int pool_size_;
  const bool bulk_writes_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + leased
  OutboxHooks outbox_hooks_;
  sql::AccountIndexes account_indexes_;  // this instance's; the change log keeps it current
};

}  // namespace clientele::storage::postgres
