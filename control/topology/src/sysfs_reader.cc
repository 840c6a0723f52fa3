#include "nfv/topology/sysfs_reader.h"

#include "nfv/host/hugepages.h"
#include "nfv/host/pci_address.h"
#include "nfv/host/pci_device.h"
#include "nfv/host/sriov_capability.h"

namespace nfv::topology {
namespace {

void apply_sriov(PciDevice& device, const host::Sysfs& sysfs) {
  auto address = host::PciAddress::parse(device.bdf);
  if (!address || !sysfs.exists(host::device_path(*address))) return;
  if (auto pf = host::read_physfn(sysfs, *address); pf && *pf) {
    device.is_vf = true;
    device.physical_function = (*pf)->str();
    return;
  }
  if (device.kind != DeviceKind::kNic) return;
  auto total = host::read_sriov_total_vfs(sysfs, *address);
  device.sriov_total_vfs = total ? *total : 0;
}

}  // namespace

void apply_sysfs(Topology& topology, const host::Sysfs& sysfs) {
  for (auto& node : topology.numa_nodes) {
    if (auto pools = host::read_node_hugepages(sysfs, node.id)) node.hugepages = *pools;
  }
  for (auto& device : topology.pci_devices) apply_sriov(device, sysfs);
}

}  // namespace nfv::topology
