#include "core/client_address.h"

#include <gtest/gtest.h>

namespace clientele {
namespace {

TEST(ClientAddressTest, TrustsForwardedForOnlyFromTrustedProxies) {
  const std::vector<std::string> proxies = {"10.0.0.1", "::1"};
  struct Case {
    const char* peer;
    const char* forwarded_for;
    std::vector<std::string> trusted;
    const char* expect;
  };
  const std::vector<Case> cases = {
      {"203.0.113.9", "198.51.100.1", {}, "203.0.113.9"},       // never by default
      {"203.0.113.9", "198.51.100.1", proxies, "203.0.113.9"},  // not from a proxy
      {"10.0.0.1", "", proxies, "10.0.0.1"},                    // proxy, no header
      {"10.0.0.1", "198.51.100.1", proxies, "198.51.100.1"},
      {"10.0.0.1", "1.2.3.4, 198.51.100.1", proxies, "198.51.100.1"},   // a forged left part
      {"10.0.0.1", "198.51.100.1, 10.0.0.1", proxies, "198.51.100.1"},  // proxy chain
      {"::1", " 2001:db8::5 ", proxies, "2001:db8::5"},
      {"0:0::1", "198.51.100.1", proxies, "198.51.100.1"},  // same proxy, other text
      {"10.0.0.1", "garbage", proxies, "10.0.0.1"},
      {"10.0.0.1", "198.51.100.1, garbage", proxies, "10.0.0.1"},
      {"10.0.0.1", "garbage, 198.51.100.1", proxies, "198.51.100.1"},
      {"10.0.0.1", "10.0.0.1", proxies, "10.0.0.1"},
      {"10.0.0.1", "::ffff:198.51.100.1", proxies, "198.51.100.1"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(ClientAddress(c.peer, c.forwarded_for, c.trusted), c.expect)
        << c.peer << " / " << c.forwarded_for;
}

TEST(ClientAddressTest, AddressKeysGroupIpv6ByNetwork) {
  struct Case {
    const char* address;
    const char* expect;
  };
  const std::vector<Case> cases = {
      {"198.51.100.7", "198.51.100.7"},
      {"::ffff:198.51.100.7", "198.51.100.7"},
      {"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
      {"2001:db8:1:2::ffff", "2001:db8:1:2::/64"},
      {"2001:db8:1:3::1", "2001:db8:1:3::/64"},
      {"::1", "::/64"},
      {"", ""},
      {"not-an-address", "not-an-address"},
  };
  for (const auto& c : cases) EXPECT_EQ(AddressKey(c.address), c.expect) << c.address;
  EXPECT_TRUE(IsIpAddress("127.0.0.1"));
  EXPECT_TRUE(IsIpAddress("::1"));
  EXPECT_FALSE(IsIpAddress("localhost"));
  EXPECT_FALSE(IsIpAddress("127.0.0.1:80"));
}

}  // namespace
}  // namespace clientele
