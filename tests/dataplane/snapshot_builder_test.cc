#include "nfv/dataplane/snapshot_builder.h"

#include <gtest/gtest.h>

#include "nfv/dataplane/rxq_scheduler.h"

namespace nfv::dp {
namespace {

PortModel bridged(uint16_t bridge, VlanSettings vlan = {}) {
  PortModel m;
  m.runtime.present = true;
  m.runtime.attachment = Attachment::kBridge;
  m.runtime.bridge = bridge;
  m.vlan = vlan;
  m.rx_queues = 1;
  return m;
}

VlanSettings access(uint16_t tag) {
  return *make_vlan_settings("p", api::VlanConfig{"access", tag, "", 0});
}
VlanSettings trunk(const std::string& vlans, uint16_t native = 0) {
  return *make_vlan_settings("p", api::VlanConfig{"trunk", 0, vlans, native});
}

std::vector<uint16_t> flood_list(const Snapshot& s, uint16_t bridge, uint16_t vlan) {
  uint16_t index = s.bridges[bridge].flood_list_of_vlan[vlan];
  if (index == BridgeRuntime::kNoFloodList) return {};
  return s.bridges[bridge].flood_lists[index].entries;
}

TEST(SnapshotBuilder, FloodListsFollowVlanMembershipAndTagging) {
  DatapathModel model;
  model.bridges.resize(2);
  model.bridges[0].present = true;
  model.bridges[1].present = true;
  model.ports[0] = bridged(0, access(10));
  model.ports[1] = bridged(0, access(20));
  model.ports[2] = bridged(0, trunk("10,20,30", 30));
  model.ports[3] = bridged(0);      // default: trunk of all VLANs, untagged domain native
  model.ports[4] = bridged(1);      // another bridge
  auto s = build_snapshot(model);
  constexpr uint16_t T = FloodList::kTaggedBit;
  EXPECT_EQ(flood_list(*s, 0, 10), (std::vector<uint16_t>{0, 2 | T, 3 | T}));
  EXPECT_EQ(flood_list(*s, 0, 20), (std::vector<uint16_t>{1, 2 | T, 3 | T}));
  EXPECT_EQ(flood_list(*s, 0, 30), (std::vector<uint16_t>{2, 3 | T})) << "native: untagged";
  EXPECT_EQ(flood_list(*s, 0, 0), (std::vector<uint16_t>{3})) << "only the default trunk";
  EXPECT_EQ(flood_list(*s, 0, 40), (std::vector<uint16_t>{3 | T}));
  EXPECT_EQ(flood_list(*s, 1, 0), (std::vector<uint16_t>{4}));
  // 4095 VLANs of port 3 alone share one list instead of one each.
  EXPECT_LE(s->bridges[0].flood_lists.size(), 6u);
}

TEST(SnapshotBuilder, VhostQueuesArePolledOnlyWhenEnabledAndConnected) {
  DatapathModel model;
  model.ports[0].runtime.present = true;
  model.ports[0].runtime.kind = PortKind::kVhost;
  model.ports[0].runtime.vid = 3;
  model.ports[0].rx_queues = 4;
  model.ports[0].enabled_rx_queues = 0b0101;
  model.ports[1] = model.ports[0];
  model.ports[1].runtime.vid = -1;  // guest not connected
  model.assignment = {{{0, 0}, {0, 1}, {1, 0}}, {{0, 2}, {0, 3}, {0, 9}}};
  auto s = build_snapshot(model);
  EXPECT_EQ(s->pmds[0].rxqs, (std::vector<RxqRef>{{0, 0}}));
  EXPECT_EQ(s->pmds[1].rxqs, (std::vector<RxqRef>{{0, 2}}));
}

TEST(RxqScheduler, SpreadsByCountThenKeepsPlacements) {
  std::vector<PmdPlace> pmds = {{0, 0}, {1, 0}};
  std::vector<RxqDemand> demands;
  for (uint16_t q = 0; q < 4; ++q) demands.push_back({RxqRef{0, q}, 0, 0});
  auto first = place_rxqs(demands, pmds, {}, false);
  EXPECT_EQ(first[0].size(), 2u);
  EXPECT_EQ(first[1].size(), 2u);
  demands.push_back({RxqRef{1, 0}, 0, 0});
  auto second = place_rxqs(demands, pmds, first, false);
  for (size_t p = 0; p < 2; ++p) {
    for (const RxqRef& rxq : first[p]) {
      EXPECT_NE(std::find(second[p].begin(), second[p].end(), rxq), second[p].end())
          << "existing queues do not move without a rebalance";
    }
  }
}

TEST(RxqScheduler, RebalanceByCyclesAndNuma) {
  std::vector<PmdPlace> pmds = {{0, 0}, {1, 0}, {2, 1}};
  std::vector<RxqDemand> demands = {
      {RxqRef{0, 0}, 0, 900}, {RxqRef{0, 1}, 0, 800}, {RxqRef{0, 2}, 0, 100},
      {RxqRef{1, 0}, 1, 50},  {RxqRef{2, 0}, -1, 10}};
  Assignment current = {{{0, 0}, {0, 1}, {0, 2}}, {}, {{1, 0}, {2, 0}}};
  auto next = place_rxqs(demands, pmds, current, true);
  EXPECT_EQ(next[0], (std::vector<RxqRef>{{0, 0}}));
  EXPECT_EQ(next[1], (std::vector<RxqRef>{{0, 1}, {0, 2}}));
  EXPECT_EQ(next[2], (std::vector<RxqRef>{{1, 0}, {2, 0}})) << "node-1 queue stays on node 1";
}

TEST(RxqScheduler, QueueOfANodeWithoutPmdGoesAnywhere) {
  std::vector<PmdPlace> pmds = {{0, 0}};
  auto placed = place_rxqs({{RxqRef{0, 0}, 1, 0}}, pmds, {}, false);
  EXPECT_EQ(placed[0].size(), 1u);
}

}  // namespace
}  // namespace nfv::dp
