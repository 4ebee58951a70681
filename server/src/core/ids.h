#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace clientele {

// Distinct id types so an account id can't be passed where a user id is expected.
template <typename Tag>
struct Id {
  int64_t value = 0;
  constexpr Id() = default;
  constexpr explicit Id(int64_t v) : value(v) {}
  auto operator<=>(const Id&) const = default;
};

using OrgId = Id<struct OrgTag>;
using ClientId = Id<struct ClientTag>;
using UserId = Id<struct UserTag>;
using TokenId = Id<struct TokenTag>;
using ServiceId = Id<struct ServiceTag>;
using SessionId = Id<struct SessionTag>;

}  // namespace clientele

template <typename Tag>
struct std::hash<clientele::Id<Tag>> {
  size_t operator()(const clientele::Id<Tag>& id) const noexcept {
    return std::hash<int64_t>{}(id.value);
  }
};
