#include "nfv/common/ip_prefix.h"

#include <gtest/gtest.h>

namespace nfv {
namespace {

std::string round_trip(const std::string& text) {
  auto prefix = parse_ip_prefix(text);
  return prefix ? format_ip_prefix(*prefix) : "error: " + prefix.error().message;
}

TEST(IpPrefix, AddressesAndPrefixesComeBackInCanonicalForm) {
  EXPECT_EQ(round_trip("10.0.0.5"), "10.0.0.5");
  EXPECT_EQ(round_trip("10.0.0.5/32"), "10.0.0.5");
  EXPECT_EQ(round_trip("10.1.0.0/16"), "10.1.0.0/16");
  EXPECT_EQ(round_trip("2001:DB8:0::5/128"), "2001:db8::5");
  EXPECT_EQ(round_trip("2001:db8::/32"), "2001:db8::/32");
  auto v4 = parse_ip_prefix("192.168.1.0/24");
  ASSERT_TRUE(v4);
  EXPECT_FALSE(v4->v6);
  EXPECT_EQ(v4->length, 24u);
  EXPECT_EQ(v4->bytes[0], 192);
  EXPECT_EQ(v4->bytes[2], 1);
}

TEST(IpPrefix, ErrorsNameTheTextAndWhatIsWrong) {
  EXPECT_EQ(round_trip("10.0.0.256"),
            "error: '10.0.0.256' is not an IPv4 or IPv6 address (or address/prefix length)");
  EXPECT_EQ(round_trip("10.0.0.0/0"), "error: '10.0.0.0/0': prefix length must be 1-32");
  EXPECT_EQ(round_trip("10.0.0.0/33"), "error: '10.0.0.0/33': prefix length must be 1-32");
  EXPECT_EQ(round_trip("10.0.0.0/8x"), "error: '10.0.0.0/8x': prefix length must be 1-32");
  EXPECT_EQ(round_trip("2001:db8::/129"), "error: '2001:db8::/129': prefix length must be 1-128");
  EXPECT_EQ(round_trip("10.0.0.1/24"), "error: '10.0.0.1/24' has bits set beyond its /24 prefix");
}

}  // namespace
}  // namespace nfv
