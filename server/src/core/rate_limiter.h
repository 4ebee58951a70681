#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.h"

namespace clientele {

// A token bucket: up to `burst` requests at once, refilled at `per_second`.
struct Rate {
  double burst = 1;
  double per_second = 1;
};

// Token buckets by key (a client address, a person), kept in memory. Thread-safe; no I/O; time
// comes in as `now`, so tests can move it.
//
// Memory is bounded: a bucket that has been idle long enough to be full again is the same as
// no bucket, so such buckets are dropped (at most once a minute, and whenever `max_keys` is
// reached). If `max_keys` buckets are all busy, the least recently used half is dropped; those
// keys start again with a full bucket, which errs on the side of letting requests through.
class RateLimiter {
 public:
  explicit RateLimiter(Rate rate, size_t max_keys = 100'000);

  // Takes one token from `key`'s bucket. 0 if it was there (go ahead); otherwise the whole
  // seconds (at least 1) until one will be, for Retry-After. A refused request takes nothing.
  int64_t Take(std::string_view key, Timestamp now);

  const Rate& rate() const { return rate_; }
  size_t SizeForTest() const;

 private:
  struct Bucket {
    double tokens;
    Timestamp updated;
  };
  double Refilled(const Bucket& b, Timestamp now) const;
  void Sweep(Timestamp now);  // drops full buckets; then the older half if still at max_keys

  const Rate rate_;
  const size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Timestamp last_sweep_;
};

// At most `slots` holders at once, without waiting: for work that must never occupy every
// request worker (password hashing). Thread-safe.
class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int slots) { Resize(slots); }

  // Holds one slot until destroyed.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_) owner_->Release();
    }

   private:
    friend class ConcurrencyLimit;
    explicit Slot(ConcurrencyLimit* owner) : owner_(owner) {}
    ConcurrencyLimit* owner_;
  };

  // A slot if one is free now; false otherwise (the caller answers "busy" at once).
  bool TryEnter(std::optional<Slot>& slot);
  // How many may be held from now on (at least 1); slots already held stay valid.
  void Resize(int slots);
  int held() const;

 private:
  void Release();
  mutable std::mutex mu_;
  int limit_ = 1;
  int held_ = 0;
};

}  // namespace clientele
