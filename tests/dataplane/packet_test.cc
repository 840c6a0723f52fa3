// FDB keys: the fast path reads them straight from a frame's header with masked 8-byte
// loads; they must equal the keys the control plane builds from parsed MACs.
#include "nfv/fastpath/packet.h"

#include <gtest/gtest.h>

#include <array>

namespace nfv::dp {
namespace {

TEST(FdbKeys, FrameKeysEqualTheKeysOfTheParsedMacs) {
  // dst 02:11:22:33:44:55, src 0a:bb:cc:dd:ee:ff, EtherType 0x88b5, then payload.
  std::array<uint8_t, 20> frame = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x0a, 0xbb, 0xcc, 0xdd,
                                   0xee, 0xff, 0x88, 0xb5, 1,    2,    3,    4,    5,    6};
  const auto* eth = reinterpret_cast<const rte_ether_hdr*>(frame.data());
  const MacAddress dst = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
  const MacAddress src = {0x0a, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  for (uint16_t vlan : {0, 1, 100, 4094}) {
    EXPECT_EQ(frame_dst_key(vlan, eth), fdb_key(vlan, dst.data())) << "VLAN " << vlan;
    EXPECT_EQ(frame_src_key(vlan, eth), fdb_key(vlan, src.data())) << "VLAN " << vlan;
    EXPECT_EQ(fdb_key_vlan(frame_src_key(vlan, eth)), vlan);
  }
  EXPECT_EQ(fdb_key_mac(frame_dst_key(7, eth)), dst);
  EXPECT_EQ(fdb_key_mac(frame_src_key(7, eth)), src);
  EXPECT_EQ(fdb_key(0, dst.data()), 0x554433221102ULL) << "first octet least significant";
  EXPECT_NE(frame_src_key(1, eth), frame_src_key(2, eth)) << "VLANs are separate tables";
}

}  // namespace
}  // namespace nfv::dp
