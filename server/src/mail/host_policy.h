#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

// Which addresses an organisation's mail server may have. A reseller types the host and port of
// its mail server; without limits that setting would let it make the platform connect anywhere
// the platform can reach, its private network included. Only public unicast addresses pass
// unless the platform operator allows private ones (`serve --allow-private-mail-servers`). The
// platform's own mail server (`--smtp-host`) is set by the operator and is not limited.
namespace clientele::mail {

enum class AddressKind {
  kPublic,       // global unicast
  kUnspecified,  // 0.0.0.0/8 ("this network"), ::
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), fc00::/7, fec0::/10,
                 // 64:ff9b:1::/48 (local NAT64)
  kLinkLocal,    // 169.254/16, fe80::/10
  kMulticast,    // 224/4, ff00::/8
  kReserved,     // 240/4 (with 255.255.255.255), 192.0.0/24, 192.88.99/24, 198.18/15, the
                 // documentation ranges, and every IPv6 address outside 2000::/3 or in
                 // 2001::/23, 2001:db8::/32, 3fff::/20; also non-IP socket families
};
std::string_view AddressKindName(AddressKind kind);

AddressKind ClassifyIpv4(const std::array<uint8_t, 4>& address);
// IPv6. Addresses that carry an IPv4 address — mapped (::ffff:0:0/96), translated
// (::ffff:0:0:0/96), compatible (::/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) — are
// classified by the IPv4 address inside, so ::ffff:127.0.0.1 is loopback.
AddressKind ClassifyIpv6(const std::array<uint8_t, 16>& address);
// "10.0.0.1", "::1" or "[::1]"; nullopt when `text` is not an IP literal (a host name).
std::optional<AddressKind> ClassifyIpLiteral(std::string_view text);
// An address as getaddrinfo or curl gives it; kReserved for families other than IPv4/IPv6.
AddressKind ClassifySocketAddress(const sockaddr* address);

// For saving an organisation's mail server: nullopt if `host` may be used, else a message for
// the reseller. "localhost" and names under ".localhost" are refused outright; IP literals are
// classified; other names are resolved (waiting at most `wait`) and every address they resolve
// to must be public. A name that does not resolve, or not in time, is accepted: the address is
// checked again at every connection (SmtpSettings::allow_private_addresses), since DNS can
// change after the setting is saved.
std::optional<std::string> CheckMailServerHost(std::string_view host,
                                               std::chrono::milliseconds wait);

// The vendor settings' rule for an organisation's mail server host (the domain's MailHostCheck,
// wired by app/): nullopt if `host` (trimmed, IPv6 without brackets) may be saved, else a message
// for the reseller. It must be a host name or an IP literal (colons only in IPv6) and, unless
// the operator allows private mail servers, pass CheckMailServerHost.
std::optional<std::string> CheckMailServerSetting(std::string_view host, bool allow_private,
                                                  std::chrono::milliseconds wait);

}  // namespace clientele::mail
