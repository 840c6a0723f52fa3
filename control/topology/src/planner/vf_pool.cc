#include "vf_pool.h"

#include <fmt/format.h>

#include <algorithm>

#include "nfv/common/strings.h"

namespace nfv::topology::planner {
namespace {

bool named_in(const PciDevice& device, const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(),
                     [&device](const std::string& name) { return device.matches(name); });
}

std::string switch_port_using(const PciDevice& device, const config::ApplianceConfig& config) {
  for (const auto& port : config.ports) {
    if (!port.device.empty() && device.matches(port.device)) return port.name;
  }
  return "";
}

}  // namespace

std::vector<uint32_t> local_nodes(const PciDevice& device, const Topology& topology) {
  if (!device.numa_nodes.empty()) return device.numa_nodes;
  std::vector<uint32_t> all;
  for (const auto& node : topology.numa_nodes) all.push_back(node.id);
  return all;
}

bool is_local(const PciDevice& device, uint32_t node, const Topology& topology) {
  auto nodes = local_nodes(device, topology);
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

VfPool::VfPool(const Topology& topology, const config::ApplianceConfig& config)
    : topology_(topology) {
  for (const auto& device : topology.pci_devices) {
    if (device.kind != DeviceKind::kNic || device.is_vf) continue;
    PfSlot slot;
    slot.pf = &device;
    slot.nodes = local_nodes(device, topology);
    for (const auto& vf : topology.pci_devices) {
      if (vf.is_vf && vf.physical_function == device.bdf && switch_port_using(vf, config).empty()) {
        slot.existing_vfs.push_back(&vf);
      }
    }
    if (device.sriov_total_vfs) {
      slot.capacity = *device.sriov_total_vfs;
      slot.capacity_note = "sriov_totalvfs";
    } else if (!slot.existing_vfs.empty()) {
      slot.capacity = static_cast<uint32_t>(slot.existing_vfs.size());
      slot.capacity_note = "the VFs the topology shows";
    } else {
      slot.capacity = config.policy.assumed_vfs_per_pf;
      slot.capacity_note = "policy.assumed_vfs_per_pf";
    }
    if (slot.capacity == 0) continue;
    std::string port = switch_port_using(device, config);
    if (!port.empty()) {
      slot.excluded = fmt::format("switch port {}", port);
    } else if (named_in(device, config.host.reserved_devices)) {
      slot.excluded = "host.reserved_devices";
    }
    pfs_.push_back(std::move(slot));
  }
  std::stable_sort(pfs_.begin(), pfs_.end(),
                   [](const PfSlot& a, const PfSlot& b) { return a.pf->bdf < b.pf->bdf; });
}

PfSlot* VfPool::find(std::string_view name) {
  for (auto& slot : pfs_) {
    if (slot.pf->matches(name)) return &slot;
  }
  return nullptr;
}

std::vector<PfSlot*> VfPool::available() {
  std::vector<PfSlot*> out;
  for (auto& slot : pfs_) {
    if (slot.excluded.empty() && slot.free() > 0) out.push_back(&slot);
  }
  return out;
}

std::vector<uint32_t> VfPool::nodes_with_free_vfs() const {
  std::vector<uint32_t> nodes;
  for (const auto& slot : pfs_) {
    if (!slot.excluded.empty() || slot.free() == 0) continue;
    for (uint32_t node : slot.nodes) {
      if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) nodes.push_back(node);
    }
  }
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

VfAssignment VfPool::take(PfSlot& pf, const std::string& user, uint32_t guest_node) {
  VfAssignment vf;
  vf.pf_bdf = pf.pf->bdf;
  vf.pf_name = pf.name();
  vf.vf_index = pf.used;
  if (pf.used < pf.existing_vfs.size()) vf.vf_bdf = pf.existing_vfs[pf.used]->bdf;
  bool local = std::find(pf.nodes.begin(), pf.nodes.end(), guest_node) != pf.nodes.end();
  vf.numa_node = local ? guest_node : pf.nodes.front();
  ++pf.used;
  pf.users.push_back(user);
  return vf;
}

std::string VfPool::describe() const {
  if (pfs_.empty()) return "this machine has no SR-IOV capable NIC";
  std::vector<std::string> parts;
  for (const auto& slot : pfs_) {
    std::string note =
        slot.excluded.empty() ? "" : fmt::format(", not automatic: {}", slot.excluded);
    parts.push_back(fmt::format("{} on node {}: {}/{} used{}", slot.name(),
                                format_id_list(slot.nodes), slot.used, slot.capacity, note));
  }
  return join(parts, "; ");
}

}  // namespace nfv::topology::planner
