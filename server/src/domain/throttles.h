#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/result.h"
#include "domain/storage/unit_of_work.h"

// Limits that every instance must enforce together, kept in the database (the `throttles`
// table): sign-in back-off and the e-mails that strangers or staff can make us send. The
// request-rate limits, which need no agreement between instances, are in memory (http/api.h).
// The numbers are documented in docs/security.md ("Limits").
namespace clientele {

// At most `max` events per window; the window starts at the first event after the last one
// ended.
struct WindowLimit {
  int64_t max;
  int64_t seconds;
};

// E-mails (SPEC §13: nobody may use us to flood an inbox).
inline constexpr WindowLimit kResetMailsPerEmail{3, 3600};    // forgot password, per address
inline constexpr WindowLimit kResetMailsPerClient{10, 3600};  // forgot password, per client
inline constexpr WindowLimit kLinkMailsPerPerson{3, 3600};    // staff: resend invitation, reset
inline constexpr WindowLimit kTestMailsPerOrg{5, 600};        // vendor settings' test e-mail
inline constexpr WindowLimit kFailedLoginAlertsPerPerson{1, 900};
inline constexpr WindowLimit kFailedLoginAlertsPerOrg{20, 3600};

// Rows of `throttles` unchanged for this long are deleted by the jobs (every window and lock
// above is shorter).
inline constexpr int64_t kThrottleRetentionSeconds = 24 * 3600;

// Counts one event against `key` inside `tx`; false (nothing counted) when `limit.max` events
// already fell in the current window. `retry_after` (if given) gets the seconds until the window
// ends.
Result<bool> CountInWindow(storage::Tx& tx, const std::string& key, WindowLimit limit,
                           Timestamp now, int64_t* retry_after = nullptr);
// The same as a Status: kTooManyRequests with Retry-After when the limit is reached.
Status TakeFromWindow(storage::Tx& tx, const std::string& key, WindowLimit limit, Timestamp now,
                      std::string_view what);

// Key parts that must not be stored in plain (e-mail and client addresses): hex SHA-256.
std::string HashedKeyPart(std::string_view text);

// For handlers: one call at the top of an endpoint. Thread-safe (all state is in the database).
class ThrottleService {
 public:
  explicit ThrottleService(storage::Database& db) : db_(db) {}

  // The vendor settings' "send test e-mail": kTestMailsPerOrg per organisation, else
  // kTooManyRequests with Retry-After.
  Status TestEmail(OrgId org, Timestamp now);

  // Deletes rows idle for kThrottleRetentionSeconds; returns how many (for the jobs).
  Result<int64_t> PurgeIdle(Timestamp now);

 private:
  storage::Database& db_;
};

}  // namespace clientele
