#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/storage/unit_of_work.h"
#include "storage/sql/account_indexes.h"

namespace clientele::storage::sqlite {

class Connection;

// The embedded backend. A small pool of connections: WAL lets readers run beside the one
// writer; writers take the lock up front (BEGIN IMMEDIATE) so they wait instead of failing
// half-way. `path` ":memory:" gives a private in-memory database (pool of one).
class SqliteDatabase final : public Database {
 public:
  // kUnavailable if the file can't be opened. A new file is created owner-only (0600), and so
  // are its -wal and -shm files. `bulk_writes`: connections tuned for big transactions (an
  // import, `jobs run`): a page cache of up to 1 GiB each, temporary data in memory, a checkpoint
  // every 256 MiB of WAL, and no foreign-key checks (see connection.cc).
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path, int pool_size = 4,
                                                      bool bulk_writes = false);
  ~SqliteDatabase() override;

  Status Read(const std::function<Status(Tx&)>& work) override;
  Status Write(const std::function<Status(Tx&)>& work) override;
  Result<int> Migrate() override;
  Status RefreshStatistics() override;
  void SetOutboxHooks(OutboxHooks hooks) override;

 private:
  SqliteDatabase() = default;
  class Lease;
  Status Run(bool write, const std::function<Status(Tx&)>& work);

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  OutboxHooks outbox_hooks_;
  sql::AccountIndexes account_indexes_;  // this instance's; the change log keeps it current
};

}  // namespace clientele::storage::sqlite
