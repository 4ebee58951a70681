#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clientele {

// The address a request really comes from. `peer` is the connected address; only when it is one
// of `trusted_proxies` (exact addresses) is X-Forwarded-For believed: read from the right, the
// first address that is not itself a trusted proxy is the client. A malformed entry stops the
// walk at the last address known good, so a client can't pass off a forged address as its own.
// Never trusts the header by default (empty `trusted_proxies`).
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

// What limits count per "address": an IPv4 address as is (also when written IPv4-mapped, as
// ::ffff:a.b.c.d), an IPv6 address by its /64 network, which one subscriber usually holds whole.
// Anything unparsable is used verbatim.
std::string AddressKey(std::string_view address);

// Whether `address` is one of `trusted_proxies` (compared as addresses, not as text).
bool IsTrustedProxy(std::string_view address, const std::vector<std::string>& trusted_proxies);

// Whether `address` is an IPv4 or IPv6 address.
bool IsIpAddress(std::string_view address);

}  // namespace clientele
