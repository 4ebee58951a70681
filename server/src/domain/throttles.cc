#include "domain/throttles.h"

#include <algorithm>

#include "crypto/crypto.h"

namespace clientele {

Result<bool> CountInWindow(storage::Tx& tx, const std::string& key, WindowLimit limit,
                           Timestamp now, int64_t* retry_after) {
  TRY(auto stored, tx.GetThrottle(key));
  storage::Throttle t;
  t.key = key;
  t.window_start = now;
  if (stored && now < stored->window_start.PlusSeconds(limit.seconds) &&
      now >= stored->window_start) {
    t = *stored;
    if (t.count >= limit.max) {
      if (retry_after) {
        int64_t micros = t.window_start.PlusSeconds(limit.seconds).micros - now.micros;
        *retry_after = std::max<int64_t>(1, (micros + 999'999) / 1'000'000);
      }
      return false;
    }
  }
  t.count += 1;
  t.updated_at = now;
  TRY_STATUS(tx.PutThrottle(t));
  return true;
}

Status TakeFromWindow(storage::Tx& tx, const std::string& key, WindowLimit limit, Timestamp now,
                      std::string_view what) {
  int64_t retry_after = 0;
  TRY(bool allowed, CountInWindow(tx, key, limit, now, &retry_after));
  if (allowed) return Ok();
  Error e = MakeError(ErrorCode::kTooManyRequests, std::string(what) + " Try again in " +
                                                       std::to_string(retry_after) + " seconds.");
  e.retry_after_seconds = static_cast<int>(std::min<int64_t>(retry_after, 86'400));
  return e;
}

std::string HashedKeyPart(std::string_view text) { return crypto::HexEncode(crypto::Sha256(text)); }

Status ThrottleService::TestEmail(OrgId org, Timestamp now) {
  return db_.Write([&](storage::Tx& tx) {
    return TakeFromWindow(tx, "mail:test:org:" + std::to_string(org.value), kTestMailsPerOrg, now,
                          "Too many test e-mails for this organisation.");
  });
}

Result<int64_t> ThrottleService::PurgeIdle(Timestamp now) {
  int64_t deleted = 0;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(deleted, tx.DeleteThrottlesBefore(now.PlusSeconds(-kThrottleRetentionSeconds)));
    return Ok();
  }));
  return deleted;
}

}  // namespace clientele
