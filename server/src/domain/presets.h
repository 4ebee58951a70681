#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

// Saved account-list filters of an Admin Portal user (reseller or seller), private to them.
class PresetService {
 public:
  explicit PresetService(storage::Database& db) : db_(db) {}

  Result<std::vector<FilterPreset>> List(const Caller& caller);
  // kInvalidArgument: blank or over-long name, the name already used, filters too large.
  Result<FilterPreset> Create(const Caller& caller, const std::string& name,
                              const std::string& filters_json, Timestamp now);
  Status Delete(const Caller& caller, int64_t id);

 private:
  storage::Database& db_;
};

}  // namespace clientele
