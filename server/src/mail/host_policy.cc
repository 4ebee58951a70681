#include "mail/host_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace clientele::mail {
namespace {

bool InV4(const std::array<uint8_t, 4>& a, uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3,
          int prefix) {
  uint32_t address = (uint32_t(a[0]) << 24) | (uint32_t(a[1]) << 16) | (uint32_t(a[2]) << 8) | a[3];
  uint32_t network = (uint32_t(b0) << 24) | (uint32_t(b1) << 16) | (uint32_t(b2) << 8) | b3;
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (address & mask) == (network & mask);
}

// Whether the first `prefix` bits of `a` equal those of `network` (given as its leading bytes).
bool InV6(const std::array<uint8_t, 16>& a, std::initializer_list<uint8_t> network, int prefix) {
  std::array<uint8_t, 16> n{};
  std::copy(network.begin(), network.end(), n.begin());
  for (int bit = 0; bit < prefix; ++bit) {
    int byte = bit / 8;
    uint8_t mask = uint8_t(0x80 >> (bit % 8));
    if ((a[byte] & mask) != (n[byte] & mask)) return false;
  }
  return true;
}

std::array<uint8_t, 4> V4At(const std::array<uint8_t, 16>& a, size_t offset) {
  return {a[offset], a[offset + 1], a[offset + 2], a[offset + 3]};
}

bool AllZero(const std::array<uint8_t, 16>& a, size_t from, size_t to) {
  return std::all_of(a.begin() + from, a.begin() + to, [](uint8_t b) { return b == 0; });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Plain(AddressKind kind) {
  switch (kind) {
    case AddressKind::kLoopback: return "a loopback";
    case AddressKind::kPrivate: return "a private";
    case AddressKind::kLinkLocal: return "a link-local";
    case AddressKind::kMulticast: return "a multicast";
    case AddressKind::kUnspecified:
    case AddressKind::kReserved: return "a reserved";
    case AddressKind::kPublic: break;
  }
  return "a public";
}

std::string Refusal(AddressKind kind, bool resolved) {
  return std::string(resolved ? "This host resolves to " : "This is ") + std::string(Plain(kind)) +
         " address; mail servers must have a public address.";
}

// getaddrinfo can't be cancelled, so it runs on its own thread and the caller stops waiting
// after `wait`; the thread finishes on its own and drops its result.
struct Lookup {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  bool resolved = false;
  std::vector<AddressKind> kinds;
};

std::shared_ptr<Lookup> StartLookup(std::string host) {
  auto lookup = std::make_shared<Lookup>();
  std::thread([lookup, host = std::move(host)] {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    std::vector<AddressKind> kinds;
    if (rc == 0)
      for (addrinfo* p = found; p; p = p->ai_next)
        kinds.push_back(ClassifySocketAddress(p->ai_addr));
    if (found) freeaddrinfo(found);
    std::lock_guard lock(lookup->mu);
    lookup->resolved = rc == 0;
    lookup->kinds = std::move(kinds);
    lookup->done = true;
    lookup->cv.notify_all();
  }).detach();
  return lookup;
}

}  // namespace

std::string_view AddressKindName(AddressKind kind) {
  switch (kind) {
    case AddressKind::kPublic: return "public";
    case AddressKind::kUnspecified: return "unspecified";
    case AddressKind::kLoopback: return "loopback";
    case AddressKind::kPrivate: return "private";
    case AddressKind::kLinkLocal: return "link-local";
    case AddressKind::kMulticast: return "multicast";
    case AddressKind::kReserved: return "reserved";
  }
  return "reserved";
}

AddressKind ClassifyIpv4(const std::array<uint8_t, 4>& a) {
  if (InV4(a, 0, 0, 0, 0, 8)) return AddressKind::kUnspecified;
  if (InV4(a, 127, 0, 0, 0, 8)) return AddressKind::kLoopback;
  if (InV4(a, 10, 0, 0, 0, 8) || InV4(a, 172, 16, 0, 0, 12) || InV4(a, 192, 168, 0, 0, 16) ||
      InV4(a, 100, 64, 0, 0, 10))
    return AddressKind::kPrivate;
  if (InV4(a, 169, 254, 0, 0, 16)) return AddressKind::kLinkLocal;
  if (InV4(a, 224, 0, 0, 0, 4)) return AddressKind::kMulticast;
  if (InV4(a, 240, 0, 0, 0, 4) || InV4(a, 192, 0, 0, 0, 24) || InV4(a, 192, 0, 2, 0, 24) ||
      InV4(a, 192, 88, 99, 0, 24) || InV4(a, 198, 18, 0, 0, 15) || InV4(a, 198, 51, 100, 0, 24) ||
      InV4(a, 203, 0, 113, 0, 24))
    return AddressKind::kReserved;
  return AddressKind::kPublic;
}

AddressKind ClassifyIpv6(const std::array<uint8_t, 16>& a) {
  if (AllZero(a, 0, 16)) return AddressKind::kUnspecified;
  if (AllZero(a, 0, 15) && a[15] == 1) return AddressKind::kLoopback;
  // IPv4 inside IPv6: judged by the IPv4 address, which is where the packets go.
  if (AllZero(a, 0, 10) && a[10] == 0xff && a[11] == 0xff) return ClassifyIpv4(V4At(a, 12));
  if (AllZero(a, 0, 8) && a[8] == 0xff && a[9] == 0xff && a[10] == 0 && a[11] == 0)
    return ClassifyIpv4(V4At(a, 12));
  if (AllZero(a, 0, 12)) return ClassifyIpv4(V4At(a, 12));
  if (InV6(a, {0x00, 0x64, 0xff, 0x9b}, 96)) return ClassifyIpv4(V4At(a, 12));
  if (InV6(a, {0x20, 0x02}, 16)) return ClassifyIpv4(V4At(a, 2));
  if (InV6(a, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48)) return AddressKind::kPrivate;
  if (InV6(a, {0xfc}, 7) || InV6(a, {0xfe, 0xc0}, 10)) return AddressKind::kPrivate;
  if (InV6(a, {0xfe, 0x80}, 10)) return AddressKind::kLinkLocal;
  if (InV6(a, {0xff}, 8)) return AddressKind::kMulticast;
  if (!InV6(a, {0x20}, 3)) return AddressKind::kReserved;  // not global unicast
  if (InV6(a, {0x20, 0x01, 0x00, 0x00}, 23) || InV6(a, {0x20, 0x01, 0x0d, 0xb8}, 32) ||
      InV6(a, {0x3f, 0xff}, 20))
    return AddressKind::kReserved;
  return AddressKind::kPublic;
}

std::optional<AddressKind> ClassifyIpLiteral(std::string_view text) {
  if (text.size() > 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(text);
  std::array<uint8_t, 4> v4{};
  if (inet_pton(AF_INET, s.c_str(), v4.data()) == 1) return ClassifyIpv4(v4);
  std::array<uint8_t, 16> v6{};
  if (inet_pton(AF_INET6, s.c_str(), v6.data()) == 1) return ClassifyIpv6(v6);
  return std::nullopt;
}

AddressKind ClassifySocketAddress(const sockaddr* address) {
  if (!address) return AddressKind::kReserved;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    std::array<uint8_t, 4> v4{};
    std::memcpy(v4.data(), &in.sin_addr, 4);
    return ClassifyIpv4(v4);
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    std::array<uint8_t, 16> v6{};
    std::memcpy(v6.data(), &in6.sin6_addr, 16);
    return ClassifyIpv6(v6);
  }
  return AddressKind::kReserved;
}

std::optional<std::string> CheckMailServerHost(std::string_view host,
                                               std::chrono::milliseconds wait) {
  if (auto literal = ClassifyIpLiteral(host)) {
    if (*literal == AddressKind::kPublic) return std::nullopt;
    return Refusal(*literal, false);
  }
  std::string name = Lower(host);
  while (!name.empty() && name.back() == '.') name.pop_back();
  if (name == "localhost" || name.ends_with(".localhost"))
    return "This is a loopback address; mail servers must have a public address.";
  auto lookup = StartLookup(name);
  std::unique_lock lock(lookup->mu);
  if (!lookup->cv.wait_for(lock, wait, [&] { return lookup->done; }) || !lookup->resolved)
    return std::nullopt;
  for (AddressKind kind : lookup->kinds)
    if (kind != AddressKind::kPublic) return Refusal(kind, true);
  return std::nullopt;
}

std::optional<std::string> CheckMailServerSetting(std::string_view host, bool allow_private,
                                                  std::chrono::milliseconds wait) {
  if (host.size() > 253 || host.find_first_of(" /\\@[]%\r\n\t") != std::string_view::npos ||
      (host.find(':') != std::string_view::npos && !ClassifyIpLiteral(host)))
    return "Use a host name or IP address.";
  if (allow_private) return std::nullopt;
  return CheckMailServerHost(host, wait);
}

}  // namespace clientele::mail
