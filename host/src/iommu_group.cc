#include "nfv/host/iommu_group.h"

#include <fmt/format.h>

#include <algorithm>

#include "nfv/common/strings.h"
#include "nfv/host/pci_device.h"

namespace nfv::host {

Result<std::optional<unsigned>> read_iommu_group(const Sysfs& sysfs, const PciAddress& address) {
  auto group = sysfs.link_name(device_attr(address, "iommu_group"));
  if (!group) return std::move(group).error();
  if (group->empty()) return std::optional<unsigned>();
  auto number = parse_uint(*group, fmt::format("iommu_group of {}", address.str()));
  if (!number) return std::move(number).error();
  return std::optional<unsigned>(static_cast<unsigned>(*number));
}

Result<std::vector<unsigned>> read_iommu_group_ids(const Sysfs& sysfs) {
  auto names = sysfs.list_if_present("kernel/iommu_groups");
  if (!names) return std::move(names).error();
  std::vector<unsigned> groups;
  for (const std::string& name : *names) {
    if (auto group = parse_uint(name, "iommu group", 0, UINT32_MAX)) {
      groups.push_back(static_cast<unsigned>(*group));
    }
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

Result<std::vector<PciAddress>> read_iommu_group_devices(const Sysfs& sysfs, unsigned group) {
  auto names = sysfs.list(fmt::format("kernel/iommu_groups/{}/devices", group));
  if (!names) return std::move(names).error();
  std::vector<PciAddress> devices;
  for (const std::string& name : *names) {
    auto address = PciAddress::parse(name);
    if (!address) return std::move(address).error();
    devices.push_back(*address);
  }
  return devices;
}

}  // namespace nfv::host
