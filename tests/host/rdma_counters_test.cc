// RDMA port counters of a PCI function from a sysfs tree: both counter directories, the data
// counters converted from 4-octet units to bytes, unreadable counters left out, no RDMA no ports.
#include "nfv/host/rdma_counters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sysfs_tree.h"

namespace nfv::host {
namespace {

using testing::SysfsTree;

PciAddress address(const char* text) { return *PciAddress::parse(text); }

TEST(RdmaCounters, PortCountersWithDataInBytes) {
  SysfsTree tree;
  tree.pci_device("0000:af:00.2", "15b3", "1018", "020000", "1", "mlx5_core");
  tree.rdma_port("0000:af:00.2", "mlx5_2", 1,
                 {{"port_rcv_packets", "1000"},
                  {"port_xmit_packets", "900"},
                  {"port_rcv_data", "16000"},
                  {"port_xmit_data", "14400"},
                  {"port_xmit_discards", "3"},
                  {"port_xmit_wait", "garbage"}},
                 {{"out_of_buffer", "7"}, {"rx_write_requests", "12"}});
  auto ports = read_rdma_port_counters(tree.sysfs(), address("0000:af:00.2"));
  ASSERT_TRUE(ports) << ports.error().message;
  ASSERT_EQ(ports->size(), 1u);
  const RdmaPortCounters& port = (*ports)[0];
  EXPECT_EQ(port.device, "mlx5_2");
  EXPECT_EQ(port.port, 1u);
  EXPECT_EQ(port.rx_packets, 1000u);
  EXPECT_EQ(port.tx_packets, 900u);
  EXPECT_EQ(port.rx_bytes, 64000u);  // 16000 units of 4 octets
  EXPECT_EQ(port.tx_bytes, 57600u);
  EXPECT_EQ(port.tx_discards, 3u);
  EXPECT_EQ(port.rx_dropped, 7u);
  EXPECT_EQ(port.counters.at("port_rcv_data"), 16000u);  // the raw counter as the kernel shows it
  EXPECT_EQ(port.counters.count("port_xmit_wait"), 0u);  // no number: left out
  EXPECT_EQ(port.hw_counters,
            (std::map<std::string, uint64_t>{{"out_of_buffer", 7}, {"rx_write_requests", 12}}));
}

TEST(RdmaCounters, EveryPortInOrderMissingCountersUnset) {
  SysfsTree tree;
  tree.pci_device("0000:af:00.0", "15b3", "1017", "020000", "1", "mlx5_core");
  tree.rdma_port("0000:af:00.0", "mlx5_0", 2, {{"port_rcv_packets", "5"}}, {});
  tree.rdma_port("0000:af:00.0", "mlx5_0", 1, {}, {});
  tree.write(SysfsTree::device_dir("0000:af:00.0") + "/infiniband/mlx5_0/ports/lid", "0");
  auto ports = read_rdma_port_counters(tree.sysfs(), address("0000:af:00.0"));
  ASSERT_TRUE(ports) << ports.error().message;
  ASSERT_EQ(ports->size(), 2u);
  EXPECT_EQ((*ports)[0].port, 1u);
  EXPECT_FALSE((*ports)[0].rx_packets);
  EXPECT_TRUE((*ports)[0].counters.empty());
  EXPECT_EQ((*ports)[1].port, 2u);
  EXPECT_EQ((*ports)[1].rx_packets, 5u);
  EXPECT_FALSE((*ports)[1].rx_bytes);
  EXPECT_FALSE((*ports)[1].rx_dropped);
}

TEST(RdmaCounters, ByteCountsWrapLikeTheCounters) {
  RdmaPortCounters port;
  port.counters["port_rcv_data"] = UINT64_MAX;  // the word counter one step before wrapping
  derive_rdma_totals(port);
  EXPECT_EQ(port.rx_bytes, UINT64_MAX - 3);  // 4 * (2^64 - 1) modulo 2^64
}

TEST(RdmaCounters, AFunctionWithoutRdmaHasNoPorts) {
  SysfsTree tree;
  tree.pci_device("0000:3b:02.0", "8086", "154c", "020000", "0", "iavf");
  auto ports = read_rdma_port_counters(tree.sysfs(), address("0000:3b:02.0"));
  ASSERT_TRUE(ports) << ports.error().message;
  EXPECT_TRUE(ports->empty());
}

TEST(RdmaCounters, AMissingFunctionIsNamed) {
  SysfsTree tree;
  tree.pci_device("0000:3b:02.0", "8086", "154c", "020000", "0", "iavf");
  auto ports = read_rdma_port_counters(tree.sysfs(), address("0000:3b:02.1"));
  ASSERT_FALSE(ports);
  EXPECT_THAT(ports.error().message, ::testing::HasSubstr("0000:3b:02.1"));
}

}  // namespace
}  // namespace nfv::host
