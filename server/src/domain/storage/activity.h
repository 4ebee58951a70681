#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "domain/model.h"
#include "domain/storage/page.h"

// The storage port for the activity log (API requests). Errors as in unit_of_work.h.
namespace clientele::storage {

struct ActivityQuery {
  std::optional<ClientId> client;   // the caller's account
  std::optional<ClientId> subject;  // the account the request concerns (ActivityEntry::subject)
  std::optional<UserId> user;
  std::optional<std::string> method;
  std::optional<std::string> path_contains;
  std::optional<int> status_code;
  std::optional<Timestamp> from, to;
  int64_t limit = 20;
  int64_t offset = 0;
};

class ActivityStore {
 public:
  virtual ~ActivityStore() = default;

  virtual Result<int64_t> InsertActivity(const ActivityEntry& entry) = 0;
  virtual Result<Page<ActivityEntry>> ListActivity(OrgId org, const ActivityQuery& query) = 0;
  virtual Result<ActivityEntry> GetActivity(OrgId org, int64_t id) = 0;
};

}  // namespace clientele::storage
