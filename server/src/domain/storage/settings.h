#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

// The storage port for small keyed state: platform settings, each person's saved filter presets
// and the throttles every instance must share. Errors as in unit_of_work.h.
namespace clientele::storage {

// A counter behind a limit that every instance must see the same: sign-in failures of an
// (e-mail, address) pair, e-mails of a kind sent in a window (domain/throttles.h). Platform
// data, not an organisation's: `key` is built by the domain from hashes or ids.
struct Throttle {
  std::string key;
  int64_t count = 0;
  Timestamp window_start;                  // when the current count began
  std::optional<Timestamp> blocked_until;  // refused until then (sign-in back-off)
  Timestamp updated_at;                    // last change; rows idle for long are purged
};

class SettingsStore {
 public:
  virtual ~SettingsStore() = default;

  // Platform settings (e.g. the token signing key). Not organisation data.
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;

  // Saved filter presets, per person.
  virtual Result<FilterPreset> InsertPreset(const FilterPreset& draft) = 0;  // kAlreadyExists: name
  virtual Result<std::vector<FilterPreset>> ListPresets(OrgId org, UserId user) = 0;
  virtual Status DeletePreset(OrgId org, UserId user, int64_t id) = 0;

  // Throttles. Put inserts or replaces by key.
  virtual Result<std::optional<Throttle>> GetThrottle(const std::string& key) = 0;
  virtual Status PutThrottle(const Throttle& throttle) = 0;
  virtual Status DeleteThrottle(const std::string& key) = 0;
  // Deletes the rows last changed before `before`; returns how many.
  virtual Result<int64_t> DeleteThrottlesBefore(Timestamp before) = 0;
};

}  // namespace clientele::storage
