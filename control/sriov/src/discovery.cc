#include "nfv/sriov/discovery.h"

#include <algorithm>

#include "nfv/common/strings.h"

namespace nfv::sriov {
namespace {

Result<unsigned> read_count(const Sysfs& sysfs, const PciAddress& pf, const char* attribute) {
  auto text = sysfs.read(device_attr(pf, attribute));
  if (!text) return std::move(text).error();
  auto value = parse_uint(*text, fmt::format("{} of PF {}", attribute, pf.str()), 0, 0xffff);
  if (!value) return std::move(value).error();
  return static_cast<unsigned>(*value);
}

// virtfnN entries of a PF directory, as (N, VF address), sorted by N.
Result<std::vector<std::pair<unsigned, PciAddress>>> virtfn_links(const Sysfs& sysfs,
                                                                  const PciAddress& pf) {
  auto entries = sysfs.list(device_path(pf));
  if (!entries) return std::move(entries).error();
  std::vector<std::pair<unsigned, PciAddress>> links;
  for (const std::string& name : *entries) {
    if (!starts_with(name, "virtfn")) continue;
    auto index = parse_uint(name.substr(6), fmt::format("{} of PF {}", name, pf.str()));
    if (!index) return std::move(index).error();
    auto target = sysfs.link_name(device_attr(pf, name));
    if (!target) return std::move(target).error();
    auto vf = PciAddress::parse(*target);
    if (!vf) return std::move(vf).error();
    links.emplace_back(static_cast<unsigned>(*index), *vf);
  }
  std::sort(links.begin(), links.end());
  return links;
}

}  // namespace

bool is_physical_function(const Sysfs& sysfs, const PciAddress& address) {
  auto total = sysfs.read(device_attr(address, "sriov_totalvfs"));
  if (!total) return false;
  auto value = parse_uint(*total, "sriov_totalvfs");
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
  PhysicalFunction result;
  result.device = std::move(*device);
  const std::pair<const char*, unsigned*> counts[] = {{"sriov_totalvfs", &result.total_vfs},
                                                      {"sriov_numvfs", &result.num_vfs},
                                                      {"sriov_offset", &result.offset},
                                                      {"sriov_stride", &result.stride}};
  for (const auto& [attribute, field] : counts) {
    auto value = read_count(sysfs, pf, attribute);
    if (!value) return std::move(value).error();
    *field = *value;
  }
  auto vf_device = sysfs.read(device_attr(pf, "sriov_vf_device"));
  if (!vf_device) return std::move(vf_device).error();
  auto vf_device_id =
      parse_uint("0x" + *vf_device, fmt::format("sriov_vf_device of PF {}", pf.str()), 0, 0xffff);
  if (!vf_device_id) return std::move(vf_device_id).error();
  result.vf_device_id = static_cast<uint16_t>(*vf_device_id);
  if (sysfs.exists(device_attr(pf, "sriov_drivers_autoprobe"))) {
    auto autoprobe = sysfs.read(device_attr(pf, "sriov_drivers_autoprobe"));
    if (!autoprobe) return std::move(autoprobe).error();
    result.drivers_autoprobe = (*autoprobe != "0");
  }
  auto links = virtfn_links(sysfs, pf);
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
  auto links = virtfn_links(sysfs, *device->physfn);
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
