#include "nfv/sriov/vf_config.h"

#include <gtest/gtest.h>
#include <linux/if_link.h>

#include <cerrno>

#include "fake_rtnetlink.h"

namespace nfv::sriov {
namespace {

using testing::FakeRtnetlink;

TEST(VfConfig, AppliesReadsBackAndRecordsTheInverse) {
  FakeRtnetlink netlink;
  netlink.add_link("enp175s0f0", 9, 4);
  VfConfigurator configurator(netlink);
  VfSettings settings;
  settings.mac = *parse_mac("02:00:00:00:00:07");
  settings.trust = true;
  settings.link_state = VfLinkState::kEnable;
  settings.rate = VfRate{500, 10000};
  UndoLog undo;
  std::vector<std::string> progress;
  auto state = configurator.apply("enp175s0f0", 2, settings, undo,
                                  [&](const std::string& line) { progress.push_back(line); });
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(format_mac(state->mac), "02:00:00:00:00:07");
  EXPECT_EQ(state->trust, true);
  EXPECT_EQ(state->rate, (VfRate{500, 10000}));
  EXPECT_EQ(progress,
            std::vector<std::string>{"PF enp175s0f0: VF 2: setting mac, trust, state, rate"});
  EXPECT_EQ(netlink.requests.size(), 3u);  // get, set, get
  ASSERT_EQ(undo.size(), 1u);
  ASSERT_TRUE(undo.rollback());
  const VfState& vf = netlink.link("enp175s0f0").vfs[2];
  EXPECT_EQ(format_mac(vf.mac), "00:00:00:00:00:00");
  EXPECT_EQ(vf.trust, false);
  EXPECT_EQ(vf.link_state, VfLinkState::kAuto);
  EXPECT_EQ(vf.rate, (VfRate{0, 0}));
}

TEST(VfConfig, GuidsNeedAnInfinibandLink) {
  FakeRtnetlink netlink;
  netlink.add_link("enp175s0f0", 9, 1);
  VfConfigurator configurator(netlink);
  VfSettings settings;
  settings.node_guid = 0x1122334455667788;
  UndoLog undo;
  auto ethernet = configurator.apply("enp175s0f0", 0, settings, undo);
  ASSERT_FALSE(ethernet);
  EXPECT_EQ(ethernet.error().code, EOPNOTSUPP);
  EXPECT_EQ(ethernet.error().message,
            "PF enp175s0f0: its driver cannot set node_guid on VF 0 (EOPNOTSUPP); VF GUIDs can be "
            "set only on InfiniBand links (a RoCE VF derives its GID from its MAC: set the MAC "
            "instead)");
  auto& ib = netlink.add_link("ib0", 10, 1);
  ib.infiniband = true;
  ib.reports_guids = true;
  settings.port_guid = 0x99aabbccddeeff00;
  auto set = configurator.apply("ib0", 0, settings, undo);
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->node_guid, 0x1122334455667788u);
  EXPECT_EQ(set->port_guid, 0x99aabbccddeeff00u);
}

TEST(VfConfig, UnreportedFieldsAreSaidToBeUnverified) {
  FakeRtnetlink netlink;
  auto& ib = netlink.add_link("ib0", 10, 1);
  ib.infiniband = true;  // but the driver has no ndo_get_vf_guid
  VfConfigurator configurator(netlink);
  VfSettings settings;
  settings.node_guid = 1;
  UndoLog undo;
  std::vector<std::string> progress;
  auto set = configurator.apply("ib0", 0, settings, undo,
                                [&](const std::string& line) { progress.push_back(line); });
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(progress.back(), "PF ib0: VF 0: the driver does not report node_guid; not verified");
  EXPECT_EQ(undo.size(), 0u);  // nothing known to restore
}

TEST(VfConfig, ValidationAndUnknownVfs) {
  FakeRtnetlink netlink;
  netlink.add_link("enp59s0f0", 4, 2);
  VfConfigurator configurator(netlink);
  UndoLog undo;
  VfSettings bad_vlan;
  bad_vlan.vlan = VfVlan{4096, 0};
  EXPECT_EQ(configurator.apply("enp59s0f0", 0, bad_vlan, undo).error().message,
            "VLAN 4096 is out of range 0-4095 (0 removes the VLAN)");
  VfSettings bad_rate;
  bad_rate.rate = VfRate{2000, 1000};
  EXPECT_EQ(configurator.apply("enp59s0f0", 0, bad_rate, undo).error().message,
            "max rate 1000 Mbit/s is below min rate 2000 Mbit/s");
  EXPECT_EQ(configurator.apply("enp59s0f0", 0, {}, undo).error().message,
            "VF 0 of enp59s0f0: nothing to set");
  VfSettings mac;
  mac.mac = *parse_mac("02:00:00:00:00:01");
  EXPECT_EQ(configurator.apply("enp59s0f0", 5, mac, undo).error().message,
            "PF enp59s0f0 reports 2 VFs, none with index 5; create more with `nfvctl vf create` "
            "or check the index with `nfvctl vfs`");
  EXPECT_TRUE(netlink.requests.size() == 1u);  // only the query of the last one was sent
  auto missing = configurator.query("enp1s0");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "link enp1s0: RTM_GETLINK failed: No such device");
}

TEST(VfConfig, MismatchListsEveryField) {
  VfSettings wanted;
  wanted.mac = *parse_mac("02:00:00:00:00:01");
  wanted.vlan = VfVlan{10, 1};
  wanted.spoof_check = true;
  VfState actual;
  actual.spoof_check = false;
  std::vector<std::string> unverified;
  EXPECT_EQ(settings_mismatches(wanted, actual, &unverified),
            (std::vector<std::string>{"mac: asked 02:00:00:00:00:01, reads 00:00:00:00:00:00",
                                      "vlan: asked 10 qos 1, reads 0 qos 0",
                                      "spoofchk: asked on, reads off"}));
  EXPECT_TRUE(unverified.empty());
}

}  // namespace
}  // namespace nfv::sriov
