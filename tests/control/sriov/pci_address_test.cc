#include "nfv/sriov/pci_address.h"

#include <gtest/gtest.h>

namespace nfv::sriov {
namespace {

TEST(PciAddress, ParsesAndFormats) {
  auto full = PciAddress::parse("0000:3B:02.1");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->domain, 0);
  EXPECT_EQ(full->bus, 0x3b);
  EXPECT_EQ(full->device, 2);
  EXPECT_EQ(full->function, 1);
  EXPECT_EQ(full->str(), "0000:3b:02.1");
  EXPECT_EQ(PciAddress::parse("af:00.2")->str(), "0000:af:00.2");
  EXPECT_EQ(PciAddress::parse(" 0001:00:1f.7\n")->str(), "0001:00:1f.7");
}

TEST(PciAddress, RejectsWithTheExpectedForm) {
  EXPECT_EQ(PciAddress::parse("3b:02").error().message,
            "PCI address '3b:02': missing '.function' (e.g. 0000:3b:02.0)");
  EXPECT_EQ(PciAddress::parse("0000:3b:20.0").error().message,
            "PCI address '0000:3b:20.0': field '20' is out of range");  // devices are 0..1f
  EXPECT_EQ(PciAddress::parse("0000:3b:02.8").error().message,
            "PCI address '0000:3b:02.8': field '8' is out of range");
  EXPECT_EQ(PciAddress::parse("0000:zz:02.0").error().message,
            "PCI address '0000:zz:02.0': 'zz' is not hexadecimal");
  EXPECT_EQ(PciAddress::parse("enp59s0f0").error().message,
            "PCI address 'enp59s0f0': expected DDDD:BB:DD.F (e.g. 0000:3b:02.0)");
  EXPECT_FALSE(PciAddress::parse("0000:3b:2.0"));
}

TEST(PciAddress, RoutingIdRoundTrip) {
  PciAddress a = *PciAddress::parse("0000:3b:02.3");
  EXPECT_EQ(a.routing_id(), 0x3b13);
  EXPECT_EQ(PciAddress::from_routing_id(0, 0x3b13), a);
  EXPECT_LT(*PciAddress::parse("0000:3b:00.0"), a);
}

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
