// The state one planning run threads through its steps: the inputs, the resources still free,
// and the report being written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpu_pool.h"
#include "hugepage_budget.h"
#include "nfv/config/config.h"
#include "nfv/topology/model.h"
#include "nfv/topology/placement.h"
#include "vf_pool.h"

namespace nfv::topology::planner {

struct PortInfo {
  const config::PortConfig* port = nullptr;
  const PciDevice* device = nullptr;  // nullptr for a vdev, or a device not found
  std::vector<uint32_t> nodes;        // local nodes; empty: no locality (vdev)
};

struct PlanContext {
  PlanContext(const Topology& topology, const config::ApplianceConfig& config);

  const Topology& topology;
  const config::ApplianceConfig& config;
  CpuPool cpus;
  HugepageBudget memory;
  VfPool vfs;
  std::vector<PortInfo> ports;
  std::vector<bool> gpu_taken;  // by index into topology.pci_devices
  PlanReport report;

  void warn(std::string subject, std::string message, std::string cost);
  void short_of(std::string subject, std::string resource, std::string message);

  const PortInfo* find_port(std::string_view name) const;
  std::vector<uint32_t> pmd_nodes() const;  // ascending
  bool reserved(const PciDevice& device) const;
};

}  // namespace nfv::topology::planner
