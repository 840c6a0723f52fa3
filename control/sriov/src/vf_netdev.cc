#include "nfv/sriov/vf_netdev.h"

#include <thread>

#include "nfv/host/pci_device.h"
#include "nfv/sriov/iommu_group.h"

namespace nfv::sriov {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(10);

struct Look {
  std::vector<std::string> names;
  std::optional<VfNetdev> settled;
};

// A rename between listing net/ and reading the attribute shows as a missing attribute of a
// netdev that is gone: nothing is settled then, and the next look sees the new name. A
// missing attribute of a netdev that is still there is an old kernel's.
Result<Look> look(const Sysfs& sysfs, const PciAddress& vf) {
  std::string net = host::device_attr(vf, "net");
  Look result;
  if (!sysfs.exists(net)) return result;
  auto names = sysfs.list(net);
  if (!names) return std::move(names).error();
  std::vector<std::optional<unsigned>> types;
  for (const std::string& name : *names) {
    auto type = sysfs.read_uint(net + "/" + name + "/name_assign_type", 255);
    if (!type && !sysfs.exists(net + "/" + name)) {
      result.names = std::move(*names);
      return result;  // renamed while we looked
    }
    types.push_back(type ? std::optional<unsigned>(static_cast<unsigned>(*type)) : std::nullopt);
  }
  result.settled = settled_netdev(*names, types);
  result.names = std::move(*names);
  return result;
}

}  // namespace

std::optional<VfNetdev> settled_netdev(const std::vector<std::string>& names,
                                       const std::vector<std::optional<unsigned>>& assign_types) {
  for (size_t i = 0; i < names.size() && i < assign_types.size(); ++i) {
    // No attribute at all: an old kernel, whose names are final as far as we can tell.
    if (!assign_types[i] || *assign_types[i] != kNetNameEnum) return VfNetdev{names[i], true};
  }
  return std::nullopt;
}

Result<VfNetdev> resolve_vf_netdev(const Sysfs& sysfs, const PciAddress& vf,
                                   std::chrono::milliseconds wait) {
  auto driver = host::read_driver(sysfs, vf);
  if (!driver) return std::move(driver).error();
  if (driver->empty() || *driver == kVfioPciDriver) {
    return make_error(
        "VF {} has no network interface: it is {}; bind it to its host VF driver "
        "(iavf, mlx5_core) to get one",
        vf.str(), driver->empty() ? "unbound" : "on vfio-pci");
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    auto seen = look(sysfs, vf);
    if (!seen) return std::move(seen).error();
    if (seen->settled) return *seen->settled;
    if (std::chrono::steady_clock::now() >= deadline) {
      if (!seen->names.empty()) return VfNetdev{seen->names.front(), false};
      return make_error(
          "VF {} on {} has no network interface after {} ms; check `dmesg` for "
          "{} errors",
          vf.str(), *driver, wait.count(), *driver);
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

}  // namespace nfv::sriov
