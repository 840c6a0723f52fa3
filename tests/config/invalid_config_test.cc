// Every way a config can be wrong, one row each: the YAML and the message it must produce,
// with the file, line and column of the mistake. Syntax, types, ranges (the switch's own),
// unknown keys with the closest valid one, and every check across objects.
#include <gtest/gtest.h>

#include <string>

#include "nfv/config/parse.h"

namespace nfv::config {
namespace {

struct InvalidConfig {
  const char* name;
  const char* yaml;
  const char* expected;  // a substring of the error, from "t.yaml:line:column: path: "
};

void PrintTo(const InvalidConfig& c, std::ostream* os) { *os << c.name; }

class InvalidConfigTest : public testing::TestWithParam<InvalidConfig> {};

TEST_P(InvalidConfigTest, IsRefusedWithItsLocationAndCause) {
  auto config = parse_config(GetParam().yaml, "t.yaml");
  ASSERT_FALSE(config) << "accepted:\n" << GetParam().yaml;
  EXPECT_NE(config.error().message.find(GetParam().expected), std::string::npos)
      << "message:  " << config.error().message << "\nexpected: " << GetParam().expected;
}

// Short prefixes the rows share.
#define SW "switch: {}\n"
#define PORT0 "ports:\n  - name: p0\n    device: eth0\n"

const InvalidConfig kSyntaxAndTypes[] = {
    {"UnclosedFlowList", "guests: [\n",
     "t.yaml:2:1: end of sequence flow not found (not valid YAML)"},
    {"TabIndentation", "switch:\n\tpmd_cores: 1\n",
     "t.yaml:2:11: illegal map value (not valid YAML)"},
    {"SwitchNotAMapping", "switch: [1, 2]\n", "t.yaml:1:9: switch: must be a mapping (key: value)"},
    {"CountNotANumber", "switch: {pmd_cores: two}\n",
     "t.yaml:1:21: switch.pmd_cores: must be a whole number (got 'two')"},
    {"PortsNotAList", SW "ports: {name: p0}\n", "t.yaml:2:8: ports: must be a list"},
    {"MacLockNotABoolean", SW PORT0 "    mac_lock: maybe\n",
     "t.yaml:5:15: ports[0].mac_lock: must be one of: true, false, yes, no (got 'maybe')"},
    {"SecurityMacsNotAList", SW PORT0 "    security: {enabled: true, macs: 02:00:00:00:00:01}\n",
     "t.yaml:5:37: ports[0].security.macs: must be a list"},
    {"VhostModeUnknown", "switch: {vhost_mode: both}\n",
     "t.yaml:1:22: switch.vhost_mode: must be one of: client, server (got 'both')"},
    {"VhostDirRelative", "switch: {vhost_dir: run/nfv}\n",
     "t.yaml:1:21: switch.vhost_dir: 'run/nfv' is not an absolute path"},
    {"EalArgSetByAnotherKey", "switch: {eal_args: [--no-huge]}\n",
     "t.yaml:1:21: switch.eal_args[0]: --no-huge is set by nfvd from switch.no_huge: set that "
     "key instead"},
    {"EalArgNotOneWord", "switch: {eal_args: [\"--vdev net_null0\"]}\n",
     "t.yaml:1:21: switch.eal_args[0]: '--vdev net_null0' is not one word: write each EAL "
     "argument as its own list entry"},
    {"FilePrefixWithSlash", "switch: {file_prefix: a/b}\n",
     "t.yaml:1:23: switch.file_prefix: 'a/b' is not a valid name"},
    {"NoHugeNotABoolean", "switch: {no_huge: 2}\n",
     "t.yaml:1:19: switch.no_huge: must be one of: true, false, yes, no (got '2')"},
};

const InvalidConfig kRanges[] = {
    {"MtuAbove", SW PORT0 "    mtu: 70000\n",
     "t.yaml:5:10: ports[0].mtu: mtu 70000 is out of range [68, 65517]"},
    {"MtuBelow", SW PORT0 "    mtu: 60\n",
     "t.yaml:5:10: ports[0].mtu: mtu 60 is out of range [68, 65517]"},
    {"TooManyQueues", SW PORT0 "    queues: 17\n",
     "t.yaml:5:13: ports[0].queues: 17 queues is out of range [1, 16]"},
    {"TxRetries", SW PORT0 "    tx_retries: 2000\n",
     "t.yaml:5:17: ports[0].tx_retries: tx_retries 2000 is above 1024"},
    {"PortMacLimit", SW PORT0 "    mac_limit: 20000000\n",
     "t.yaml:5:16: ports[0].mac_limit: mac_limit 20000000 is out of range [0, 16777216]"},
    {"PolicerPps", SW PORT0 "    rates: {policer_pps: 2000000000}\n",
     "t.yaml:5:26: ports[0].rates.policer_pps: rates.policer_pps 2000000000 is above "
     "1000000000"},
    {"StormBps", SW PORT0 "    rates: {policer_bps: 2000000000000}\n",
     "t.yaml:5:26: ports[0].rates.policer_bps: rates.policer_bps 2000000000000 is above "
     "1000000000000"},
    {"MacTableTooSmall", SW "bridges: [{name: br0, mac_table_size: 8}]\n",
     "t.yaml:2:39: bridges[0].mac_table_size: mac_table_size 8 is out of range [16, 16777216]"},
    {"BridgeMacLimitAboveTable",
     SW "bridges: [{name: br0, mac_table_size: 4096, mac_limit: 5000}]\n",
     "t.yaml:2:56: bridges[0].mac_limit: mac_limit 5000 is above its mac_table_size 4096"},
    {"AccessTagAbove4094", SW PORT0 "    vlan: {mode: access, tag: 4095}\n",
     "t.yaml:5:11: ports[0].vlan: vlan.tag 4095 is out of range [1, 4094]"},
    {"AccessWithoutTag", SW PORT0 "    vlan: {mode: access}\n",
     "t.yaml:5:11: ports[0].vlan: vlan.tag 0 is out of range [1, 4094] (an access port needs "
     "its VLAN)"},
    {"TrunkListWithZero", SW PORT0 "    vlan: {trunks: [0, 100]}\n",
     "t.yaml:5:11: ports[0].vlan: vlan.trunks may not contain 0"},
    {"TrunkListAbove4094", SW PORT0 "    vlan: {trunks: \"100-5000\"}\n",
     "t.yaml:5:11: ports[0].vlan: vlan.trunks"},
    {"NativeAbove4094", SW PORT0 "    vlan: {mode: trunk, native: 4095}\n",
     "t.yaml:5:11: ports[0].vlan: vlan.native 4095 is out of range [0, 4094]"},
    {"VlanModeUnknown", SW PORT0 "    vlan: {mode: hybrid}\n",
     "t.yaml:5:11: ports[0].vlan: vlan.mode 'hybrid' is not access or trunk"},
    {"TrunkWithTag", SW PORT0 "    vlan: {tag: 100}\n",
     "t.yaml:5:11: ports[0].vlan: vlan.tag applies to access ports; a trunk takes vlan.trunks"},
    {"SecurityWithoutMacs", SW PORT0 "    security: {enabled: true}\n",
     "t.yaml:5:15: ports[0].security: security.macs is empty"},
    {"SecurityMulticastMac",
     SW PORT0 "    security: {enabled: true, macs: [\"01:00:5e:00:00:01\"]}\n",
     "t.yaml:5:15: ports[0].security: security.macs[0] 01:00:5e:00:00:01 is a multicast MAC"},
    {"SecurityBadAddress",
     SW PORT0 "    security: {enabled: true, macs: [\"02:00:00:00:00:01\"], ips: [10.0.0.300]}\n",
     "t.yaml:5:15: ports[0].security: security.ips[0] '10.0.0.300' is not an IPv4 or IPv6"},
    {"SecurityHostBits",
     SW PORT0 "    security: {enabled: true, macs: [\"02:00:00:00:00:01\"], ips: [10.0.0.1/24]}\n",
     "'10.0.0.1/24' has bits set beyond its /24 prefix"},
    {"SecurityFieldsWithoutEnabled", SW PORT0 "    security: {macs: [\"02:00:00:00:00:01\"]}\n",
     "t.yaml:5:15: ports[0].security: security.macs, security.ips and security.trusted need "
     "security.enabled true"},
    {"VfVlanAbove4094", "sriov: [{pf: eth4, vfs: 2, vf_settings: [{index: 0, vlan: 5000}]}]\n",
     "t.yaml:1:59: sriov[0].vf_settings[0].vlan: must be <= 4094 (got 5000)"},
    {"VfQosWithoutVlan", "sriov: [{pf: eth4, vfs: 2, vf_settings: [{index: 0, qos: 3}]}]\n",
     "t.yaml:1:58: sriov[0].vf_settings[0].qos: is the priority of the VF's VLAN: give a vlan "
     "too"},
    {"VfBadMac", "sriov: [{pf: eth4, vfs: 2, vf_settings: [{index: 0, mac: \"02:00\"}]}]\n",
     "t.yaml:1:58: sriov[0].vf_settings[0].mac: '02:00' is not a MAC address"},
    {"StaticMacMulticast",
     SW PORT0 "bridges:\n  - {name: br0, ports: [p0], macs: [{mac: "
              "\"ff:ff:ff:ff:ff:ff\", port: p0}]}\n",
     "t.yaml:6:43: bridges[0].macs[0].mac: ff:ff:ff:ff:ff:ff is a multicast MAC"},
    {"GuestWithoutVcpus", "guests: [{name: a, vcpus: 0}]\n",
     "t.yaml:1:27: guests[0].vcpus: must be >= 1 (got 0)"},
};

const InvalidConfig kUnknownKeys[] = {
    {"TopLevel", "swtich: {}\n",
     "t.yaml:1:1: swtich: unknown key (did you mean 'switch'?); known keys: host, switch, "
     "ports, bridges, xconnects, guests, sriov, policy"},
    {"PortOption", SW PORT0 "    mut: 1500\n",
     "t.yaml:5:5: ports[0].mut: unknown key (did you mean 'mtu'?)"},
    {"VlanKey", SW PORT0 "    vlan: {mode: access, tags: 5}\n",
     "t.yaml:5:26: ports[0].vlan.tags: unknown key (did you mean 'tag'?); known keys: mode, "
     "tag, trunks, native, qinq"},
    {"RateKey", SW PORT0 "    rates: {policer_ppss: 5}\n",
     "t.yaml:5:13: ports[0].rates.policer_ppss: unknown key (did you mean 'policer_pps'?)"},
    {"SriovKey", "sriov:\n  - pf: eth4\n    vfs: 2\n    vf_setings: []\n",
     "t.yaml:4:5: sriov[0].vf_setings: unknown key (did you mean 'vf_settings'?)"},
    {"VfSettingKey", "sriov: [{pf: eth4, vfs: 2, vf_settings: [{index: 0, spoofchk: true}]}]\n",
     "t.yaml:1:53: sriov[0].vf_settings[0].spoofchk: unknown key (did you mean "
     "'spoof_check'?)"},
    {"NothingClose", "policy: {colour: blue}\n",
     "t.yaml:1:10: policy.colour: unknown key; known keys: smt, cross_numa"},
    {"SwitchPortOptionOnAVf",
     "guests:\n  - name: a\n    interfaces:\n      - {type: vf, mtu: 9000}\n",
     "t.yaml:4:25: guests[0].interfaces[0].mtu: vf interfaces bypass the switch: no mtu"},
};

const InvalidConfig kSemantics[] = {
    {"DuplicatePort", SW "ports:\n  - {name: p0, device: eth0}\n  - {name: p0, device: eth1}\n",
     "t.yaml:4:12: ports[1].name: port 'p0' is defined twice (first at ports[0].name)"},
    {"InterfaceNamedLikeAPort",
     SW PORT0 "bridges: [{name: br0}]\n"
              "guests:\n  - name: a\n    interfaces: [{type: vhost, name: p0, bridge: br0}]\n",
     "t.yaml:8:38: guests[0].interfaces[0].name: port 'p0' is defined twice (first at "
     "ports[0].name)"},
    {"DefaultInterfaceNameTaken",
     SW "ports: [{name: a-0, device: eth0}]\nbridges: [{name: br0, ports: [a-0]}]\n"
        "guests:\n  - name: a\n    interfaces: [{type: vhost, bridge: br0}]\n",
     "t.yaml:6:18: guests[0].interfaces[0].name: port 'a-0' is defined twice"},
    {"DuplicateBridge", SW "bridges: [{name: br0}, {name: br0}]\n",
     "t.yaml:2:31: bridges[1].name: bridge 'br0' is defined twice (first at bridges[0].name)"},
    {"DuplicateGuest", "guests:\n  - {name: a}\n  - {name: a}\n",
     "t.yaml:3:12: guests[1].name: guest 'a' is defined twice"},
    {"DuplicatePf", "sriov:\n  - {pf: eth4, vfs: 2}\n  - {pf: eth4, vfs: 4}\n",
     "t.yaml:3:10: sriov[1].pf: PF 'eth4' is defined twice (first at sriov[0].pf)"},
    {"PortInTwoBridges", SW PORT0 "bridges: [{name: br0, ports: [p0]}, {name: br1, ports: [p0]}]\n",
     "t.yaml:5:57: bridges[1].ports[0]: port 'p0' is already in bridge 'br0'"},
    {"PortInABridgeAndAnXconnect",
     SW PORT0 "  - {name: p1, device: eth1}\nbridges: [{name: br0, ports: [p0]}]\n"
              "xconnects: [{ports: [p1, p0]}]\n",
     "t.yaml:7:26: xconnects[0].ports[1]: port 'p0' is already in bridge 'br0'"},
    {"BridgePortMissing", SW PORT0 "bridges:\n  - {name: br0, ports: [p0, p1]}\n",
     "t.yaml:6:29: bridges[0].ports[1]: no port named 'p1'"},
    {"InterfaceBridgeMissing",
     SW "bridges: [{name: br0}]\nguests:\n  - name: a\n    interfaces:\n"
        "      - {type: vhost, bridge: br9}\n",
     "t.yaml:6:31: guests[0].interfaces[0].bridge: no bridge named 'br9' (define it under "
     "bridges:)"},
    {"StaticMacPortMissing",
     SW PORT0
     "bridges: [{name: br0, ports: [p0], macs: [{mac: \"02:00:00:00:00:01\", port: p9}]}]\n",
     "t.yaml:5:76: bridges[0].macs[0].port: no port named 'p9'"},
    {"StaticMacPortOutsideTheBridge",
     SW PORT0 "  - {name: p1, device: eth1}\n"
              "bridges:\n  - {name: br0, ports: [p0]}\n"
              "  - {name: br1, ports: [p1], macs: [{mac: \"02:00:00:00:00:01\", port: p0}]}\n",
     "t.yaml:8:70: bridges[1].macs[0].port: port 'p0' is not in bridge 'br1' (it is in bridge "
     "'br0')"},
    {"StaticMacVlanNotCarried",
     SW PORT0 "    vlan: {mode: access, tag: 10}\n"
              "bridges: [{name: br0, ports: [p0], macs: [{mac: \"02:00:00:00:00:01\", port: p0, "
              "vlan: 20}]}]\n",
     "t.yaml:6:86: bridges[0].macs[0].vlan: port 'p0' does not carry VLAN 20"},
    {"StaticMacTwice",
     SW PORT0 "bridges:\n  - name: br0\n    ports: [p0]\n    macs:\n"
              "      - {mac: \"02:00:00:00:00:01\", port: p0}\n"
              "      - {mac: \"02:00:00:00:00:01\", port: p0}\n",
     "t.yaml:10:15: bridges[0].macs[1].mac: 02:00:00:00:00:01 on VLAN 0 is already a static MAC "
     "of this bridge (macs[0])"},
    {"XconnectOfThree", SW PORT0 "xconnects: [{ports: [p0, p0, p0]}]\n",
     "t.yaml:5:21: xconnects[0].ports: must name exactly two ports (got 3)"},
    {"XconnectPortMissing", SW PORT0 "xconnects: [{ports: [p0, p1]}]\n",
     "t.yaml:5:26: xconnects[0].ports[1]: no port named 'p1'"},
    {"InterfaceJoinsNothing", SW "guests:\n  - name: a\n    interfaces: [{type: vhost}]\n",
     "t.yaml:4:18: guests[0].interfaces[0]: vhost interface 'a-0' joins nothing"},
    {"VfIndexBeyondCount", "sriov:\n  - pf: eth4\n    vfs: 2\n    vf_settings: [{index: 2}]\n",
     "t.yaml:4:27: sriov[0].vf_settings[0].index: VF 2 does not exist: eth4 has vfs: 2"},
    {"VfSettingsTwice",
     "sriov:\n  - pf: eth4\n    vfs: 2\n"
     "    vf_settings: [{index: 1, trust: true}, {index: 1, mac: \"02:00:00:00:00:09\"}]\n",
     "t.yaml:4:52: sriov[0].vf_settings[1].index: VF 1 already has settings (vf_settings[0])"},
    {"VfMacTwice",
     "sriov:\n  - {pf: eth4, vfs: 2, vf_settings: [{index: 0, mac: \"02:00:00:00:00:09\"}]}\n"
     "  - {pf: eth5, vfs: 2, vf_settings: [{index: 0, mac: \"02:00:00:00:00:09\"}]}\n",
     "t.yaml:3:54: sriov[1].vf_settings[0].mac: VF MAC 02:00:00:00:00:09 is claimed twice (first "
     "at sriov[0].vf_settings[0].mac)"},
    {"SourceMacOnTwoPorts",
     SW PORT0 "    security: {enabled: true, macs: [\"02:00:00:00:00:01\"]}\n"
              "  - name: p1\n    device: eth1\n"
              "    security: {enabled: true, macs: [\"02:00:00:00:00:01\"]}\n",
     "t.yaml:8:38: ports[1].security.macs[0]: source MAC 02:00:00:00:00:01 is claimed twice "
     "(first at ports[0].security.macs[0])"},
    {"PortsWithoutASwitch", PORT0, "t.yaml:2:3: ports: ports need the switch"},
    {"XconnectsWithoutASwitch", "xconnects: [{ports: [a, b]}]\n",
     "t.yaml:1:12: xconnects: xconnects need the switch"},
    {"VhostWithoutASwitch", "guests:\n  - name: a\n    interfaces: [{type: vhost}]\n",
     "t.yaml:3:18: guests[0].interfaces[0]: vhost interfaces need the switch"},
    {"NoPmdForPorts", "switch: {pmd_cores: 0}\n" PORT0,
     "t.yaml:1:21: switch.pmd_cores: must be >= 1: ports and vhost interfaces need a PMD"},
};

#undef SW
#undef PORT0

std::string row_name(const testing::TestParamInfo<InvalidConfig>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(SyntaxAndTypes, InvalidConfigTest, testing::ValuesIn(kSyntaxAndTypes),
                         row_name);
INSTANTIATE_TEST_SUITE_P(Ranges, InvalidConfigTest, testing::ValuesIn(kRanges), row_name);
INSTANTIATE_TEST_SUITE_P(UnknownKeys, InvalidConfigTest, testing::ValuesIn(kUnknownKeys), row_name);
INSTANTIATE_TEST_SUITE_P(Semantics, InvalidConfigTest, testing::ValuesIn(kSemantics), row_name);

}  // namespace
}  // namespace nfv::config
