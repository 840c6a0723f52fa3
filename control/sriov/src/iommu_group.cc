#include "nfv/sriov/iommu_group.h"

#include <algorithm>

#include "nfv/common/strings.h"
#include "nfv/host/iommu_group.h"

namespace nfv::sriov {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

bool is_vfio_compatible_driver(std::string_view driver) {
  return driver.empty() || driver == kVfioPciDriver || driver == "pci-stub" ||
         ends_with(driver, "_vfio_pci") || ends_with(driver, "-vfio-pci");
}

Result<unsigned> iommu_group_of(const Sysfs& sysfs, const PciAddress& address) {
  auto group = host::read_iommu_group(sysfs, address);
  if (!group) return std::move(group).error();
  if (!*group) {
    if (!sysfs.exists(host::device_path(address))) {
      return make_error("PCI device {} not found under {}; check the address with `lspci -D`",
                        address.str(), sysfs.path("bus/pci/devices").string());
    }
    return make_error("{} has no IOMMU group: the IOMMU is off, so VFIO cannot isolate it; {}",
                      address.str(), kIommuFix);
  }
  return **group;
}

std::string GroupViability::explain() const {
  if (viable()) return fmt::format("IOMMU group {} is viable for VFIO", group);
  std::vector<std::string> parts;
  for (const GroupMember& member : blockers) {
    parts.push_back(member.address.str() + " is bound to " + member.driver);
  }
  return fmt::format(
      "IOMMU group {} is not viable for VFIO: {}; every device of a group must "
      "be on vfio-pci or unbound, so unbind those devices or bind them to "
      "vfio-pci too (or use a slot whose bridge has ACS, giving the device its "
      "own group)",
      group, join(parts, ", "));
}

Result<GroupViability> check_group_viability(const Sysfs& sysfs, unsigned group,
                                             const std::vector<PciAddress>& going_to_vfio) {
  auto devices = host::read_iommu_group_devices(sysfs, group);
  if (!devices) {
    return make_error("IOMMU group {} not found ({}); the device list changed, retry", group,
                      devices.error().message);
  }
  GroupViability result;
  result.group = group;
  for (const PciAddress& address : *devices) {
    GroupMember member;
    member.address = address;
    auto driver = host::read_driver(sysfs, address);
    if (!driver) return std::move(driver).error();
    member.driver = *driver;
    auto class_code = host::read_class_code(sysfs, address);
    member.bridge = class_code && (*class_code >> 8) == 0x0604;
    bool becomes_vfio = std::find(going_to_vfio.begin(), going_to_vfio.end(), member.address) !=
                        going_to_vfio.end();
    if (!becomes_vfio && !member.bridge && !is_vfio_compatible_driver(member.driver)) {
      result.blockers.push_back(member);
    }
    result.members.push_back(std::move(member));
  }
  return result;
}

}  // namespace nfv::sriov
