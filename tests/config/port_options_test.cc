// The keys nfvd needs to describe a whole host: switch port options (the switch's own names
// and ranges), bridge MAC tables and static MACs, xconnects, the vhost mode, SR-IOV PFs and
// VF settings. And positions: errors found after parsing still point at file:line:column.
#include <gtest/gtest.h>

#include <string>

#include "nfv/config/parse.h"
#include "nfv/config/validate.h"
#include "parse_helpers.h"

namespace nfv::config {
namespace {

using testing::parse_error;
using testing::parse_ok;

TEST(ConfigPortOptions, UnsetOptionsLeaveTheSwitchDefaults) {
  ApplianceConfig config = parse_ok("switch: {}\nports: [{name: p0, device: eth0}]\n");
  const PortOptions& options = config.ports.at(0).options;
  EXPECT_FALSE(options.vlan || options.mtu || options.mac_limit || options.mac_lock ||
               options.security || options.rates || options.queues || options.tx_retries);
  EXPECT_EQ(config.switch_config.vhost_mode, VhostMode::kClient);
  EXPECT_TRUE(config.switch_config.vhost_dir.empty());
}

TEST(ConfigPortOptions, EveryOptionReachesTheModel) {
  ApplianceConfig config = parse_ok(
      "switch: {vhost_mode: server, vhost_dir: /run/vhost}\n"
      "ports:\n"
      "  - name: p0\n"
      "    device: eth0\n"
      "    vlan: {mode: trunk, trunks: \"10-12,20\", native: 10, qinq: true}\n"
      "    mtu: 9000\n"
      "    mac_limit: 64\n"
      "    mac_lock: true\n"
      "    security: {enabled: true, macs: [\"02:00:00:00:00:01\"], ips: [10.0.0.0/24, "
      "\"2001:db8::/64\"], trusted: true}\n"
      "    rates: {policer_pps: 1, policer_bps: 2, storm_broadcast_pps: 3, "
      "storm_multicast_pps: 4, storm_unknown_unicast_pps: 5}\n"
      "    queues: 4\n"
      "    tx_retries: 0\n");
  EXPECT_EQ(config.switch_config.vhost_mode, VhostMode::kServer);
  EXPECT_EQ(config.switch_config.vhost_dir, "/run/vhost");
  const PortOptions& options = config.ports.at(0).options;
  EXPECT_EQ(options.vlan->trunks, "10-12,20");
  EXPECT_EQ(options.vlan->native, 10u);
  EXPECT_TRUE(options.vlan->qinq);
  EXPECT_EQ(options.mtu, 9000u);
  EXPECT_EQ(options.mac_limit, 64u);
  EXPECT_EQ(options.mac_lock, true);
  EXPECT_EQ(options.security->ips, (std::vector<std::string>{"10.0.0.0/24", "2001:db8::/64"}));
  EXPECT_TRUE(options.security->trusted);
  EXPECT_EQ(*options.rates, (api::RateConfig{1, 2, 3, 4, 5}));
  EXPECT_EQ(options.queues, 4u);
  EXPECT_EQ(options.tx_retries, 0u);
}

TEST(ConfigPortOptions, StaticMacsAndXconnects) {
  ApplianceConfig config = parse_ok(
      "switch: {}\n"
      "ports:\n"
      "  - {name: p0, device: eth0, vlan: {mode: access, tag: 7}}\n"
      "  - {name: p1, vdev: net_null0}\n"
      "  - {name: p2, socket: /run/peer.sock}\n"
      "bridges:\n"
      "  - {name: br0, ports: [p0], macs: [{mac: \"02:AA:00:00:00:01\", port: p0, vlan: 7}]}\n"
      "xconnects: [{ports: [p1, p2]}]\n");
  const StaticMac& mac = config.bridges.at(0).macs.at(0);
  EXPECT_EQ(mac.mac, "02:aa:00:00:00:01");  // normalised
  EXPECT_EQ(mac.vlan, 7u);
  EXPECT_EQ(config.ports.at(2).socket, "/run/peer.sock");
  EXPECT_EQ(config.xconnects.at(0).ports, (std::vector<std::string>{"p1", "p2"}));
}

TEST(ConfigSriov, PfsAndVfSettings) {
  ApplianceConfig config = parse_ok(
      "sriov:\n"
      "  - pf: \"0000:3b:00.0\"\n"
      "    vfs: 4\n"
      "    vf_settings:\n"
      "      - {index: 3, mac: \"02:00:00:00:00:03\", vlan: 100, qos: 5, spoof_check: false, "
      "trust: true}\n");
  const SriovPfConfig& pf = config.sriov.at(0);
  EXPECT_EQ(pf.pf, "0000:3b:00.0");
  EXPECT_EQ(pf.vfs, 4u);
  const VfSettingConfig& vf = pf.vf_settings.at(0);
  EXPECT_EQ(vf.index, 3u);
  EXPECT_EQ(vf.mac, "02:00:00:00:00:03");
  EXPECT_EQ(vf.vlan, 100u);
  EXPECT_EQ(vf.qos, 5u);
  EXPECT_EQ(vf.spoof_check, false);
  EXPECT_EQ(vf.trust, true);
  EXPECT_EQ(vf.line, 5);
}

TEST(ConfigValidate, ErrorsOfAConfigBuiltInCodeNameThePathWithoutAPosition) {
  ApplianceConfig config;
  config.origin = "<nfvctl apply>";
  config.guests.resize(2);
  config.guests[0].name = config.guests[1].name = "a";
  auto status = validate_config(config);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message,
            "<nfvctl apply>: guests[1].name: guest 'a' is defined twice (first at "
            "guests[0].name)");
}

TEST(ConfigValidate, AnAbsentKeyIsReportedAtItsClosestWrittenParent) {
  // The default interface name was never written: the error points at the interface.
  auto config = parse_config(
      "switch: {}\nports: [{name: a-0, device: eth0}]\n"
      "guests:\n  - name: a\n    interfaces: [{type: vhost}]\n",
      "t.yaml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message,
            "t.yaml:5:18: guests[0].interfaces[0].name: port 'a-0' is defined twice (first at "
            "ports[0].name)");
}

}  // namespace
}  // namespace nfv::config
