#pragma once

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.h"

namespace clientele {

// A value or an Error, like std::expected (not in g++ 12). An Error converts implicitly.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  template <typename U>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, Error> &&
             !std::is_same_v<std::decay_t<U>, Result>)
  Result(U&& value) : v_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { assert(!ok()); return *error_; }
  Error&& error() && { assert(!ok()); return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

// Early return on error: `TRY(auto x, Foo());` or `TRY_STATUS(Bar());`
#define CLIENTELE_CONCAT_INNER(a, b) a##b
#define CLIENTELE_CONCAT(a, b) CLIENTELE_CONCAT_INNER(a, b)
#define TRY_STATUS_IMPL(tmp, expr)           \
  do {                                      \
    auto&& tmp = (expr);                    \
    if (!tmp.ok()) return std::move(tmp).error(); \
  } while (0)
#define TRY_STATUS(expr) TRY_STATUS_IMPL(CLIENTELE_CONCAT(try_status_, __COUNTER__), expr)
#define TRY_IMPL(tmp, decl, expr)             \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
#define TRY(decl, expr) TRY_IMPL(CLIENTELE_CONCAT(try_result_, __COUNTER__), decl, expr)

}  // namespace clientele
