#include "core/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace clientele {
namespace {

constexpr int64_t kSweepEverySeconds = 60;
constexpr double kEpsilon = 1e-9;  // refills add up in floating point

}  // namespace

RateLimiter::RateLimiter(Rate rate, size_t max_keys)
    : rate_(rate), max_keys_(std::max<size_t>(max_keys, 2)) {}

double RateLimiter::Refilled(const Bucket& b, Timestamp now) const {
  // A clock that steps back refills nothing rather than draining.
  double elapsed = now > b.updated ? static_cast<double>(now.micros - b.updated.micros) / 1e6 : 0;
  return std::min(rate_.burst, b.tokens + elapsed * rate_.per_second);
}

int64_t RateLimiter::Take(std::string_view key_view, Timestamp now) {
  std::lock_guard lock(mu_);
  if (now.micros - last_sweep_.micros >= kSweepEverySeconds * 1'000'000 ||
      buckets_.size() >= max_keys_)
    Sweep(now);
  std::string key(key_view);
  auto it = buckets_.find(key);
  double tokens = it == buckets_.end() ? rate_.burst : Refilled(it->second, now);
  if (tokens + kEpsilon >= 1) {
    tokens = std::max(0.0, tokens - 1);
    if (it == buckets_.end())
      buckets_.emplace(std::move(key), Bucket{tokens, now});
    else
      it->second = Bucket{tokens, now};
    return 0;
  }
  if (it != buckets_.end()) it->second = Bucket{tokens, now};
  if (rate_.per_second <= 0) return 24 * 3600;
  return std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil((1 - tokens) / rate_.per_second - kEpsilon)));
}

void RateLimiter::Sweep(Timestamp now) {
  last_sweep_ = now;
  std::erase_if(buckets_, [&](const auto& entry) {
    return Refilled(entry.second, now) + kEpsilon >= rate_.burst;
  });
  if (buckets_.size() < max_keys_) return;
  std::vector<int64_t> times;
  times.reserve(buckets_.size());
  for (const auto& [key, bucket] : buckets_) times.push_back(bucket.updated.micros);
  auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), middle, times.end());
  int64_t cutoff = *middle;
  std::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated.micros <= cutoff; });
}

size_t RateLimiter::SizeForTest() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

bool ConcurrencyLimit::TryEnter(std::optional<Slot>& slot) {
  std::lock_guard lock(mu_);
  if (held_ >= limit_) return false;
  ++held_;
  slot.emplace(Slot(this));
  return true;
}

void ConcurrencyLimit::Resize(int slots) {
  std::lock_guard lock(mu_);
  limit_ = std::max(slots, 1);
}

int ConcurrencyLimit::held() const {
  std::lock_guard lock(mu_);
  return held_;
}

void ConcurrencyLimit::Release() {
  std::lock_guard lock(mu_);
  --held_;
}

}  // namespace clientele
