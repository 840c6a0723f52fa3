// PCI addresses as sysfs spells them: parsing (full and short forms), formatting, ordering.
#include "nfv/host/pci_address.h"

#include <gtest/gtest.h>

namespace nfv::host {
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

TEST(PciAddress, TheFormsASwitchPortNames) {
  EXPECT_TRUE(PciAddress::parse("0000:3b:02.0"));
  EXPECT_TRUE(PciAddress::parse("3b:02.7"));
  EXPECT_TRUE(PciAddress::parse("0000:AF:00.1"));
  EXPECT_FALSE(PciAddress::parse("000:3b:02.0"));
  EXPECT_FALSE(PciAddress::parse("3b:2.0"));
  EXPECT_FALSE(PciAddress::parse("net_tap0"));
  EXPECT_FALSE(PciAddress::parse(""));
}

}  // namespace
}  // namespace nfv::host
