#include "nfv/sriov/discovery.h"

#include <algorithm>

#include "nfv/common/strings.h"

namespace nfv::sriov {

bool is_physical_function(const Sysfs& sysfs, const PciAddress& address) {
  auto value = host::read_sriov_total_vfs(sysfs, address);
  return value && *value > 0;
}

std::string PhysicalFunction::vf_vendor_device() const {
  return fmt::format("{:04x}:{:04x}", device.vendor, vf_device_id);
}

Result<PhysicalFunction> read_physical_function(const Sysfs& sysfs, const PciAddress& pf) {
  auto device = read_pci_device(sysfs, pf);
  if (!device) return std::move(device).error();
  if (!is_physical_function(sysfs, pf)) {
    return make_error(
        "{} ({}) is not an SR-IOV physical function (no sriov_totalvfs > 0); "
        "list PFs with `nfvctl vfs`",
        pf.str(), device->vendor_device());
  }
  auto sriov = host::read_sriov_capability(sysfs, pf);
  if (!sriov) return std::move(sriov).error();
  PhysicalFunction result{*sriov, std::move(*device), {}};
  auto links = host::read_virtfn_links(sysfs, pf);
  if (!links) return std::move(links).error();
  for (const auto& [index, address] : *links) {
    auto vf = read_pci_device(sysfs, address);
    if (!vf) return std::move(vf).error();
    result.vfs.push_back({index, std::move(*vf)});
  }
  return result;
}

Result<std::vector<PhysicalFunction>> discover_physical_functions(const Sysfs& sysfs) {
  auto names = sysfs.list("bus/pci/devices");
  if (!names) return std::move(names).error();
  std::vector<PhysicalFunction> pfs;
  for (const std::string& name : *names) {
    auto address = PciAddress::parse(name);
    if (!address || !is_physical_function(sysfs, *address)) continue;
    auto pf = read_physical_function(sysfs, *address);
    if (!pf) return std::move(pf).error();
    pfs.push_back(std::move(*pf));
  }
  std::sort(pfs.begin(), pfs.end(), [](const PhysicalFunction& a, const PhysicalFunction& b) {
    return a.device.address < b.device.address;
  });
  return pfs;
}

Result<VfLocation> locate_vf(const Sysfs& sysfs, const PciAddress& vf) {
  auto device = read_pci_device(sysfs, vf);
  if (!device) return std::move(device).error();
  if (!device->physfn) {
    return make_error(
        "{} is not an SR-IOV VF (no physfn link); give a VF address, see "
        "`nfvctl vfs`",
        vf.str());
  }
  auto links = host::read_virtfn_links(sysfs, *device->physfn);
  if (!links) return std::move(links).error();
  for (const auto& [index, address] : *links) {
    if (address == vf) return VfLocation{*device->physfn, index};
  }
  return make_error(
      "VF {} points to PF {} but the PF has no virtfn link to it; sysfs is "
      "changing (VFs being removed?), retry",
      vf.str(), device->physfn->str());
}

}  // namespace nfv::sriov
