// Per-VF counters over rtnetlink: the request that asks for them, the rtnetlink double's
// IFLA_VF_STATS in the kernel's layout, exact parsing, hostile nests, kernels without the drop
// counters, and a VF's counters found from its PCI address.
#include "nfv/sriov/vf_counters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstring>

#include "fake_rtnetlink.h"
#include "host_fixture.h"
#include "nfv/sriov/netlink_message.h"
#include "nfv/sriov/vf_config.h"

namespace nfv::sriov {
namespace {

using netlink::Attribute;
using testing::FakeLink;
using testing::FakeRtnetlink;

const VfStats kBusyVf{1'000'001, 2'000'002, 64'000'064, 128'000'128, 33, 44, 5, 6};

// The attributes of `data`, or a test failure.
std::vector<Attribute> attributes_of(std::span<const uint8_t> data) {
  auto attributes = netlink::parse_attributes(data);
  EXPECT_TRUE(attributes) << attributes.error().message;
  return attributes ? *attributes : std::vector<Attribute>{};
}

const Attribute* find(const std::vector<Attribute>& attributes, uint16_t type) {
  for (const Attribute& attr : attributes) {
    if (attr.type == type) return &attr;
  }
  return nullptr;
}

// The IFLA_VF_INFO entries of an RTM_NEWLINK reply.
std::vector<Attribute> vf_infos(std::span<const uint8_t> reply) {
  auto messages = netlink::split_messages(reply);
  if (!messages || messages->empty()) return {};
  auto link = attributes_of((*messages)[0].payload.subspan(NLMSG_ALIGN(sizeof(ifinfomsg))));
  const Attribute* list = find(link, IFLA_VFINFO_LIST);
  return list == nullptr ? std::vector<Attribute>{} : attributes_of(list->payload);
}

uint32_t ext_mask_of(const std::vector<uint8_t>& request) {
  std::span<const uint8_t> bytes(request);
  auto attributes = attributes_of(bytes.subspan(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(ifinfomsg))));
  const Attribute* mask = find(attributes, IFLA_EXT_MASK);
  return mask == nullptr ? 0 : mask->as<uint32_t>().value_or(0);
}

// One counter as the kernel puts it: nla_len 12, the type, the u64 (x86: no padding attribute).
void put_counter(std::vector<uint8_t>& bytes, uint16_t type, uint64_t value) {
  nlattr header{12, type};
  const auto* h = reinterpret_cast<const uint8_t*>(&header);
  const auto* v = reinterpret_cast<const uint8_t*>(&value);
  bytes.insert(bytes.end(), h, h + sizeof header);
  bytes.insert(bytes.end(), v, v + sizeof value);
}

std::vector<uint8_t> stats_nest(const std::vector<std::pair<uint16_t, uint64_t>>& counters) {
  std::vector<uint8_t> bytes;
  for (const auto& [type, value] : counters) put_counter(bytes, type, value);
  return bytes;
}

TEST(VfCounters, TheRequestAsksForStatisticsOnlyWhenTold) {
  EXPECT_EQ(ext_mask_of(build_get_vfs_request(3, "enp59s0f0")),
            uint32_t{RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS});
  EXPECT_EQ(ext_mask_of(build_get_vfs_request(3, "enp59s0f0", VfStatsRequest::kSkip)),
            uint32_t{RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS});
  EXPECT_EQ(ext_mask_of(build_get_vfs_request(3, "enp59s0f0", VfStatsRequest::kInclude)),
            uint32_t{RTEXT_FILTER_VF});
}

// The double's IFLA_VF_STATS byte for byte as rtnl_fill_vfinfo writes it (if_link.h's enum
// order, u64 each, a nest without NLA_F_NESTED), last in its IFLA_VF_INFO.
TEST(VfCounters, TheDoubleReportsStatisticsInTheKernelsLayout) {
  FakeRtnetlink netlink;
  netlink.add_link("enp59s0f0", 7, 1).vfs[0].stats = kBusyVf;
  auto reply = netlink.exchange(build_get_vfs_request(1, "enp59s0f0", VfStatsRequest::kInclude));
  ASSERT_TRUE(reply) << reply.error().message;
  auto infos = vf_infos(*reply);
  ASSERT_EQ(infos.size(), 1u);
  auto entries = attributes_of(infos[0].payload);
  ASSERT_FALSE(entries.empty());
  const Attribute& stats = entries.back();
  EXPECT_EQ(stats.type, IFLA_VF_STATS);
  nlattr header;
  std::memcpy(&header, stats.payload.data() - NLA_HDRLEN, sizeof header);
  EXPECT_EQ(header.nla_type, IFLA_VF_STATS);  // no NLA_F_NESTED: nla_nest_start_noflag
  EXPECT_EQ(header.nla_len, NLA_HDRLEN + 8 * 12);
  std::vector<uint8_t> expected = stats_nest({{IFLA_VF_STATS_RX_PACKETS, 1'000'001},
                                              {IFLA_VF_STATS_TX_PACKETS, 2'000'002},
                                              {IFLA_VF_STATS_RX_BYTES, 64'000'064},
                                              {IFLA_VF_STATS_TX_BYTES, 128'000'128},
                                              {IFLA_VF_STATS_BROADCAST, 33},
                                              {IFLA_VF_STATS_MULTICAST, 44},
                                              {IFLA_VF_STATS_RX_DROPPED, 5},
                                              {IFLA_VF_STATS_TX_DROPPED, 6}});
  EXPECT_EQ(std::vector<uint8_t>(stats.payload.begin(), stats.payload.end()), expected);
}

TEST(VfCounters, ReadsEveryVfsCountersExactly) {
  FakeRtnetlink netlink;
  FakeLink& pf = netlink.add_link("enp59s0f0", 7, 3);
  pf.vfs[2].stats = kBusyVf;
  pf.vfs[2].mac = *parse_mac("52:54:00:00:00:02");
  auto vfs = read_vf_counters(netlink, "enp59s0f0");
  ASSERT_TRUE(vfs) << vfs.error().message;
  ASSERT_EQ(vfs->size(), 3u);
  // A VF whose driver keeps no counters: zeros, the drop counters present.
  EXPECT_EQ((*vfs)[0].stats, (VfStats{0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ((*vfs)[2].index, 2u);
  EXPECT_EQ(format_mac((*vfs)[2].mac), "52:54:00:00:00:02");
  EXPECT_EQ((*vfs)[2].stats, kBusyVf);
  EXPECT_EQ(netlink.requests.size(), 1u);
}

TEST(VfCounters, AKernelWithoutDropCountersLeavesThemUnset) {
  FakeRtnetlink netlink;
  FakeLink& pf = netlink.add_link("enp59s0f0", 7, 1);
  pf.stats_without_dropped = true;
  pf.vfs[0].stats = kBusyVf;
  auto vfs = read_vf_counters(netlink, "enp59s0f0");
  ASSERT_TRUE(vfs) << vfs.error().message;
  ASSERT_EQ(vfs->size(), 1u);
  ASSERT_TRUE((*vfs)[0].stats);
  EXPECT_EQ((*vfs)[0].stats->rx_packets, kBusyVf.rx_packets);
  EXPECT_EQ((*vfs)[0].stats->multicast, kBusyVf.multicast);
  EXPECT_FALSE((*vfs)[0].stats->rx_dropped);
  EXPECT_FALSE((*vfs)[0].stats->tx_dropped);
}

TEST(VfCounters, SettingsReadsStayWithoutStatistics) {
  FakeRtnetlink netlink;
  netlink.add_link("enp59s0f0", 7, 2).vfs[1].stats = kBusyVf;
  auto link = VfConfigurator(netlink).query("enp59s0f0");
  ASSERT_TRUE(link) << link.error().message;
  ASSERT_EQ(link->vfs.size(), 2u);
  EXPECT_FALSE(link->vfs[1].stats);
  auto reply = netlink.exchange(build_get_vfs_request(2, "enp59s0f0"));
  ASSERT_TRUE(reply) << reply.error().message;
  for (const Attribute& info : vf_infos(*reply)) {
    EXPECT_EQ(find(attributes_of(info.payload), IFLA_VF_STATS), nullptr);
  }
}

TEST(VfCounters, ParsesPaddingAndIgnoresUnknownCounters) {
  std::vector<uint8_t> bytes;
  nlattr pad{NLA_HDRLEN, IFLA_VF_STATS_PAD};  // what a kernel that aligns u64s inserts
  const auto* p = reinterpret_cast<const uint8_t*>(&pad);
  for (uint16_t type = IFLA_VF_STATS_RX_PACKETS; type <= IFLA_VF_STATS_MULTICAST; ++type) {
    bytes.insert(bytes.end(), p, p + sizeof pad);
    put_counter(bytes, type, 100u + type);
  }
  put_counter(bytes, 42, 7);  // a counter from a newer kernel
  auto stats = parse_vf_stats(bytes);
  ASSERT_TRUE(stats);
  EXPECT_EQ(*stats, (VfStats{100, 101, 102, 103, 104, 105, std::nullopt, std::nullopt}));
}

TEST(VfCounters, MalformedStatisticsAreLeftUnset) {
  std::vector<uint8_t> full = stats_nest({{IFLA_VF_STATS_RX_PACKETS, 1},
                                          {IFLA_VF_STATS_TX_PACKETS, 2},
                                          {IFLA_VF_STATS_RX_BYTES, 3},
                                          {IFLA_VF_STATS_TX_BYTES, 4},
                                          {IFLA_VF_STATS_BROADCAST, 5},
                                          {IFLA_VF_STATS_MULTICAST, 6}});
  ASSERT_TRUE(parse_vf_stats(full));
  for (size_t cut = 0; cut < full.size(); ++cut) {  // truncated anywhere
    EXPECT_FALSE(parse_vf_stats(std::span(full.data(), cut))) << "cut at " << cut;
  }
  std::vector<uint8_t> short_counter = full;
  uint16_t six = 6;  // a counter of 2 bytes
  std::memcpy(short_counter.data() + 12, &six, sizeof six);
  EXPECT_FALSE(parse_vf_stats(short_counter));
  std::vector<uint8_t> garbage(40, 0xff);
  EXPECT_FALSE(parse_vf_stats(garbage));
}

// A garbled IFLA_VF_STATS costs the counters of its VF, not the VF or the reply.
TEST(VfCounters, AGarbledNestInAReplyKeepsTheVf) {
  FakeRtnetlink netlink;
  FakeLink& pf = netlink.add_link("enp59s0f0", 7, 1);
  pf.vfs[0].stats = kBusyVf;
  pf.vfs[0].mac = *parse_mac("52:54:00:00:00:09");
  auto reply = netlink.exchange(build_get_vfs_request(1, "enp59s0f0", VfStatsRequest::kInclude));
  ASSERT_TRUE(reply) << reply.error().message;
  auto infos = vf_infos(*reply);
  ASSERT_EQ(infos.size(), 1u);
  auto attributes = attributes_of(infos[0].payload);  // kept: stats refers into it
  const Attribute& stats = attributes.back();
  ASSERT_EQ(stats.type, IFLA_VF_STATS);
  // The first counter's nla_len says 6: two bytes of counter.
  size_t offset = static_cast<size_t>(stats.payload.data() - reply->data());
  uint16_t six = 6;
  std::memcpy(reply->data() + offset, &six, sizeof six);
  auto link = parse_get_vfs_reply(*reply, "enp59s0f0");
  ASSERT_TRUE(link) << link.error().message;
  ASSERT_EQ(link->vfs.size(), 1u);
  EXPECT_EQ(format_mac(link->vfs[0].mac), "52:54:00:00:00:09");
  EXPECT_FALSE(link->vfs[0].stats);
}

TEST(VfCounters, AVfsCountersFromItsPciAddress) {
  testing::HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({testing::kX710, 2, false}));
  host.netlink.add_link("enp59s0f0", 7, 2).vfs[1].stats = kBusyVf;
  auto vf1 = manager.vf_counters(testing::kVf1);
  ASSERT_TRUE(vf1) << vf1.error().message;
  EXPECT_EQ(vf1->index, 1u);
  EXPECT_EQ(vf1->stats, kBusyVf);
  auto vf0 = manager.vf_counters(testing::kVf0);
  ASSERT_TRUE(vf0) << vf0.error().message;
  EXPECT_EQ(vf0->stats, (VfStats{0, 0, 0, 0, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace nfv::sriov
