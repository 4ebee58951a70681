#include "domain/sign_in_backoff.h"

#include <algorithm>

#include "core/client_address.h"
#include "domain/throttles.h"
#include "domain/validation.h"

namespace clientele {

int64_t LockSecondsAfter(int failures, int free_failures) {
  if (failures < free_failures) return 0;
  int64_t seconds = kFirstLockSeconds;
  for (int i = free_failures; i < failures && seconds < kMaxLockSeconds; ++i) seconds *= 2;
  return std::min(seconds, kMaxLockSeconds);
}

std::string SignInPairKey(std::string_view email, std::string_view client_address) {
  // '\n' can be in neither part, so distinct pairs never hash the same text.
  return "signin:pair:" +
         HashedKeyPart(validation::EmailKey(email) + "\n" + AddressKey(client_address));
}

std::string SignInAccountKey(std::string_view email) {
  return "signin:email:" + HashedKeyPart(validation::EmailKey(email));
}

bool SignInBackoff::Locked(Timestamp now) const {
  return pair && pair->blocked_until && *pair->blocked_until > now;
}

int SignInBackoff::RetryAfterSeconds(Timestamp now) const {
  if (!Locked(now)) return 0;
  return static_cast<int>((pair->blocked_until->micros - now.micros + 999'999) / 1'000'000);
}

bool SignInBackoff::UnderAttack(Timestamp now) const {
  return account && now < account->window_start.PlusSeconds(kAccountFailureWindowSeconds) &&
         account->count >= kAccountFailureCeiling;
}

storage::Throttle SignInBackoff::PairAfterFailure(const std::string& key, Timestamp now) const {
  storage::Throttle t;
  t.key = key;
  t.window_start = now;
  if (pair && now < pair->updated_at.PlusSeconds(kPairMemorySeconds)) t = *pair;
  t.count += 1;
  t.updated_at = now;
  int free = UnderAttack(now) ? kFreeFailuresUnderAttack : kFreeFailures;
  int64_t lock = LockSecondsAfter(static_cast<int>(std::min<int64_t>(t.count, 1000)), free);
  t.blocked_until = lock > 0 ? std::optional(now.PlusSeconds(lock)) : std::nullopt;
  return t;
}

storage::Throttle SignInBackoff::AccountAfterFailure(const std::string& key, Timestamp now) const {
  storage::Throttle t;
  t.key = key;
  t.window_start = now;
  if (account && now < account->window_start.PlusSeconds(kAccountFailureWindowSeconds))
    t = *account;
  t.count += 1;
  t.updated_at = now;
  return t;
}

}  // namespace clientele
