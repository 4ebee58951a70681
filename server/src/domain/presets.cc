#include "domain/presets.h"

#include "domain/accounts.h"
#include "domain/validation.h"

namespace clientele {

inline constexpr size_t kMaxPresetJson = 8 * 1024;
inline constexpr size_t kMaxPresetsPerPerson = 100;

Result<std::vector<FilterPreset>> PresetService::List(const Caller& caller) {
  TRY_STATUS(RequireStaff(caller));
  std::vector<FilterPreset> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, tx.ListPresets(caller.org, caller.user));
    return Ok();
  }));
  return out;
}

Result<FilterPreset> PresetService::Create(const Caller& caller, const std::string& name,
                                           const std::string& filters_json, Timestamp now) {
  TRY_STATUS(RequireStaff(caller));
  FieldErrors errors;
  if (auto bad = validation::CheckText(name, 1, 100)) errors.Add("name", *bad);
  if (filters_json.size() > kMaxPresetJson) errors.Add("filters", "Too many or too long filters.");
  if (!errors.empty()) return errors.ToError();
  FilterPreset draft{0, caller.org, caller.user, validation::Trim(name), filters_json, now};
  std::optional<FilterPreset> stored;
  Status st = db_.Write([&](storage::Tx& tx) -> Status {
    TRY(auto existing, tx.ListPresets(caller.org, caller.user));
    if (existing.size() >= kMaxPresetsPerPerson)
      return FieldError("name", "You have 100 presets; delete one first.");
    TRY(stored, tx.InsertPreset(draft));
    return Ok();
  });
  if (!st.ok()) {
    if (st.error().code == ErrorCode::kAlreadyExists)
      return FieldError("name", "You already have a preset with this name.");
    return std::move(st).error();
  }
  return std::move(*stored);
}

Status PresetService::Delete(const Caller& caller, int64_t id) {
  TRY_STATUS(RequireStaff(caller));
  return db_.Write([&](storage::Tx& tx) { return tx.DeletePreset(caller.org, caller.user, id); });
}

}  // namespace clientele
