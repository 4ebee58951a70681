#include "domain/activity.h"

#include "domain/accounts.h"

namespace clientele {

Status ActivityService::Record(const ActivityEntry& entry) {
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(auto id, tx.InsertActivity(entry));
    (void)id;
    return Ok();
  });
}

Result<storage::Page<ActivityEntry>> ActivityService::List(const Caller& caller,
                                                           const storage::ActivityQuery& q) {
  TRY_STATUS(RequireStaff(caller));
  storage::Page<ActivityEntry> page;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(page, tx.ListActivity(caller.org, q));
    return Ok();
  }));
  return page;
}

Result<ActivityEntry> ActivityService::Get(const Caller& caller, int64_t id) {
  TRY_STATUS(RequireStaff(caller));
  std::optional<ActivityEntry> entry;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(entry, tx.GetActivity(caller.org, id));
    return Ok();
  }));
  return std::move(*entry);
}

}  // namespace clientele
