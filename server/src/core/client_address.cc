#include "core/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace clientele {
namespace {

constexpr std::array<unsigned char, 12> kV4Mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The canonical text of an address, or empty if it is none. Trusted-proxy matching compares
// these, so "::1" and "0:0::1" are the same proxy.
std::string Canonical(std::string_view address) {
  if (address.empty() || address.size() >= INET6_ADDRSTRLEN) return {};
  std::string text(address);
  std::array<unsigned char, 16> bytes{};
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1)
    return inet_ntop(AF_INET, bytes.data(), out.data(), out.size()) ? out.data() : "";
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return {};
  if (std::equal(kV4Mapped.begin(), kV4Mapped.end(), bytes.begin()))
    return inet_ntop(AF_INET, bytes.data() + 12, out.data(), out.size()) ? out.data() : "";
  return inet_ntop(AF_INET6, bytes.data(), out.data(), out.size()) ? out.data() : "";
}

bool Trusted(const std::string& canonical, const std::vector<std::string>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(),
                     [&](const std::string& t) { return Canonical(t) == canonical; });
}

}  // namespace

bool IsIpAddress(std::string_view address) { return !Canonical(address).empty(); }

bool IsTrustedProxy(std::string_view address, const std::vector<std::string>& trusted_proxies) {
  std::string canonical = Canonical(address);
  return !canonical.empty() && Trusted(canonical, trusted_proxies);
}

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  std::string client(peer);
  if (trusted_proxies.empty() || !Trusted(Canonical(peer), trusted_proxies)) return client;
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    std::string_view hop =
        Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    std::string canonical = Canonical(hop);
    if (canonical.empty()) break;
    client = canonical;
    if (!Trusted(canonical, trusted_proxies)) break;
  }
  return client;
}

std::string AddressKey(std::string_view address) {
  std::string canonical = Canonical(address);
  if (canonical.empty()) return std::string(address);
  if (canonical.find(':') == std::string::npos) return canonical;  // IPv4, mapped ones too
  std::array<unsigned char, 16> b{};
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (inet_pton(AF_INET6, canonical.c_str(), b.data()) != 1) return canonical;
  std::fill(b.begin() + 8, b.end(), 0);
  if (!inet_ntop(AF_INET6, b.data(), out.data(), out.size())) return canonical;
  return std::string(out.data()) + "/64";
}

}  // namespace clientele
