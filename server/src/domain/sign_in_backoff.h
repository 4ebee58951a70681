#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "domain/storage/unit_of_work.h"

// Sign-in back-off (docs/security.md, "Limits"; docs/api.md, "Repeated failures").
//
// Failures are counted per (e-mail, client address) pair, not per person: wrong passwords from
// one address lock only that address out of that e-mail, so a stranger elsewhere can never keep
// the person from signing in with the right password. Unknown e-mails are counted and locked
// exactly like known ones, so the answers (401 … then 429) tell nothing about who exists.
//
// Across all addresses, an e-mail that collects kAccountFailureCeiling failures within
// kAccountFailureWindowSeconds is "under attack": until that window ends each pair gets only
// kFreeFailuresUnderAttack free failure instead of kFreeFailures. That slows distributed
// guessing without locking anyone out: a pair without failures is always checked.
namespace clientele {

inline constexpr int kFreeFailures = 5;           // failures of a pair before its first lock
inline constexpr int64_t kFirstLockSeconds = 60;  // doubled by each further failure
inline constexpr int64_t kMaxLockSeconds = 900;
inline constexpr int kFreeFailuresUnderAttack = 1;
inline constexpr int64_t kAccountFailureCeiling = 50;
inline constexpr int64_t kAccountFailureWindowSeconds = 3600;
// A pair's failures are forgotten this long after its last one (or at a successful sign-in).
inline constexpr int64_t kPairMemorySeconds = 24 * 3600;

// How long a pair is locked after `failures` consecutive failures (0: not locked).
int64_t LockSecondsAfter(int failures, int free_failures = kFreeFailures);

// Throttle keys: hashes, so the table holds no e-mail or client address in plain. The e-mail is
// compared case-insensitively; the address by its limit key (an IPv6 address by its /64).
std::string SignInPairKey(std::string_view email, std::string_view client_address);
std::string SignInAccountKey(std::string_view email);

// The back-off of one sign-in attempt, from the rows read before the password is checked.
struct SignInBackoff {
  std::optional<storage::Throttle> pair;     // this e-mail from this address
  std::optional<storage::Throttle> account;  // this e-mail from every address

  bool Locked(Timestamp now) const;
  int RetryAfterSeconds(Timestamp now) const;  // while Locked()
  bool UnderAttack(Timestamp now) const;
  // The rows to store after one more failure at `now`.
  storage::Throttle PairAfterFailure(const std::string& key, Timestamp now) const;
  storage::Throttle AccountAfterFailure(const std::string& key, Timestamp now) const;
};

}  // namespace clientele
