#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clientele {

// Microseconds since the Unix epoch, UTC. Stored as an integer in every backend.
struct Timestamp {
  int64_t micros = 0;
  auto operator<=>(const Timestamp&) const = default;

  static constexpr Timestamp FromSeconds(int64_t s) { return Timestamp{s * 1'000'000}; }
  constexpr int64_t seconds() const { return micros / 1'000'000; }
  constexpr Timestamp PlusSeconds(int64_t s) const { return Timestamp{micros + s * 1'000'000}; }
  constexpr Timestamp PlusDays(int64_t d) const { return PlusSeconds(d * 86'400); }
};

// "2026-11-27T04:19:03.123456Z"
std::string FormatRfc3339(Timestamp t);
// Accepts RFC 3339 date-times ("...Z" or "+hh:mm", optional fraction) and plain dates
// ("2026-11-27", midnight UTC). nullopt for anything else.
std::optional<Timestamp> ParseRfc3339(std::string_view text);

// Time is injected, so tests and `jobs run --now` can choose it.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp t) : now_(t) {}
  Timestamp Now() const override { return now_; }
  void Set(Timestamp t) { now_ = t; }
  void Advance(int64_t seconds) { now_ = now_.PlusSeconds(seconds); }

 private:
  Timestamp now_;
};

}  // namespace clientele
