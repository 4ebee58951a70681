#include "mail/host_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace clientele::mail {
namespace {

struct Case {
  const char* text;
  AddressKind kind;
};

class ClassifyIpLiteralTest : public testing::TestWithParam<Case> {};

TEST_P(ClassifyIpLiteralTest, Classifies) {
  auto kind = ClassifyIpLiteral(GetParam().text);
  ASSERT_TRUE(kind.has_value()) << GetParam().text;
  EXPECT_EQ(AddressKindName(*kind), AddressKindName(GetParam().kind)) << GetParam().text;
}

using K = AddressKind;
INSTANTIATE_TEST_SUITE_P(
    Ipv4, ClassifyIpLiteralTest,
    testing::Values(Case{"8.8.8.8", K::kPublic}, Case{"93.184.216.34", K::kPublic},
                    Case{"0.0.0.0", K::kUnspecified}, Case{"0.1.2.3", K::kUnspecified},
                    Case{"127.0.0.1", K::kLoopback}, Case{"127.255.255.254", K::kLoopback},
                    Case{"10.0.0.1", K::kPrivate}, Case{"10.255.255.255", K::kPrivate},
                    Case{"172.16.0.1", K::kPrivate}, Case{"172.31.255.255", K::kPrivate},
                    Case{"172.15.255.255", K::kPublic}, Case{"172.32.0.0", K::kPublic},
                    Case{"192.168.1.1", K::kPrivate}, Case{"192.169.0.1", K::kPublic},
                    Case{"100.64.0.1", K::kPrivate}, Case{"100.127.255.255", K::kPrivate},
                    Case{"100.63.255.255", K::kPublic}, Case{"100.128.0.0", K::kPublic},
                    Case{"169.254.169.254", K::kLinkLocal}, Case{"224.0.0.1", K::kMulticast},
                    Case{"239.255.255.250", K::kMulticast}, Case{"240.0.0.1", K::kReserved},
                    Case{"255.255.255.255", K::kReserved}, Case{"192.0.0.8", K::kReserved},
                    Case{"192.0.2.10", K::kReserved}, Case{"198.18.0.1", K::kReserved},
                    Case{"198.51.100.7", K::kReserved}, Case{"203.0.113.9", K::kReserved}));

INSTANTIATE_TEST_SUITE_P(
    Ipv6, ClassifyIpLiteralTest,
    testing::Values(
        Case{"2606:4700:4700::1111", K::kPublic}, Case{"[2a00:1450:4001:81d::200e]", K::kPublic},
        Case{"::", K::kUnspecified}, Case{"::1", K::kLoopback}, Case{"[::1]", K::kLoopback},
        Case{"fc00::1", K::kPrivate}, Case{"fd12:3456:789a::1", K::kPrivate},
        Case{"fec0::1", K::kPrivate}, Case{"fe80::1", K::kLinkLocal},
        Case{"febf:ffff::1", K::kLinkLocal}, Case{"ff02::1", K::kMulticast},
        Case{"2001:db8::1", K::kReserved}, Case{"2001::1", K::kReserved},
        Case{"100::1", K::kReserved}, Case{"3fff::1", K::kReserved},
        Case{"4000::1", K::kReserved}, Case{"64:ff9b:1::a00:1", K::kPrivate}));

// IPv4 inside IPv6 is judged by the IPv4 address.
INSTANTIATE_TEST_SUITE_P(
    Embedded, ClassifyIpLiteralTest,
    testing::Values(Case{"::ffff:127.0.0.1", K::kLoopback}, Case{"::ffff:7f00:1", K::kLoopback},
                    Case{"::ffff:10.1.2.3", K::kPrivate},
                    Case{"::ffff:169.254.169.254", K::kLinkLocal},
                    Case{"::ffff:0.0.0.0", K::kUnspecified}, Case{"::ffff:8.8.8.8", K::kPublic},
                    Case{"::ffff:0:192.168.0.1", K::kPrivate}, Case{"::127.0.0.1", K::kLoopback},
                    Case{"::10.0.0.1", K::kPrivate}, Case{"64:ff9b::127.0.0.1", K::kLoopback},
                    Case{"64:ff9b::8.8.8.8", K::kPublic}, Case{"2002:7f00:1::", K::kLoopback},
                    Case{"2002:c0a8:101::1", K::kPrivate}, Case{"2002:808:808::1", K::kPublic}));

TEST(ClassifyIpLiteralTest, NamesAreNotLiterals) {
  for (const char* text : {"smtp.example.com", "localhost", "", "[]", "1.2.3", "1.2.3.4.5",
                           "::g", "[::1", "127.0.0.1 ", "0x7f.1"})
    EXPECT_FALSE(ClassifyIpLiteral(text).has_value()) << text;
}

TEST(ClassifySocketAddressTest, ReadsBothFamilies) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.0.1", &v4.sin_addr);
  EXPECT_EQ(ClassifySocketAddress(reinterpret_cast<sockaddr*>(&v4)), K::kPrivate);
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
  EXPECT_EQ(ClassifySocketAddress(reinterpret_cast<sockaddr*>(&v6)), K::kLoopback);
  inet_pton(AF_INET6, "2606:4700:4700::1111", &v6.sin6_addr);
  EXPECT_EQ(ClassifySocketAddress(reinterpret_cast<sockaddr*>(&v6)), K::kPublic);
  sockaddr other{};
  other.sa_family = AF_UNIX;
  EXPECT_EQ(ClassifySocketAddress(&other), K::kReserved);
  EXPECT_EQ(ClassifySocketAddress(nullptr), K::kReserved);
}

// No DNS is needed for these: literals, the reserved name "localhost", and the old numeric
// forms of IPv4 that the resolver reads without asking DNS.
TEST(CheckMailServerHostTest, RefusesLocalNamesAndPrivateLiterals) {
  const auto wait = std::chrono::milliseconds(2000);
  for (const char* host : {"127.0.0.1", "10.0.0.5", "192.168.1.10", "::1", "[::1]", "fd00::1",
                           "fe80::1", "::ffff:127.0.0.1", "0.0.0.0", "localhost", "LocalHost.",
                           "mail.localhost", "127.1", "2130706433", "0x7f000001", "012.0.0.1"}) {
    auto refused = CheckMailServerHost(host, wait);
    ASSERT_TRUE(refused.has_value()) << host;
    EXPECT_NE(refused->find("public address"), std::string::npos) << *refused;
  }
  EXPECT_FALSE(CheckMailServerHost("8.8.8.8", wait).has_value());
  EXPECT_FALSE(CheckMailServerHost("2606:4700:4700::1111", wait).has_value());
}

// The setting's rule: a host name or IP literal first, then (unless allowed) public only.
TEST(CheckMailServerSettingTest, WantsAHostNameOrIpLiteral) {
  const auto wait = std::chrono::milliseconds(2000);
  struct SettingCase {
    std::string host;
    bool allow_private;
    std::optional<std::string> want;  // nullopt: accepted
  };
  const std::string bad_form = "Use a host name or IP address.";
  const SettingCase cases[] = {
      {"8.8.8.8", false, std::nullopt},
      {"2606:4700:4700::1111", false, std::nullopt},
      {"10.0.0.5", true, std::nullopt},
      {"::1", true, std::nullopt},
      {"localhost", true, std::nullopt},
      {"mail.example.com:25", true, bad_form},
      {"user@mail.example.com", true, bad_form},
      {"mail example.com", false, bad_form},
      {"smtp/1", false, bad_form},
      {"[::1]", true, bad_form},
      {std::string(254, 'a'), true, bad_form},
  };
  for (const SettingCase& c : cases)
    EXPECT_EQ(CheckMailServerSetting(c.host, c.allow_private, wait), c.want) << c.host;
  auto refused = CheckMailServerSetting("127.0.0.1", false, wait);
  ASSERT_TRUE(refused.has_value());
  EXPECT_NE(refused->find("public address"), std::string::npos) << *refused;
}

}  // namespace
}  // namespace clientele::mail
