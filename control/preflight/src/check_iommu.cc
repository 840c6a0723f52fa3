// PCI devices given to DPDK or to guests (VFs, GPUs, NIC ports) need the IOMMU on and
// vfio-pci loaded.
#include <fmt/format.h>

#include "checks.h"
#include "nfv/common/strings.h"

namespace nfv::preflight {

void check_iommu(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out) {
  if (needs.passthrough.empty()) return;
  std::string users = join(needs.passthrough, ", ");
  if (facts.iommu_groups == 0) {
    std::string asked = facts.iommu_args.empty() ? "none" : facts.iommu_args;
    out.push_back({Severity::kError, "IOMMU",
                   fmt::format("off (no group in /sys/kernel/iommu_groups; IOMMU kernel "
                               "arguments: {}); needed by {}",
                               asked, users),
                   "",
                   "turn VT-d (Intel) or AMD-Vi on in the firmware, add intel_iommu=on iommu=pt "
                   "(Intel) or amd_iommu=on iommu=pt (AMD) to the kernel command line and reboot"});
  } else if (!facts.iommu_passthrough) {
    out.push_back({Severity::kWarning, "IOMMU",
                   fmt::format("on ({} groups) but not in passthrough mode (no iommu=pt)",
                               facts.iommu_groups),
                   "the host's own devices translate every DMA through the IOMMU: slower host "
                   "networking and storage",
                   "add iommu=pt to the kernel command line and reboot"});
  }
  if (!facts.vfio_pci) {
    out.push_back({Severity::kError, "vfio-pci",
                   "driver not loaded (no /sys/bus/pci/drivers/vfio-pci); needed by " + users, "",
                   "modprobe vfio-pci, and load it at boot: echo vfio-pci > "
                   "/etc/modules-load.d/vfio-pci.conf"});
  }
}

}  // namespace nfv::preflight
