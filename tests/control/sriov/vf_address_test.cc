#include "nfv/sriov/vf_address.h"

#include <gtest/gtest.h>

namespace nfv::sriov {
namespace {

TEST(PciAddress, VfAddressesFromOffsetAndStride) {
  PciAddress x710 = *PciAddress::parse("0000:3b:00.0");
  EXPECT_EQ(vf_address(x710, 16, 1, 0)->str(), "0000:3b:02.0");  // README's example
  EXPECT_EQ(vf_address(x710, 16, 1, 7)->str(), "0000:3b:02.7");
  PciAddress cx5 = *PciAddress::parse("0000:af:00.0");
  EXPECT_EQ(vf_address(cx5, 2, 1, 6)->str(), "0000:af:01.0");
  EXPECT_EQ(vf_address(cx5, 2, 2, 3)->str(), "0000:af:01.0");
  // VFs may land on the next bus numbers: 0x3b01 + 0x80 + 0x60 * 2 = 0x3c41.
  EXPECT_EQ(vf_address(*PciAddress::parse("0000:3b:00.1"), 0x80, 2, 0x60)->str(), "0000:3c:08.1");
  auto overflow = vf_address(*PciAddress::parse("0000:ff:00.0"), 0x100, 1, 0);
  ASSERT_FALSE(overflow);
  EXPECT_EQ(overflow.error().message,
            "PF 0000:ff:00.0: VF 0 would sit past bus ff (offset 256, stride 1); the PF reports "
            "an impossible SR-IOV layout");
}

}  // namespace
}  // namespace nfv::sriov
