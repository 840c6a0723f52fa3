#include "nfv/host/sriov_capability.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

#include "nfv/common/strings.h"
#include "nfv/host/pci_device.h"

namespace nfv::host {
namespace {

Result<unsigned> read_count(const Sysfs& sysfs, const PciAddress& pf, const char* attribute) {
  auto text = sysfs.read(device_attr(pf, attribute));
  if (!text) return std::move(text).error();
  auto value = parse_uint(*text, fmt::format("{} of PF {}", attribute, pf.str()), 0, 0xffff);
  if (!value) return std::move(value).error();
  return static_cast<unsigned>(*value);
}

Result<uint16_t> read_vf_device_id(const Sysfs& sysfs, const PciAddress& pf) {
  auto text = sysfs.read(device_attr(pf, "sriov_vf_device"));
  if (!text) return std::move(text).error();
  // The kernel prints it as bare hex digits ("154c").
  auto id = parse_uint("0x" + *text, fmt::format("sriov_vf_device of PF {}", pf.str()), 0, 0xffff);
  if (!id) return std::move(id).error();
  return static_cast<uint16_t>(*id);
}

}  // namespace

Result<unsigned> read_sriov_total_vfs(const Sysfs& sysfs, const PciAddress& address) {
  auto text = sysfs.read(device_attr(address, "sriov_totalvfs"));
  if (!text) {
    if (text.error().code == ENOENT) return 0u;
    return std::move(text).error();
  }
  auto value = parse_uint(*text, fmt::format("sriov_totalvfs of {}", address.str()), 0, 0xffff);
  if (!value) return std::move(value).error();
  return static_cast<unsigned>(*value);
}

Result<SriovCapability> read_sriov_capability(const Sysfs& sysfs, const PciAddress& pf) {
  SriovCapability result;
  const std::pair<const char*, unsigned*> counts[] = {{"sriov_totalvfs", &result.total_vfs},
                                                      {"sriov_numvfs", &result.num_vfs},
                                                      {"sriov_offset", &result.offset},
                                                      {"sriov_stride", &result.stride}};
  for (const auto& [attribute, field] : counts) {
    auto value = read_count(sysfs, pf, attribute);
    if (!value) return std::move(value).error();
    *field = *value;
  }
  auto vf_device_id = read_vf_device_id(sysfs, pf);
  if (!vf_device_id) return std::move(vf_device_id).error();
  result.vf_device_id = *vf_device_id;
  if (sysfs.exists(device_attr(pf, "sriov_drivers_autoprobe"))) {
    auto autoprobe = sysfs.read(device_attr(pf, "sriov_drivers_autoprobe"));
    if (!autoprobe) return std::move(autoprobe).error();
    result.drivers_autoprobe = (*autoprobe != "0");
  }
  return result;
}

Result<std::vector<VirtfnLink>> read_virtfn_links(const Sysfs& sysfs, const PciAddress& pf) {
  auto entries = sysfs.list(device_path(pf));
  if (!entries) return std::move(entries).error();
  std::vector<VirtfnLink> links;
  for (const std::string& name : *entries) {
    if (!starts_with(name, "virtfn")) continue;
    auto index = parse_uint(name.substr(6), fmt::format("{} of PF {}", name, pf.str()));
    if (!index) return std::move(index).error();
    auto target = sysfs.link_name(device_attr(pf, name));
    if (!target) return std::move(target).error();
    auto vf = PciAddress::parse(*target);
    if (!vf) return std::move(vf).error();
    links.push_back({static_cast<unsigned>(*index), *vf});
  }
  std::sort(links.begin(), links.end());
  return links;
}

Result<std::optional<PciAddress>> read_physfn(const Sysfs& sysfs, const PciAddress& address) {
  auto physfn = sysfs.link_name(device_attr(address, "physfn"));
  if (!physfn) return std::move(physfn).error();
  if (physfn->empty()) return std::optional<PciAddress>();
  auto pf = PciAddress::parse(*physfn);
  if (!pf) return std::move(pf).error();
  return std::optional<PciAddress>(*pf);
}

}  // namespace nfv::host
