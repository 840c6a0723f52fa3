#include "nfv/topology/sriov_inference.h"

#include <tuple>

namespace nfv::topology {
namespace {

bool same_slot(const PciDevice& a, const PciDevice& b) {
  return a.domain == b.domain && a.bus == b.bus && a.dev == b.dev;
}

bool same_parent(const PciDevice& a, const PciDevice& b) {
  if (a.pcie_path.size() != b.pcie_path.size()) return false;
  return a.pcie_path.empty() || a.pcie_path.back().id == b.pcie_path.back().id;
}

bool looks_like_slot_vf(const PciDevice& device, const Topology& topology) {
  if (device.kind != DeviceKind::kNic || !device.os_devices.empty()) return false;
  for (const auto& other : topology.pci_devices) {
    if (&other != &device && same_slot(other, device) && !other.netdev().empty() &&
        other.device_id != device.device_id) {
      return true;
    }
  }
  return false;
}

const PciDevice* find_pf(const PciDevice& vf, const Topology& topology) {
  const PciDevice* best = nullptr;
  auto rank = [&vf](const PciDevice& pf) {
    return std::make_tuple(!same_slot(pf, vf), pf.bus != vf.bus, pf.bdf);
  };
  for (const auto& pf : topology.pci_devices) {
    if (pf.is_vf || pf.kind != DeviceKind::kNic || !same_parent(pf, vf)) continue;
    if (best == nullptr || rank(pf) < rank(*best)) best = &pf;
  }
  return best;
}

}  // namespace

void infer_virtual_functions(Topology& topology) {
  std::vector<bool> vf(topology.pci_devices.size(), false);
  for (size_t i = 0; i < topology.pci_devices.size(); ++i) {
    const PciDevice& device = topology.pci_devices[i];
    vf[i] = device.is_vf ||
            (device.kind == DeviceKind::kNic &&
             is_known_vf_device(device.vendor_id, device.device_id)) ||
            looks_like_slot_vf(device, topology);
  }
  for (size_t i = 0; i < vf.size(); ++i) topology.pci_devices[i].is_vf = vf[i];
  for (auto& device : topology.pci_devices) {
    if (!device.is_vf || !device.physical_function.empty()) continue;
    if (const PciDevice* pf = find_pf(device, topology)) device.physical_function = pf->bdf;
  }
}

}  // namespace nfv::topology
