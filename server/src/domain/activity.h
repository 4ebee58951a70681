#pragma once

#include "core/result.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

// The activity log: what was changed, by whom. Written by the HTTP layer for every
// state-changing request; read by resellers and sellers for their organisation.
class ActivityService {
 public:
  explicit ActivityService(storage::Database& db) : db_(db) {}

  Status Record(const ActivityEntry& entry);
  Result<storage::Page<ActivityEntry>> List(const Caller& caller, const storage::ActivityQuery& q);
  Result<ActivityEntry> Get(const Caller& caller, int64_t id);

 private:
  storage::Database& db_;
};

}  // namespace clientele
