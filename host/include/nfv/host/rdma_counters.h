// The hardware counters of an RDMA device's ports, where a PCI function has one (an RDMA-capable
// VF given to an AI guest): <device>/infiniband/<ibdev>/ports/<n>/counters/* (the InfiniBand
// port counters) and hw_counters/* (the driver's own). A guest on such a VF bypasses the
// switch; these counters are its packets, bytes and drops.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/pci_address.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

struct RdmaPortCounters {
  std::string device;  // the RDMA device's name: "mlx5_2"
  unsigned port = 0;   // 1-based, as sysfs numbers them
  // Every readable counter as the kernel names it. port_rcv_data and port_xmit_data count
  // units of 4 octets (InfiniBand's PortRcvData/PortXmitData), here as the kernel shows them.
  std::map<std::string, uint64_t> counters;
  std::map<std::string, uint64_t> hw_counters;

  // In the units the rest of the telemetry uses; nullopt when the device has no such counter.
  std::optional<uint64_t> rx_packets;   // port_rcv_packets
  std::optional<uint64_t> tx_packets;   // port_xmit_packets
  std::optional<uint64_t> rx_bytes;     // port_rcv_data * 4
  std::optional<uint64_t> tx_bytes;     // port_xmit_data * 4
  std::optional<uint64_t> tx_discards;  // port_xmit_discards
  // hw_counters/out_of_buffer (mlx5): packets dropped because the receiver posted no buffer.
  std::optional<uint64_t> rx_dropped;
};

// The derived fields of `port` from its counter maps (pure). The byte counts wrap modulo 2^64
// like the counters they come from, so differences between samples stay exact.
void derive_rdma_totals(RdmaPortCounters& port);

// Every port of every RDMA device of the PCI function `device` under the sysfs root, by device
// name then port. A function without RDMA has none (empty, not an error); a counter that cannot
// be read or holds no number is left out (some devices refuse reads of counters they lack).
// An error when the function itself is not in sysfs.
Result<std::vector<RdmaPortCounters>> read_rdma_port_counters(const Sysfs& sysfs,
                                                              const PciAddress& device);

}  // namespace nfv::host
