// IOMMU group viability of the AI guests' GPUs and NICs: VFIO hands a guest whole groups, so
// every other member must be a bridge, unbound, on a VFIO driver, or given to the same guest.
#include <fmt/format.h>

#include <algorithm>

#include "check_pcie.h"
#include "nfv/common/strings.h"
#include "nfv/sriov/iommu_group.h"

namespace nfv::preflight {
namespace {

constexpr const char* kGroupFix =
    "unbind the member(s) from their host driver (echo BDF > /sys/bus/pci/devices/BDF/driver/"
    "unbind) or give the guest the whole group; to split the group, enable ACS (\"PCIe ACS\") "
    "in the firmware setup for the bridges named; last resort, on a kernel that carries the ACS "
    "override patch only (mainline does not): pcie_acs_override=downstream,multifunction, which "
    "gives up the isolation between those devices";

bool has(const std::vector<std::string>& bdfs, const std::string& bdf) {
  return std::find(bdfs.begin(), bdfs.end(), bdf) != bdfs.end();
}

// "given to guest X" or "bound to <driver>" for a member the guest cannot share; empty if fine.
std::string blocker_reason(const Requirements& needs, const std::string& guest,
                           const PcieFunction& member) {
  for (const GuestDevices& devices : needs.guest_devices) {
    if (!has(devices.bdfs, member.bdf)) continue;
    if (devices.guest == guest) return "";
    return "given to guest " + devices.guest;
  }
  if (member.bridge || sriov::is_vfio_compatible_driver(member.driver)) return "";
  return "bound to the host driver " + member.driver;
}

std::string explain_sharing(const PciePath& path) {
  std::vector<std::string> causes;
  for (const PcieFunction* bridge : unisolating_bridges(path)) {
    causes.push_back(fmt::format("{} has {}", bridge_name(*bridge), acs_gap(*bridge)));
  }
  if (causes.empty()) return "";
  return "; the likely cause: " + join(causes, " and ");
}

// "BDF is <why>" for each member of the group the guest cannot be given along with `given`
// (skipped; "" for none); `pf`, when a member, is named as the PF.
std::vector<std::string> group_blockers(const Requirements& needs, const std::string& guest,
                                        const PciePath& path, const std::string& given,
                                        const std::string& pf = "") {
  std::vector<std::string> blockers;
  for (const PcieFunction& member : path.group_members) {
    if (member.bdf == given) continue;
    std::string reason = blocker_reason(needs, guest, member);
    if (reason.empty()) continue;
    blockers.push_back(member.bdf + " is " + (member.bdf == pf ? "its PF, " : "") + reason);
  }
  return blockers;
}

void check_group(const Requirements& needs, const GpuNicPair& pair, const std::string& what,
                 const PciePath& path, std::vector<Finding>& out) {
  std::vector<std::string> blockers = group_blockers(needs, pair.guest, path, path.device.bdf);
  if (blockers.empty()) return;
  out.push_back(
      {Severity::kError, pair_subject(pair),
       fmt::format("IOMMU group {} of {} {} cannot be given to guest {}: {}{}", *path.iommu_group,
                   what, path.device.bdf, pair.guest, join(blockers, ", "), explain_sharing(path)),
       "", kGroupFix});
}

// A VF the apply creates sits beside its PF and walks the same path up: the kernel puts it in
// the group of the bridge above exactly when it put the PF there (pci_device_group). That group
// holds the PF, whose host driver then keeps it from the guest.
bool shares_parents_group(const PciePath& pf) {
  if (!pf.iommu_group || pf.bridges.empty()) return false;
  const std::string& parent = pf.bridges.back().bdf;
  return std::any_of(pf.group_members.begin(), pf.group_members.end(),
                     [&](const PcieFunction& member) { return member.bdf == parent; });
}

void check_pending_vf_group(const Requirements& needs, const GpuNicPair& pair, const PciePath& pf,
                            std::vector<Finding>& out) {
  if (!shares_parents_group(pf)) return;
  // The VF is not in the tree yet, and its PF is none of the guest's devices.
  std::vector<std::string> blockers = group_blockers(needs, pair.guest, pf, "", pf.device.bdf);
  if (blockers.empty()) return;
  out.push_back(
      {Severity::kError, pair_subject(pair),
       fmt::format("the VF of NIC {} that the apply creates would join IOMMU group {}, which "
                   "cannot be given to guest {}: {}{}",
                   pf.device.bdf, *pf.iommu_group, pair.guest, join(blockers, ", "),
                   explain_sharing(pf)),
       "",
       "enable ACS (\"PCIe ACS\") in the firmware setup for the bridges named, so that each VF "
       "gets a group of its own; or pair the GPU with a NIC whose path has ACS (a different "
       "sriov[] PF)"});
}

}  // namespace

void check_pcie_groups(const PcieFacts& facts, const Requirements& needs, const GpuNicPair& pair,
                       std::vector<Finding>& out) {
  const PciePath* gpu = facts.find(pair.gpu_bdf);
  const PciePath* nic =
      pair.nic_bdf.empty() || pair.vf_pending ? nullptr : facts.find(pair.nic_bdf);
  // No iommu_group link: the IOMMU check says the IOMMU is off.
  if (gpu && gpu->iommu_group) check_group(needs, pair, "GPU", *gpu, out);
  if (pair.vf_pending) {
    if (const PciePath* pf = facts.find(pair.pf_bdf)) check_pending_vf_group(needs, pair, *pf, out);
  }
  if (nic && nic->iommu_group && !(gpu && gpu->iommu_group == nic->iommu_group)) {
    check_group(needs, pair, "NIC", *nic, out);
  }
}

}  // namespace nfv::preflight
