#include "nfv/sriov/vfio_checks.h"

#include <cerrno>
#include <thread>

#include "nfv/common/strings.h"
#include "nfv/sriov/iommu_group.h"

namespace nfv::sriov {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);

std::string holder_or_unknown(VfioGroups& vfio, unsigned group) {
  std::string holder = vfio.group_holder(group);
  return holder.empty() ? "another process (QEMU, a DPDK application)" : holder;
}

// The kernel says not viable while its node exists: sysfs tells which member is on a host
// driver, and the fix is named per device.
Error not_viable_error(const Sysfs& sysfs, unsigned group) {
  auto viability = check_group_viability(sysfs, group);
  if (!viability || viability->blockers.empty()) {
    return group_not_viable_error(sysfs.root(), group);
  }
  std::vector<std::string> culprits;
  std::vector<std::string> fixes;
  for (const GroupMember& member : viability->blockers) {
    culprits.push_back(fmt::format("{} is bound to {}", member.address.str(), member.driver));
    fixes.push_back(
        fmt::format("echo {} > {}", member.address.str(),
                    sysfs.path("bus/pci/drivers/" + member.driver + "/unbind").string()));
  }
  return make_error(
      "the kernel reports IOMMU group {} not viable (VFIO_GROUP_GET_STATUS; its /dev/vfio node "
      "exists): {}; every device of a group must be on vfio-pci or unbound, so unbind them "
      "({}) or bind them to vfio-pci too, or use a slot whose bridge has ACS",
      group, join(culprits, ", "), join(fixes, "; "));
}

// True when the group is held open; false when free or without a node.
Result<bool> group_held(VfioGroups& vfio, unsigned group) {
  auto status = vfio.group_status(group);
  if (!status) {
    if (status.error().code == ENOENT) return false;  // no node: nothing can hold it
    return std::move(status).error();
  }
  return *status == GroupStatus::kInUse;
}

}  // namespace

Status check_group_viable(VfioGroups& vfio, const Sysfs& sysfs, unsigned group) {
  auto status = vfio.group_status(group);
  if (!status) return std::move(status).error();
  switch (*status) {
    case GroupStatus::kViable:
      return {};
    case GroupStatus::kNotViable:
      return not_viable_error(sysfs, group);
    case GroupStatus::kInUse:
      break;
  }
  return make_error_code(EBUSY,
                         "IOMMU group {} is in use: {} holds its VFIO node; stop it or choose "
                         "another device",
                         group, holder_or_unknown(vfio, group));
}

Status wait_until_group_released(VfioGroups& vfio, const PciAddress& device, unsigned group,
                                 std::chrono::milliseconds wait, const Progress& progress) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  bool said = false;
  while (true) {
    auto held = group_held(vfio, group);
    if (!held) return std::move(held).error();
    if (!*held) return {};
    if (std::chrono::steady_clock::now() >= deadline) break;
    if (!said && progress) {
      progress(fmt::format("{}: waiting up to {} ms for {} to let go of IOMMU group {}",
                           device.str(), wait.count(), holder_or_unknown(vfio, group), group));
    }
    said = true;
    std::this_thread::sleep_for(kPollInterval);
  }
  return make_error_code(
      EBUSY,
      "{} cannot leave vfio-pci: its IOMMU group {} is held open by {}{}, and unbinding it "
      "would block until that process lets go; stop the guest or detach the device from it, "
      "then retry",
      device.str(), group, holder_or_unknown(vfio, group),
      wait.count() > 0 ? fmt::format(" (waited {} ms)", wait.count()) : "");
}

}  // namespace nfv::sriov
