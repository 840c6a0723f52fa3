// Builds the PMDs' Snapshot from the control side's model: a pure function, tested without
// DPDK. It resolves VLAN sets, precomputes one flood list per (bridge, VLAN) (identical
// lists shared), and keeps only the receive queues that can deliver (vhost: the guest enabled
// them and the device is up).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "nfv/dataplane/vlan_settings.h"
#include "nfv/fastpath/snapshot.h"

namespace nfv::dp {

struct PortModel {
  PortRuntime runtime;  // everything but `allowed` and `security` (set by the builder)
  VlanSettings vlan;
  uint16_t rx_queues = 0;            // queues the port offers (vhost: queue pairs configured)
  uint32_t enabled_rx_queues = ~0u;  // vhost: bit q set when the guest's tx ring q is enabled
  std::optional<PortRates> rates;    // policing and storm control, when configured

  // port security on: its anti-spoofing rules
  std::optional<PortSecurity> security;
};

struct BridgeModel {
  bool present = false;
  MacTableView mac_table;  // the bridge's table, as PMDs see it
};

struct DatapathModel {
  uint64_t generation = 0;
  std::array<PortModel, kMaxPorts> ports{};
  std::vector<BridgeModel> bridges;
  std::vector<std::vector<RxqRef>> assignment;  // per PMD id
};

std::unique_ptr<Snapshot> build_snapshot(const DatapathModel& model);

}  // namespace nfv::dp
