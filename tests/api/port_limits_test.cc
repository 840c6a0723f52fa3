// The switch's range checks that nfv-switch and the config parser share: boundaries on both
// sides, and what a check returns besides a verdict (a trunk's VLAN list).
#include "nfv/api/port_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace nfv::api {
namespace {

std::string failure(const Status& status) { return status ? "" : status.error().message; }

TEST(PortLimits, NumericBoundaries) {
  EXPECT_TRUE(check_mtu(kMinMtu));
  EXPECT_TRUE(check_mtu(kMaxMtu));
  EXPECT_EQ(failure(check_mtu(kMinMtu - 1)), "mtu 67 is out of range [68, 65517]");
  EXPECT_TRUE(check_queues(0));  // the default, one queue pair
  EXPECT_TRUE(check_queues(kMaxPortQueues));
  EXPECT_EQ(failure(check_queues(kMaxPortQueues + 1)), "17 queues is out of range [1, 16]");
  EXPECT_TRUE(check_tx_retries(kMaxTxRetries));
  EXPECT_FALSE(check_tx_retries(kMaxTxRetries + 1));
  EXPECT_TRUE(check_mac_limit(kMaxMacTableSize));
  EXPECT_FALSE(check_mac_limit(kMaxMacTableSize + 1));
  EXPECT_TRUE(check_mac_table(kMinMacTableSize, kMinMacTableSize));
  EXPECT_FALSE(check_mac_table(kMinMacTableSize - 1, 0));
  EXPECT_FALSE(check_mac_table(64, 65));
}

TEST(PortLimits, RatesEachAgainstItsUnit) {
  RateConfig rates;
  rates.policer_bps = kMaxRateBps;  // bits per second go far above the frame limits
  EXPECT_TRUE(check_rates(rates));
  rates.storm_unknown_unicast_pps = static_cast<uint32_t>(kMaxRatePps + 1);
  EXPECT_EQ(failure(check_rates(rates)),
            "rates.storm_unknown_unicast_pps 1000000001 is above 1000000000");
}

TEST(PortLimits, VlanGivesTheTrunkList) {
  auto trunk = check_vlan(VlanConfig{"trunk", 0, "10-12,4094", 10, false});
  ASSERT_TRUE(trunk) << trunk.error().message;
  EXPECT_EQ(*trunk, (std::vector<uint32_t>{10, 11, 12, 4094}));
  auto all = check_vlan(VlanConfig{});
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
  EXPECT_TRUE(check_vlan(VlanConfig{"access", 4094, "", 0, false}));
  EXPECT_FALSE(check_vlan(VlanConfig{"access", 1, "", 0, true}));  // qinq is a trunk's
}

TEST(PortLimits, PortSecurityAddresses) {
  PortSecurityConfig security{true, {"02:00:00:00:00:01"}, {"2001:db8::/32"}, false};
  EXPECT_TRUE(check_port_security(security));
  security.ips = {"2001:db8::1/32"};
  EXPECT_EQ(failure(check_port_security(security)),
            "security.ips[0] '2001:db8::1/32' has bits set beyond its /32 prefix");
  security.ips = {"10.0.0.0/33"};
  EXPECT_EQ(failure(check_port_security(security)),
            "security.ips[0] '10.0.0.0/33': prefix length must be 1-32");
  // Sixteen of each family, not sixteen in all.
  security.ips.clear();
  for (int i = 0; i < 16; ++i) {
    security.ips.push_back("10.0.0." + std::to_string(i));
    security.ips.push_back("2001:db8::" + std::to_string(i + 1));
  }
  EXPECT_TRUE(check_port_security(security));
  security.ips.push_back("10.0.1.0");
  EXPECT_EQ(failure(check_port_security(security)), "security.ips[32]: more than 16 IPv4 entries");
  security = PortSecurityConfig{true, {"02:00:00:00:00:01", "02:00:00:00:00:01"}, {}, false};
  EXPECT_EQ(failure(check_port_security(security)),
            "security.macs[1] 02:00:00:00:00:01 is listed twice");
}

}  // namespace
}  // namespace nfv::api
