// The rtnetlink messages, byte by byte against layouts written out by hand from
// include/uapi/linux/{netlink,rtnetlink,if_link}.h, and the parsing of kernel replies.
#include <gtest/gtest.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <fstream>
#include <sstream>

#include "nfv/sriov/netlink_message.h"
#include "nfv/sriov/vf_netlink.h"

namespace nfv::sriov {
namespace {

// Little-endian wire bytes written out field by field (x86: netlink is host order).
class Wire {
 public:
  Wire& u8(unsigned v) { return push(v, 1); }
  Wire& u16(unsigned v) { return push(v, 2); }
  Wire& u32(uint64_t v) { return push(v, 4); }
  Wire& u64(uint64_t v) { return push(v, 8); }
  Wire& be16(unsigned v) {
    bytes.push_back(static_cast<uint8_t>(v >> 8));
    bytes.push_back(static_cast<uint8_t>(v));
    return *this;
  }
  Wire& text(const std::string& s) {
    bytes.insert(bytes.end(), s.begin(), s.end());
    return *this;
  }
  Wire& zeros(size_t n) {
    bytes.insert(bytes.end(), n, 0);
    return *this;
  }
  std::vector<uint8_t> bytes;

 private:
  Wire& push(uint64_t v, int size) {
    for (int i = 0; i < size; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
};

constexpr unsigned kNested = 0x8000;  // NLA_F_NESTED

// nlmsghdr + ifinfomsg addressed by name + IFLA_IFNAME "enp59s0f0", then the VFINFO list header
// of `list_length` bytes and one IFLA_VF_INFO of `info_length`.
Wire setlink_prefix(uint32_t total, uint32_t seq, unsigned list_length, unsigned info_length) {
  Wire w;
  w.u32(total).u16(RTM_SETLINK).u16(NLM_F_REQUEST | NLM_F_ACK).u32(seq).u32(0);
  w.u8(AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
  w.u16(14).u16(IFLA_IFNAME).text("enp59s0f0").zeros(1).zeros(2);
  w.u16(list_length).u16(IFLA_VFINFO_LIST | kNested);
  w.u16(info_length).u16(IFLA_VF_INFO | kNested);
  return w;
}

std::string hex(const std::vector<uint8_t>& bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i)
    out += fmt::format("{}{:02x}", i % 16 ? " " : "\n", bytes[i]);
  return out;
}

std::vector<uint8_t> read_hex_file(const std::string& name) {
  std::ifstream in(std::string(NFV_SRIOV_TEST_DATA) + "/" + name);
  std::vector<uint8_t> bytes;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string word;
    while (words >> word) bytes.push_back(static_cast<uint8_t>(std::stoul(word, nullptr, 16)));
  }
  return bytes;
}

TEST(VfNetlink, SetMac) {
  VfSettings s;
  s.mac = *parse_mac("52:54:00:12:34:56");
  Wire w = setlink_prefix(96, 5, 48, 44);
  w.u16(40).u16(IFLA_VF_MAC).u32(3).u8(0x52).u8(0x54).u8(0).u8(0x12).u8(0x34).u8(0x56).zeros(26);
  EXPECT_EQ(hex(build_set_vf_request(5, "enp59s0f0", 3, s)), hex(w.bytes));
}

TEST(VfNetlink, SetVlanWithQos) {
  VfSettings s;
  s.vlan = VfVlan{100, 5};
  Wire w = setlink_prefix(72, 1, 24, 20);
  w.u16(16).u16(IFLA_VF_VLAN).u32(2).u32(100).u32(5);
  EXPECT_EQ(hex(build_set_vf_request(1, "enp59s0f0", 2, s)), hex(w.bytes));
}

TEST(VfNetlink, Set8021adVlanUsesTheListWithItsProtocol) {
  VfSettings s;
  s.vlan = VfVlan{200, 1, kVlanProto8021AD};
  Wire w = setlink_prefix(80, 1, 32, 28);
  w.u16(24).u16(IFLA_VF_VLAN_LIST | kNested);
  w.u16(20).u16(IFLA_VF_VLAN_INFO).u32(0).u32(200).u32(1).be16(0x88a8).zeros(2);
  EXPECT_EQ(hex(build_set_vf_request(1, "enp59s0f0", 0, s)), hex(w.bytes));
}

TEST(VfNetlink, SetSpoofchkTrustLinkStateAndRateInKernelOrder) {
  VfSettings s;
  s.spoof_check = false;
  s.trust = true;
  s.link_state = VfLinkState::kDisable;
  s.rate = VfRate{100, 2500};
  Wire w = setlink_prefix(108, 9, 60, 56);
  w.u16(16).u16(IFLA_VF_RATE).u32(1).u32(100).u32(2500);
  w.u16(12).u16(IFLA_VF_SPOOFCHK).u32(1).u32(0);
  w.u16(12).u16(IFLA_VF_LINK_STATE).u32(1).u32(IFLA_VF_LINK_STATE_DISABLE);
  w.u16(12).u16(IFLA_VF_TRUST).u32(1).u32(1);
  EXPECT_EQ(hex(build_set_vf_request(9, "enp59s0f0", 1, s)), hex(w.bytes));
}

TEST(VfNetlink, GuidsTravelInTheirOwnVfInfo) {
  VfSettings s;
  s.node_guid = 0x0011223344556677;
  s.port_guid = 0x8899aabbccddeeff;
  Wire w = setlink_prefix(100, 2, 52, 24);
  // struct ifla_vf_guid { __u32 vf; __u64 guid; }: 4 bytes of padding after vf.
  w.u16(20).u16(IFLA_VF_IB_NODE_GUID).u32(4).zeros(4).u64(0x0011223344556677);
  w.u16(24).u16(IFLA_VF_INFO | kNested);
  w.u16(20).u16(IFLA_VF_IB_PORT_GUID).u32(4).zeros(4).u64(0x8899aabbccddeeff);
  EXPECT_EQ(hex(build_set_vf_request(2, "enp59s0f0", 4, s)), hex(w.bytes));
}

TEST(VfNetlink, GetLinkAsksForTheVfListWithoutStats) {
  Wire w;
  w.u32(56).u16(RTM_GETLINK).u16(NLM_F_REQUEST).u32(11).u32(0);
  w.u8(AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
  w.u16(14).u16(IFLA_IFNAME).text("enp59s0f0").zeros(3);
  w.u16(8).u16(IFLA_EXT_MASK).u32(RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
  EXPECT_EQ(hex(build_get_vfs_request(11, "enp59s0f0")), hex(w.bytes));
}

TEST(VfNetlink, ParsesARecordedReplyOfAPfWithVfs) {
  auto link = parse_get_vfs_reply(read_hex_file("getlink_i40e_2vfs_reply.hex"), "enp59s0f0");
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->ifname, "enp59s0f0");
  EXPECT_EQ(link->ifindex, 4);
  EXPECT_EQ(link->num_vfs, 2u);
  ASSERT_EQ(link->vfs.size(), 2u);
  const VfState& vf0 = link->vfs[0];
  EXPECT_EQ(vf0.index, 0u);
  EXPECT_EQ(format_mac(vf0.mac), "52:54:00:12:34:56");
  EXPECT_EQ(vf0.vlan, (VfVlan{100, 3, kVlanProto8021Q}));
  EXPECT_EQ(vf0.rate, (VfRate{0, 1000}));
  EXPECT_EQ(vf0.spoof_check, true);
  EXPECT_EQ(vf0.trust, false);
  EXPECT_EQ(vf0.link_state, VfLinkState::kEnable);
  EXPECT_FALSE(vf0.node_guid);
  const VfState& vf1 = link->vfs[1];
  EXPECT_EQ(vf1.index, 1u);
  EXPECT_EQ(vf1.vlan, (VfVlan{200, 0, kVlanProto8021AD}));
  EXPECT_EQ(vf1.spoof_check, std::nullopt);  // 0xffffffff: the driver does not say
  EXPECT_EQ(vf1.trust, std::nullopt);
  EXPECT_EQ(vf1.link_state, VfLinkState::kAuto);
}

TEST(VfNetlink, ParsesGuidsOfAnInfinibandVf) {
  auto link = parse_get_vfs_reply(read_hex_file("getlink_ib_1vf_reply.hex"), "ib0");
  ASSERT_TRUE(link) << link.error().message;
  ASSERT_EQ(link->vfs.size(), 1u);
  EXPECT_EQ(link->vfs[0].node_guid, 0x0011223344556677u);
  EXPECT_EQ(link->vfs[0].port_guid, 0x8899aabbccddeeffu);
}

TEST(VfNetlink, ParsesARealKernelReplyWithoutVfs) {
  auto link = parse_get_vfs_reply(read_hex_file("getlink_lo_reply.hex"), "lo");
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->ifname, "lo");
  EXPECT_EQ(link->ifindex, 1);
  EXPECT_EQ(link->num_vfs, std::nullopt);
  EXPECT_TRUE(link->vfs.empty());
}

TEST(VfNetlink, ErrorReplyAndTruncation) {
  Wire error;
  error.u32(36).u16(NLMSG_ERROR).u16(NLM_F_CAPPED).u32(3).u32(0);
  error.u32(static_cast<uint32_t>(-19));  // -ENODEV
  error.u32(16).u16(RTM_GETLINK).u16(NLM_F_REQUEST).u32(3).u32(0);
  auto link = parse_get_vfs_reply(error.bytes, "enp99s0");
  ASSERT_FALSE(link);
  EXPECT_EQ(link.error().code, 19);
  EXPECT_EQ(link.error().message, "link enp99s0: RTM_GETLINK failed: No such device");
  auto reply = read_hex_file("getlink_i40e_2vfs_reply.hex");
  reply.resize(100);
  auto truncated = parse_get_vfs_reply(reply, "enp59s0f0");
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("malformed netlink message (length 512)"),
            std::string::npos);
}

TEST(NetlinkMessage, AckCarriesTheExtendedAckText) {
  Wire w;
  w.u32(56).u16(NLMSG_ERROR).u16(NLM_F_CAPPED | NLM_F_ACK_TLVS).u32(8).u32(0);
  w.u32(static_cast<uint32_t>(-95));  // -EOPNOTSUPP
  w.u32(64).u16(RTM_SETLINK).u16(5).u32(8).u32(0);
  w.u16(17).u16(NLMSGERR_ATTR_MSG).text("not on ether").zeros(1).zeros(3);
  auto messages = netlink::split_messages(w.bytes);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1u);
  auto ack = netlink::parse_ack((*messages)[0]);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->error, 95);
  EXPECT_EQ(ack->message, "not on ether");
}

TEST(NetlinkMessage, AttributesAreAlignedAndBoundsChecked) {
  netlink::MessageBuilder builder(RTM_GETLINK, NLM_F_REQUEST, 1);
  uint8_t one = 1;
  builder.put(IFLA_OPERSTATE, one);
  builder.put_string(IFLA_IFNAME, "lo");
  auto bytes = std::move(builder).finish();
  ASSERT_EQ(bytes.size(), 16u + 8 + 8);
  auto attributes = netlink::parse_attributes(std::span(bytes).subspan(16));
  ASSERT_TRUE(attributes);
  ASSERT_EQ(attributes->size(), 2u);
  EXPECT_EQ((*attributes)[0].as<uint8_t>(), 1);
  EXPECT_EQ((*attributes)[0].payload.size(), 1u);
  EXPECT_EQ((*attributes)[1].as_string(), "lo");
  EXPECT_FALSE((*attributes)[1].as<uint32_t>());  // 3 bytes: too short
  bytes[16] = 200;                                // a length past the end
  auto broken = netlink::parse_attributes(std::span(bytes).subspan(16));
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message,
            "malformed netlink attribute (type 16, length 200) at offset 0 of 16 bytes");
}

}  // namespace
}  // namespace nfv::sriov
