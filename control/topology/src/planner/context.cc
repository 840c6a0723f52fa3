#include "context.h"

#include <algorithm>

namespace nfv::topology::planner {

PlanContext::PlanContext(const Topology& topology_in, const config::ApplianceConfig& config_in)
    : topology(topology_in),
      config(config_in),
      cpus(topology_in, config_in.policy.smt == config::SmtPolicy::kShare),
      memory(topology_in, config_in.host.reserved_memory_mb << 20),
      vfs(topology_in, config_in),
      gpu_taken(topology_in.pci_devices.size(), false) {
  report.placement.topology_source = topology.source;
  report.placement.config_origin = config.origin;
}

void PlanContext::warn(std::string subject, std::string message, std::string cost) {
  report.placement.warnings.push_back({std::move(subject), std::move(message), std::move(cost)});
}

void PlanContext::short_of(std::string subject, std::string resource, std::string message) {
  report.shortages.push_back({std::move(subject), std::move(resource), std::move(message)});
}

const PortInfo* PlanContext::find_port(std::string_view name) const {
  for (const auto& info : ports) {
    if (info.port->name == name) return &info;
  }
  return nullptr;
}

std::vector<uint32_t> PlanContext::pmd_nodes() const {
  std::vector<uint32_t> nodes;
  for (const auto& pmd : report.placement.pmds) nodes.push_back(pmd.numa_node);
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

bool PlanContext::reserved(const PciDevice& device) const {
  const auto& names = config.host.reserved_devices;
  return std::any_of(names.begin(), names.end(),
                     [&device](const std::string& name) { return device.matches(name); });
}

}  // namespace nfv::topology::planner
