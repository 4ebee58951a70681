#include <string>

#include "storage/sql/tx.h"

// SettingsStore: platform settings, filter presets, throttles.
namespace clientele::storage::sql {

Result<std::optional<std::string>> SqlTx::GetSetting(const std::string& key) {
  return Guard([&]() -> Result<std::optional<std::string>> {
    return s_.First("SELECT value FROM settings WHERE key = $1", {Arg(key)},
                    [](const Row& r) { return r.Blob(0); });
  });
}

Status SqlTx::PutSetting(const std::string& key, const std::string& value) {
  return Guard([&]() -> Status {
    s_.Exec(
        "INSERT INTO settings (key, value) VALUES ($1, $2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {Arg(key), Blob(value)});
    return Ok();
  });
}

Result<FilterPreset> SqlTx::InsertPreset(const FilterPreset& d) {
  return Guard([&]() -> Result<FilterPreset> {
    FilterPreset out = d;
    out.id = s_.Int(
        "INSERT INTO filter_presets (org_id, user_id, name, filters_json, created_at) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
        {Arg(d.org), Arg(d.user), Arg(d.name), Arg(d.filters_json), Arg(d.created_at)});
    return out;
  });
}

Result<std::vector<FilterPreset>> SqlTx::ListPresets(OrgId org, UserId user) {
  return Guard([&]() -> Result<std::vector<FilterPreset>> {
    return s_.All(
        "SELECT id, org_id, user_id, name, filters_json, created_at FROM filter_presets "
        "WHERE org_id = $1 AND user_id = $2 ORDER BY " +
            s_.dialect().FoldCase("name") + ", id",
        {Arg(org), Arg(user)}, [](const Row& s) {
          return FilterPreset{s.Int(0),  OrgId{s.Int(1)}, UserId{s.Int(2)},
                              s.Text(3), s.Text(4),       s.Time(5)};
        });
  });
}

Status SqlTx::DeletePreset(OrgId org, UserId user, int64_t id) {
  return Guard([&]() -> Status {
    auto n = s_.Exec("DELETE FROM filter_presets WHERE id = $1 AND org_id = $2 AND user_id = $3",
                     {Arg(id), Arg(org), Arg(user)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Result<std::optional<Throttle>> SqlTx::GetThrottle(const std::string& key) {
  return Guard([&]() -> Result<std::optional<Throttle>> {
    return s_.First(
        "SELECT key, count, window_start, blocked_until, updated_at FROM throttles "
        "WHERE key = $1",
        {Arg(key)}, [](const Row& r) {
          Throttle t;
          t.key = r.Text(0);
          t.count = r.Int(1);
          t.window_start = r.Time(2);
          t.blocked_until = r.OptTime(3);
          t.updated_at = r.Time(4);
          return t;
        });
  });
}

Status SqlTx::PutThrottle(const Throttle& t) {
  return Guard([&]() -> Status {
    s_.Exec(
        "INSERT INTO throttles (key, count, window_start, blocked_until, updated_at) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO UPDATE SET count = excluded.count, "
        "window_start = excluded.window_start, blocked_until = excluded.blocked_until, "
        "updated_at = excluded.updated_at",
        {Arg(t.key), Arg(t.count), Arg(t.window_start), Arg(t.blocked_until), Arg(t.updated_at)});
    return Ok();
  });
}

Status SqlTx::DeleteThrottle(const std::string& key) {
  return Guard([&]() -> Status {
    s_.Exec("DELETE FROM throttles WHERE key = $1", {Arg(key)});
    return Ok();
  });
}

Result<int64_t> SqlTx::DeleteThrottlesBefore(Timestamp before) {
  return Guard([&]() -> Result<int64_t> {
    return s_.Exec("DELETE FROM throttles WHERE updated_at < $1", {Arg(before)});
  });
}

}  // namespace clientele::storage::sql
