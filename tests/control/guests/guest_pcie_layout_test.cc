// Where an AI guest's GPUs and NIC VFs sit in the guest, and the NCCL topology file written
// from it: pairs sharing a host switch share a virtual one; the guest addresses are the ones
// firmware gives (depth-first bus numbers behind the lowest root-port slots).
#include "nfv/guests/guest_pcie_layout.h"

#include <gtest/gtest.h>

#include "nfv/guests/nccl_topology.h"

namespace nfv::guests {
namespace {

using Kind = GuestPciDevice::Kind;

// Two GPUs behind host switch 0000:33:00.0 with a VF each of the NIC there, one GPU whose NIC
// is not behind its switch, one GPU without a NIC.
std::vector<GpuDevice> mixed_gpus() {
  return {{"0000:34:00.0", "0000:35:00.2", "0000:33:00.0"},
          {"0000:36:00.0", "0000:35:00.3", "0000:33:00.0"},
          {"0000:b7:00.0", "0000:3a:00.2", ""},
          {"0000:e0:00.0", "", ""}};
}

TEST(GuestPcieLayout, PairsOfOneHostSwitchShareOneVirtualSwitch) {
  GuestPcieLayout layout = guest_pcie_layout(mixed_gpus());
  ASSERT_EQ(layout.groups.size(), 4u);
  const GuestPcieGroup& shared = layout.groups[0];
  EXPECT_TRUE(shared.has_switch);
  EXPECT_EQ(shared.host_switch, "0000:33:00.0");
  EXPECT_EQ(shared.root_port, 1u);
  EXPECT_EQ(shared.root_port_slot, 1u);
  EXPECT_EQ(shared.root_port_function, 0u);
  EXPECT_EQ(shared.upstream_port, 2u);
  EXPECT_EQ(shared.downstream_ports, (std::vector<uint32_t>{3, 4, 5, 6}));
  EXPECT_EQ(shared.switch_bdf(), "0000:01:00.0");
  ASSERT_EQ(shared.devices.size(), 4u);
  std::vector<std::pair<std::string, std::string>> placed;
  for (const auto& device : shared.devices)
    placed.emplace_back(device.host_bdf, device.guest_bdf());
  EXPECT_EQ(placed,
            (std::vector<std::pair<std::string, std::string>>{{"0000:34:00.0", "0000:03:00.0"},
                                                              {"0000:35:00.2", "0000:04:00.0"},
                                                              {"0000:36:00.0", "0000:05:00.0"},
                                                              {"0000:35:00.3", "0000:06:00.0"}}));
  EXPECT_EQ(shared.devices[1].kind, Kind::kNic);
}

TEST(GuestPcieLayout, DevicesNotCloseOnTheHostGetRootPortsOfTheirOwn) {
  GuestPcieLayout layout = guest_pcie_layout(mixed_gpus());
  ASSERT_EQ(layout.groups.size(), 4u);
  // The distant pair: GPU and NIC each behind a root port (PHB in the guest, as on the host).
  EXPECT_FALSE(layout.groups[1].has_switch);
  EXPECT_EQ(layout.groups[1].root_port, 7u);
  EXPECT_EQ(layout.groups[1].root_port_slot, 1u);
  EXPECT_EQ(layout.groups[1].root_port_function, 1u);
  EXPECT_EQ(layout.groups[1].devices.at(0).guest_bdf(), "0000:07:00.0");
  EXPECT_EQ(layout.groups[1].devices.at(0).kind, Kind::kGpu);
  EXPECT_EQ(layout.groups[2].devices.at(0).host_bdf, "0000:3a:00.2");
  EXPECT_EQ(layout.groups[2].devices.at(0).guest_bdf(), "0000:08:00.0");
  EXPECT_EQ(layout.groups[3].devices.at(0).host_bdf, "0000:e0:00.0");
  EXPECT_EQ(layout.groups[3].root_port_function, 3u);
  EXPECT_EQ(layout.controllers, 9u);
}

TEST(GuestPcieLayout, RootPortsFillEachSlotsEightFunctionsWithoutAGap) {
  std::vector<GpuDevice> gpus;
  for (int i = 0; i < 10; ++i) gpus.push_back({"0000:" + std::to_string(10 + i) + ":00.0", "", ""});
  GuestPcieLayout layout = guest_pcie_layout(gpus);
  ASSERT_EQ(layout.groups.size(), 10u);
  EXPECT_EQ(layout.groups[7].root_port_slot, 1u);
  EXPECT_EQ(layout.groups[7].root_port_function, 7u);
  EXPECT_EQ(layout.groups[8].root_port_slot, 2u);
  EXPECT_EQ(layout.groups[8].root_port_function, 0u);
  EXPECT_EQ(layout.groups[9].devices[0].guest_bdf(), "0000:0a:00.0");
}

TEST(GuestPcieLayout, NoGpuNoLayout) {
  GuestPcieLayout layout = guest_pcie_layout({});
  EXPECT_TRUE(layout.groups.empty());
  EXPECT_EQ(layout.controllers, 0u);
}

TEST(NcclTopology, NestsPairsUnderTheirSwitchAtGuestAddressesWithHostFacts) {
  GuestPcieLayout layout = guest_pcie_layout(mixed_gpus());
  PciFactsByAddress facts;
  facts["0000:33:00.0"] = {"0x060400", "0x10b5", "0x8764", "", "", "8.0 GT/s PCIe", "16"};
  facts["0000:34:00.0"] = {"0x030200", "0x10de",        "0x1db8", "0x10de",
                           "0x1249",   "8.0 GT/s PCIe", "16"};
  facts["0000:35:00.2"] = {"0x020700", "0x15b3", "0x1018", "", "", "8.0 GT/s PCIe", "16"};
  std::string xml = nccl_topology_xml(layout, facts);
  EXPECT_EQ(xml.find("<system version=\"1\">"), 0u) << xml;
  EXPECT_NE(xml.find("<cpu numaid=\"0\">"), std::string::npos);
  // The switch: guest upstream port address, the host switch's link.
  EXPECT_NE(xml.find("<pci busid=\"0000:01:00.0\" class=\"0x060400\" vendor=\"0x104c\" "
                     "device=\"0x8232\" link_speed=\"8.0 GT/s PCIe\" link_width=\"16\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<pci busid=\"0000:03:00.0\" class=\"0x030200\" vendor=\"0x10de\" "
                     "device=\"0x1db8\" subsystem_vendor=\"0x10de\" subsystem_device=\"0x1249\" "
                     "link_speed=\"8.0 GT/s PCIe\" link_width=\"16\"/>"),
            std::string::npos)
      << xml;
  // No host address appears: NCCL in the guest knows only guest addresses.
  for (const char* host : {"0000:34:00.0", "0000:35:00.2", "0000:33:00.0", "0000:b7:00.0"}) {
    EXPECT_EQ(xml.find(host), std::string::npos) << host << " in\n" << xml;
  }
  // The switch element closes after its four devices; the distant GPU is directly under cpu.
  size_t close = xml.find("</pci>");
  EXPECT_LT(xml.find("0000:06:00.0"), close);
  EXPECT_GT(xml.find("0000:07:00.0"), close);
}

TEST(NcclTopology, AValueNcclCannotReadIsLeftOut) {
  GuestPcieLayout layout = guest_pcie_layout({{"0000:34:00.0", "", ""}});
  PciFacts hostile{"0x030200", "0x10de\" busid=\"0000:00:00.0", "<x>", "&amp;", "", "", "16"};
  std::string xml = nccl_topology_xml(layout, {{"0000:34:00.0", hostile}});
  EXPECT_EQ(xml,
            "<system version=\"1\">\n"
            "  <cpu numaid=\"0\">\n"
            "    <pci busid=\"0000:01:00.0\" class=\"0x030200\" link_width=\"16\"/>\n"
            "  </cpu>\n"
            "</system>\n");
}

TEST(NcclTopology, ALinkTheKernelCouldNotTellIsLeftOut) {
  GuestPcieLayout layout = guest_pcie_layout({{"0000:34:00.0", "", ""}});
  PciFacts unknown{"0x030200", "0x10de", "0x1db8", "", "", "Unknown", "0"};
  std::string xml = nccl_topology_xml(layout, {{"0000:34:00.0", unknown}});
  EXPECT_EQ(xml.find("link_"), std::string::npos) << xml;
  EXPECT_NE(xml.find("device=\"0x1db8\"/>"), std::string::npos) << xml;
}

TEST(NcclTopology, FactsNamesWhatTheFileNeeds) {
  GuestPcieLayout layout = guest_pcie_layout(mixed_gpus());
  EXPECT_EQ(
      nccl_fact_addresses(layout),
      (std::vector<std::string>{"0000:33:00.0", "0000:34:00.0", "0000:35:00.2", "0000:36:00.0",
                                "0000:35:00.3", "0000:b7:00.0", "0000:3a:00.2", "0000:e0:00.0"}));
}

}  // namespace
}  // namespace nfv::guests
